// One account: where it is, what it is for, who runs it, and the handovers still open for it.

import Fluent
import StewardCore
import Vapor

extension OfficialAccountController {
    func show(req: Request) async throws -> Response {
        try await showPage(req, account: try await Self.account(req, for: .viewAccounts), errors: [])
    }

    func showPage(_ req: Request, account: OfficialAccount, errors: [FieldError]) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let accountID = try account.requireID()
        let canManage = AccessPolicy.can(actor, .manageAccounts, .schoolRecord(schoolID: account.schoolID)) == .allowed
        let administrators = try await Self.administrators(of: [account], on: req.db)[accountID] ?? []
        var candidates: [ShowContent.Candidate] = []
        if canManage, account.retiredAt == nil {
            // Only people holding the social media administrator role here may be named (4.8).
            let holders = try await RoleAssignment.query(on: req.db).filter(\.$role == .socialMediaAdmin)
                .heldIn(account.schoolID).all().map(\.$person.id)
            let already = Set(administrators.compactMap(\.id))
            candidates = try await Person.query(on: req.db).inSchool(account.schoolID).filter(\.$active == true)
                .filter(\.$id ~~ Set(holders)).sort(\.$surname).sort(\.$forename).all()
                .filter { !already.contains($0.id ?? UUID()) }
                .map { ShowContent.Candidate(id: $0.id?.uuidString ?? "", name: $0.fullName) }
        }
        let handovers =
            canManage ? try await Self.openHandovers(req, schoolID: account.schoolID, accountID: accountID) : []
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "created": "The account was added. Now name who runs it."
            case "saved": "Saved."
            case "added": "Added as an administrator."
            case "removed":
                "Taken off the account. Change its password or remove their access on the platform, then tick it off below."
            default: nil
            }
        let content = ShowContent(
            id: accountID.uuidString, title: account.title, platform: account.platform.title, handle: account.handle,
            address: account.address, purpose: account.purpose, retired: account.retiredAt != nil,
            retiredOn: Display.date(account.retiredAt),
            administrators: administrators.map {
                ShowContent.Candidate(id: $0.id?.uuidString ?? "", name: $0.fullName)
            }, candidates: candidates, handovers: handovers, canManage: canManage,
            reportHref: ConcernPaths.new()
                + "?category=\(ConcernCategory.misuseOfSchoolSystems.rawValue)&account=\(accountID.uuidString)",
            errors: FormErrors(errors))
        return try await req.page(
            "accounts/show", title: account.title, content, status: errors.isEmpty ? .ok : .badRequest, notice: notice)
    }

    struct ShowContent: Encodable, Sendable {
        struct Candidate: Encodable, Sendable {
            var id: String
            var name: String
        }
        var id: String
        var title: String
        var platform: String
        var handle: String
        var address: String
        var purpose: String
        var retired: Bool
        var retiredOn: String
        var administrators: [Candidate]
        var candidates: [Candidate]
        var handovers: [HandoverRow]
        var canManage: Bool
        var reportHref: String
        var errors: FormErrors
    }
}
