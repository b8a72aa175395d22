// Finding a draft as the person asking may see it, with everything that makes up its content.

import Fluent
import Foundation
import StewardCore
import Vapor

enum Drafts {
    /// The draft named by the route, if the actor may see it: its author always; once sent for approval, the
    /// headteacher and the administrators of its accounts. Anyone else: not found.
    static func find(_ req: Request, for action: Action) async throws -> DraftFile {
        let (actor, _) = try req.requireActor()
        let draft = try await req.record(Draft.self, "draftID", for: action)
        guard let file = try await load(draft, for: actor, on: req.db) else { throw Abort(.notFound) }
        return file
    }

    /// Everything about `draft` as `actor` may see it, or nil when they may not see it at all.
    static func load(_ draft: Draft, for actor: Actor, on db: any Database) async throws -> DraftFile? {
        let draftID = try draft.requireID()
        let links = try await DraftAccount.query(on: db).filter(\.$draftID == draftID).all()
        let accounts = try await OfficialAccount.query(on: db).inSchool(draft.schoolID)
            .filter(\.$id ~~ Set(links.map(\.accountID))).sort(\.$platform).sort(\.$handle).all()
        let roles = actor.rolesBySchool[draft.schoolID] ?? []
        let isHeadteacher = roles.contains(.headteacher)
        let administers = try await administered(by: actor.personID, in: draft.schoolID, on: db)
        let isAuthor = draft.authorID == actor.personID
        let accountIDs = Set(accounts.compactMap(\.id))
        let involved = isHeadteacher || !administers.isDisjoint(with: accountIDs)
        // Once sent for approval, never before: a draft withdrawn while still being written stays its author's.
        guard isAuthor || (draft.submittedAt != nil && involved) else { return nil }
        let images = try await DraftImage.query(on: db).filter(\.$draftID == draftID).sort(\.$position).all()
        let approval = try await DraftReview.query(on: db).filter(\.$draftID == draftID)
            .filter(\.$decision == .approved).filter(\.$voidedAt == nil).sort(\.$createdAt, .descending).first()
        return DraftFile(
            draft: draft, accounts: accounts, images: images, approval: approval, isAuthor: isAuthor,
            mayReview: !isAuthor
                && DraftRules.mayReview(isHeadteacher: isHeadteacher, administers: administers, accounts: accountIDs),
            mayPost: DraftRules.mayPost(administers: administers, accounts: accountIDs), isHeadteacher: isHeadteacher)
    }

    /// The draft as it is now, read again inside a write: every write queues on the audit log's lock, so what is
    /// read here cannot change before the write commits. `allowed` says whether the step may still be taken.
    static func current(
        _ file: DraftFile, for actor: Actor, on db: any Database, _ allowed: (DraftFile) -> Bool
    ) async throws -> DraftFile {
        guard let draft = try await Draft.query(on: db).inSchool(file.draft.schoolID).filter(\.$id == file.id).first(),
            let fresh = try await load(draft, for: actor, on: db), allowed(fresh)
        else { throw DraftChanged() }
        return fresh
    }

    /// The accounts each of `drafts` is for, by draft id: one query, however many drafts.
    static func accountIDs(of drafts: [Draft], on db: any Database) async throws -> [UUID: Set<UUID>] {
        let ids = drafts.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        var byDraft: [UUID: Set<UUID>] = [:]
        for link in try await DraftAccount.query(on: db).filter(\.$draftID ~~ ids).all() {
            byDraft[link.draftID, default: []].insert(link.accountID)
        }
        return byDraft
    }

    /// Those named to run every one of `accounts` (none when there are none): who alone may post a draft for them
    /// (policy 4.8, `DraftRules.mayPost`).
    static func posters(of accounts: Set<UUID>, in schoolID: UUID, on db: any Database) async throws -> Set<UUID> {
        guard !accounts.isEmpty else { return [] }
        let links = try await AccountAdministrator.query(on: db).inSchool(schoolID).filter(\.$accountID ~~ accounts)
            .all()
        return Set(
            Dictionary(grouping: links, by: \.personID).filter { Set($0.value.map(\.accountID)) == accounts }.keys)
    }

    /// The accounts of `schoolID` that `personID` is named to run.
    static func administered(by personID: UUID, in schoolID: UUID, on db: any Database) async throws -> Set<UUID> {
        Set(
            try await AccountAdministrator.query(on: db).inSchool(schoolID).filter(\.$personID == personID).all()
                .map(\.accountID))
    }

    /// Recomputes the stored digest after a change, voiding an approval it no longer matches; inside a write.
    static func changed(_ file: DraftFile, why: String, on db: any Database, audit: AuditWriter) async throws {
        let draft = file.draft
        draft.digest = file.content.digest
        draft.updatedAt = Date()
        if let next = DraftRules.next(draft.state, .edit) {
            if draft.state == .approved { try await void(file, reason: "edited: \(why)", on: db, audit: audit) }
            draft.state = next
        }
        try await draft.update(on: db)
    }

    /// Ends the approval in force, if any.
    static func void(_ file: DraftFile, reason: String, on db: any Database, audit: AuditWriter) async throws {
        guard let approval = file.approval, approval.voidedAt == nil else { return }
        approval.voidedAt = Date()
        approval.voidReason = reason
        try await approval.update(on: db)
        try await audit.append(
            "draft.approval_voided", target: "draft:\(file.id.uuidString)", schoolID: file.draft.schoolID,
            details: ["reason": reason])
    }
}
