// The school's official accounts (policy 4.8, 4.9): the register, who runs each, and the handovers when someone
// who ran one goes.

import Fluent
import StewardCore
import Vapor

struct AccountsFeature: Feature {
    let name = "accounts"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: OfficialAccountController())
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(title: "Accounts", path: OfficialAccountPaths.list(), action: .viewAccounts, order: 45)]
    }

    var jobs: [String: JobHandler] { [AccountHandovers.noticeJob: AccountHandovers.sendNotice] }

    func react(to change: SchoolChange, on db: any Database, audit: AuditWriter) async throws {
        switch change {
        case .left(let personID, let schoolID):
            try await AccountHandovers.takeOff(
                personID: personID, schoolID: schoolID, reason: "left the school", on: db, audit: audit)
        case .rolesTaken(let personID, let schoolID, let roles) where roles.contains(.socialMediaAdmin):
            try await AccountHandovers.takeOff(
                personID: personID, schoolID: schoolID, reason: "no longer a social media administrator", on: db,
                audit: audit)
        default:
            break
        }
    }

    func work(for actor: Actor, person: Person, on db: any Database) async throws -> [WorkItem] {
        guard AccessPolicy.can(actor, .manageAccounts) == .allowed else { return [] }
        let open = try await AccountHandover.query(on: db).inSchool(of: actor).filter(\.$doneAt == nil)
            .sort(\.$createdAt).all()
        guard !open.isEmpty else { return [] }
        let accounts = try await OfficialAccount.query(on: db).inSchool(of: actor)
            .filter(\.$id ~~ Set(open.map(\.accountID))).all()
        let people = try await Person.query(on: db).inSchool(of: actor).filter(\.$id ~~ Set(open.map(\.personID))).all()
        return open.map { handover in
            let account = accounts.first { $0.id == handover.accountID }?.title ?? "an account"
            let person = people.first { $0.id == handover.personID }?.fullName ?? "Someone"
            return WorkItem(
                title: "Change the password of \(account), or remove \(person)'s access",
                href: OfficialAccountPaths.list() + "#handovers",
                status: "\(person) came off it on \(Display.date(handover.createdAt))", urgent: true)
        }
    }

    func seedDemo(_ school: DemoSchool, on db: any Database, audit: AuditWriter) async throws {
        try await AccountsDemo.seed(school, on: db, audit: audit)
    }

    var personalData: [PersonalData] {
        [
            PersonalData(title: "Official accounts they run", table: "official_account_admins", column: "person_id") {
                id, viewer, db in
                try await AccountAdministrator.query(on: db).filter(\.$personID == id).inSchools(viewer.schoolIDs)
                    .all().map { ["account": $0.accountID.uuidString, "since": Display.time($0.addedAt)] }
            },
            PersonalData(
                title: "Administrators they named", table: "official_account_admins", column: "added_by",
                handling: .review("the colleagues they named")
            ) {
                id, viewer, db in
                try await AccountAdministrator.query(on: db).filter(\.$addedBy == id).inSchools(viewer.schoolIDs)
                    .all().map { ["account": $0.accountID.uuidString, "at": Display.time($0.addedAt)] }
            },
            PersonalData(
                title: "Account handovers about them", table: "account_handovers", column: "person_id",
                handling: .review("the reasons and notes colleagues wrote")
            ) {
                id, viewer, db in
                try await AccountHandover.query(on: db).filter(\.$personID == id).inSchools(viewer.schoolIDs)
                    .all().map {
                        ["account": $0.accountID.uuidString, "reason": $0.reason, "opened": Display.time($0.createdAt)]
                    }
            },
            PersonalData(
                title: "Account handovers they closed", table: "account_handovers", column: "done_by",
                handling: .review("the colleagues who handed accounts over")
            ) {
                id, viewer, db in
                try await AccountHandover.query(on: db).filter(\.$doneBy == id).inSchools(viewer.schoolIDs)
                    .all().map { ["account": $0.accountID.uuidString, "closed": Display.time($0.doneAt)] }
            },
        ]
    }

    var retention: [RetentionRule] {
        [
            RetentionRule(
                key: "official_accounts", records: "The register of official accounts and their administrators",
                period: nil, after: "kept while the school runs the account; a retired account stays with its posts",
                purge: nil),
            RetentionRule(
                key: "account_handovers", records: "Closed account handovers", period: 2 * 365 * 86_400,
                after: "closed",
                purge: { db, now in
                    try await AccountHandover.query(on: db).filter(
                        \.$doneAt < now.addingTimeInterval(-2 * 365 * 86_400)
                    )
                    .deleteCounting()
                }),
        ]
    }
}
