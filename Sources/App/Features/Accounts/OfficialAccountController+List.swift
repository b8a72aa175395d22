// The register page: every account, who runs it, and the handovers still open.

import Fluent
import StewardCore
import Vapor

extension OfficialAccountController {
    func index(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let accounts = try await OfficialAccount.query(on: req.db).inSchool(of: actor).sort(\.$platform)
            .sort(\.$handle).all()
        let administrators = try await Self.administrators(of: accounts, on: req.db)
        let canManage = AccessPolicy.can(actor, .manageAccounts) == .allowed
        let handovers = canManage ? try await Self.openHandovers(req, schoolID: actor.schoolID) : []
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "retired": "The account was retired. Its posts stay in the archive."
            case "handover": "Ticked off. The checklist item is closed."
            default: nil
            }
        let rows = accounts.map { account in
            AccountRow(
                id: account.id?.uuidString ?? "", title: account.title, platform: account.platform.title,
                handle: account.handle, address: account.address, purpose: account.purpose,
                administrators: (administrators[account.id ?? UUID()] ?? []).map(\.fullName),
                retired: account.retiredAt != nil,
                reportHref: ConcernPaths.new()
                    + "?category=\(ConcernCategory.misuseOfSchoolSystems.rawValue)&account=\(account.id?.uuidString ?? "")"
            )
        }
        return try await req.page(
            "accounts/index", title: "Official accounts",
            ListContent(
                accounts: rows.filter { !$0.retired }, retired: rows.filter(\.retired), handovers: handovers,
                canManage: canManage), notice: notice)
    }

    /// The open checklist: one line per account per person who came off it.
    static func openHandovers(_ req: Request, schoolID: UUID, accountID: UUID? = nil) async throws -> [HandoverRow] {
        var query = AccountHandover.query(on: req.db).inSchool(schoolID).filter(\.$doneAt == nil)
        if let accountID { query = query.filter(\.$accountID == accountID) }
        let open = try await query.sort(\.$createdAt).all()
        guard !open.isEmpty else { return [] }
        let accounts = try await OfficialAccount.query(on: req.db).inSchool(schoolID)
            .filter(\.$id ~~ Set(open.map(\.accountID))).all()
        let people = try await Person.query(on: req.db).inSchool(schoolID).filter(\.$id ~~ Set(open.map(\.personID)))
            .all()
        return open.map { handover in
            let account = accounts.first { $0.id == handover.accountID }
            let person = people.first { $0.id == handover.personID }
            return HandoverRow(
                id: handover.id?.uuidString ?? "", account: account?.title ?? "An account",
                address: account?.address ?? "", person: person?.fullName ?? "Someone", reason: handover.reason,
                since: Display.date(handover.createdAt))
        }
    }
}
