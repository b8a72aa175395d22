// Who a staff import would deactivate, with their roles, and what should stop the importer before they confirm: their
// own account, the school's only headteacher, safeguarding lead or chair, a governor or a volunteer (issue 19, item 5).

import Fluent
import StewardCore
import Vapor

extension PeopleImport {
    /// One person the import would deactivate, as the importer must see them before confirming.
    struct Leaver: Sendable {
        var email: String
        var name: String
        var reason: String
        /// Their roles in the school ("Headteacher, Line manager").
        var roles: [String]
        /// Why this one needs a second look; empty when nothing is alarming.
        var alarms: [String]
    }

    /// The roles a school cannot be without: deactivating every holder of one leaves nobody to do its work.
    static let rolesToKeep: [(role: Role, name: String)] = [
        (.headteacher, "headteacher"), (.safeguardingLead, "designated safeguarding lead"),
        (.chairOfGovernors, "chair of governors"),
    ]

    /// Each deactivation of `plan` with the person's name, roles and anything alarming about it. `importerID` is the
    /// person importing (nil at the command line).
    static func review(
        _ plan: StaffImportPlan, schoolID: UUID, importerID: UUID?, on db: any Database
    ) async throws -> [Leaver] {
        guard !plan.deactivations.isEmpty else { return [] }
        let people = try await Person.active(in: schoolID, on: db)
        let byEmail = Dictionary(people.map { ($0.email, $0) }, uniquingKeysWith: { a, _ in a })
        let leaving = Set(plan.deactivations.compactMap { byEmail[$0.email]?.id })
        let assignments = try await RoleAssignment.query(on: db).countingIn(schoolID)
            .filter(\.$person.$id ~~ people.compactMap(\.id)).all()
        var rolesOf: [UUID: Set<Role>] = [:]
        for row in assignments { rolesOf[row.$person.id, default: []].insert(row.role) }
        return plan.deactivations.map { leaver in
            guard let person = byEmail[leaver.email], let id = person.id else {
                return Leaver(email: leaver.email, name: leaver.email, reason: leaver.reason, roles: [], alarms: [])
            }
            let roles = rolesOf[id] ?? []
            var alarms: [String] = []
            if id == importerID { alarms.append("This is you: you would be signed out and could not sign in again") }
            for (role, name) in rolesToKeep where roles.contains(role) {
                let holders = rolesOf.filter { $0.value.contains(role) }.keys
                if holders.allSatisfy(leaving.contains) { alarms.append("The school would have no \(name)") }
            }
            if person.kind != .employee {
                alarms.append("A \(person.kind.title.lowercased()): staff exports usually leave them out")
            }
            return Leaver(
                email: leaver.email, name: person.fullName, reason: leaver.reason,
                roles: roles.sorted().reversed().map(\.title), alarms: alarms)
        }
    }

    /// The alarming deactivations as lines for the command line's summary.
    static func warningLines(_ leavers: [Leaver]) -> String {
        leavers.filter { !$0.alarms.isEmpty }.map { leaver in
            "\n  WARNING: deactivating \(leaver.name) <\(leaver.email)>"
                + (leaver.roles.isEmpty ? "" : " (\(leaver.roles.joined(separator: ", ")))") + ": "
                + leaver.alarms.joined(separator: "; ")
        }.joined()
    }
}
