// The drafts page: the person's own drafts, and those waiting for their approval.

import Fluent
import StewardCore
import Vapor

extension DraftController {
    func index(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let mine = try await Draft.query(on: req.db).inSchool(of: actor).filter(\.$authorID == actor.personID)
            .filter(\.$state != .published).sort(\.$updatedAt, .descending).all()
        let waiting = try await Self.waitingFor(actor, on: req.db)
        let toPost = try await Self.waitingFor(actor, in: .approved, on: req.db)
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "withdrawn": "The draft was withdrawn."
            default: nil
            }
        let content = ListContent(
            mine: try await rows(mine, on: req.db), waiting: try await rows(waiting, on: req.db),
            toPost: try await rows(toPost, on: req.db),
            canSeeArchive: AccessPolicy.can(actor, .viewPostArchive) == .allowed,
            canManageScreening: AccessPolicy.can(actor, .manageScreening) == .allowed)
        return try await req.page("posts/index", title: "Posts", content, notice: notice)
    }

    /// Drafts of the actor's school waiting for an approval the actor may give: not their own, and for accounts
    /// they administer (every account of the draft), or any when they are the headteacher.
    static func waitingFor(
        _ actor: Actor, in state: DraftState = .awaitingApproval, on db: any Database
    ) async throws -> [Draft] {
        guard AccessPolicy.can(actor, .reviewDrafts) == .allowed else { return [] }
        let isHeadteacher = actor.roles.contains(.headteacher)
        let administers = try await Drafts.administered(by: actor.personID, in: actor.schoolID, on: db)
        let waiting = try await Draft.query(on: db).inSchool(of: actor).filter(\.$state == state)
            .filter(\.$authorID != actor.personID).sort(\.$submittedAt).all()
        guard !waiting.isEmpty else { return [] }
        let accounts = try await Drafts.accountIDs(of: waiting, on: db)
        return waiting.filter { draft in
            DraftRules.mayReview(
                isHeadteacher: isHeadteacher, administers: administers, accounts: accounts[draft.id ?? UUID()] ?? [])
        }
    }

    /// The approved drafts `actor` may post (policy 4.8: an administrator of every account a draft is for), their
    /// own among them, oldest approval first.
    static func toPost(by actor: Actor, on db: any Database) async throws -> [Draft] {
        let administers = try await Drafts.administered(by: actor.personID, in: actor.schoolID, on: db)
        guard !administers.isEmpty else { return [] }
        let approved = try await Draft.query(on: db).inSchool(of: actor).filter(\.$state == .approved)
            .sort(\.$submittedAt).all()
        guard !approved.isEmpty else { return [] }
        let accounts = try await Drafts.accountIDs(of: approved, on: db)
        return approved.filter {
            DraftRules.mayPost(administers: administers, accounts: accounts[$0.id ?? UUID()] ?? [])
        }
    }

    func rows(_ drafts: [Draft], on db: any Database) async throws -> [DraftRow] {
        guard !drafts.isEmpty else { return [] }
        let byDraft = try await Drafts.accountIDs(of: drafts, on: db)
        let accounts = try await OfficialAccount.query(on: db).filter(\.$id ~~ Set(byDraft.values.joined())).all()
        let authors = try await Person.query(on: db).filter(\.$id ~~ Set(drafts.map(\.authorID))).all()
        return drafts.map { draft in
            let mine = byDraft[draft.id ?? UUID()] ?? []
            return DraftRow(
                id: draft.id?.uuidString ?? "", opening: Self.opening(draft.text),
                accounts: accounts.filter { mine.contains($0.id ?? UUID()) }.map(\.title).sorted()
                    .joined(separator: ", "),
                author: authors.first { $0.id == draft.authorID }?.fullName ?? "",
                sent: Display.date(draft.submittedAt),
                state: draft.state.title, stateKey: draft.state.rawValue, updated: Display.time(draft.updatedAt),
                intendedOn: draft.intendedOn.flatMap(CalendarDate.init(parsing:))?.longForm ?? "")
        }
    }

    /// The first words of a post, for lists.
    static func opening(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 80 ? String(line.prefix(80)) + "…" : line
    }

    struct DraftRow: Encodable, Sendable {
        var id: String
        var opening: String
        var accounts: String
        var author: String
        var sent: String
        var state: String
        var stateKey: String
        var updated: String
        var intendedOn: String
    }

    struct ListContent: Encodable, Sendable {
        var mine: [DraftRow]
        var waiting: [DraftRow]
        /// Approved drafts of others for accounts the person runs: theirs to post too (4.8).
        var toPost: [DraftRow]
        var canSeeArchive: Bool
        var canManageScreening: Bool
    }
}
