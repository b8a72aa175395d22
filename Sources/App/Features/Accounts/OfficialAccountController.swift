// The register of the school's official accounts and who runs each (policy 4.8, 4.9).

import Fluent
import StewardCore
import Vapor

struct OfficialAccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, OfficialAccountPaths.list, action: .viewAccounts, use: index)
        routes.on(.GET, OfficialAccountPaths.new, action: .manageAccounts, use: newAccount)
        routes.on(.POST, OfficialAccountPaths.list, action: .manageAccounts, use: create)
        routes.on(.GET, OfficialAccountPaths.show, action: .viewAccounts, use: show)
        routes.on(.GET, OfficialAccountPaths.edit, action: .manageAccounts, use: edit)
        routes.on(.POST, OfficialAccountPaths.show, action: .manageAccounts, use: update)
        routes.on(.POST, OfficialAccountPaths.retire, action: .manageAccounts, use: retire)
        routes.on(.POST, OfficialAccountPaths.administrators, action: .manageAccounts, use: addAdministrator)
        routes.on(.POST, OfficialAccountPaths.removeAdministrator, action: .manageAccounts, use: removeAdministrator)
        routes.on(.POST, OfficialAccountPaths.handoverDone, action: .manageAccounts, use: handoverDone)
    }

    /// The account named by the route, in one of the actor's schools, for `action`.
    static func account(_ req: Request, for action: Action) async throws -> OfficialAccount {
        try await req.record(OfficialAccount.self, "accountID", for: action)
    }

    /// Administrators of `accounts` by account, with their people.
    static func administrators(
        of accounts: [OfficialAccount], on db: any Database
    ) async throws -> [UUID: [Person]] {
        let ids = accounts.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let rows = try await AccountAdministrator.query(on: db).filter(\.$accountID ~~ ids).all()
        let people = try await Person.query(on: db).filter(\.$id ~~ Set(rows.map(\.personID))).all()
        let byID = Dictionary(uniqueKeysWithValues: people.compactMap { p in p.id.map { ($0, p) } })
        var result: [UUID: [Person]] = [:]
        for row in rows {
            if let person = byID[row.personID] { result[row.accountID, default: []].append(person) }
        }
        return result.mapValues { $0.sorted { ($0.surname, $0.forename) < ($1.surname, $1.forename) } }
    }
}
