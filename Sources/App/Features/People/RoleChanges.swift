// What follows a change of someone's roles: their API tokens and sessions end, and a change to a role that handles
// cases while a case is open is told to those who hold the headteacher to account.

import Fluent
import StewardCore
import Vapor

enum RoleChanges {
    /// Call inside the write that changed `person`'s roles in `schoolID` from `before` to `after`.
    ///
    /// Tokens and signed-in browsers end because what they could reach has changed. When a case-handling role (headteacher, safeguarding
    /// lead, chair of governors) was given or taken while any case of the school is open, the chair(s) of governors
    /// and the trust administrators are mailed who changed what: a headteacher who is the subject of a concern must
    /// not quietly rearrange who handles it. The mail names no case.
    static func record(
        person: Person, schoolID: UUID, before: Set<Role>, after: Set<Role>, changedBy: String,
        on db: any Database, audit: AuditWriter
    ) async throws {
        let personID = try person.requireID()
        let given = after.subtracting(before)
        let taken = before.subtracting(after)
        guard !given.isEmpty || !taken.isEmpty else { return }
        if !taken.isEmpty {
            try await Features.tell(
                .rolesTaken(personID: personID, schoolID: schoolID, roles: taken), on: db, audit: audit)
        }
        try await APITokens.revokeAll(of: personID, reason: "roles changed", on: db, audit: audit)
        // Their browsers sign in again: a role that needs two-factor sign-in is then set up before anything opens,
        // and a role taken away stops at once.
        try await BrowserSession.query(on: db).filter(\.$person.$id == personID).delete()

        let handling = given.union(taken).intersection(RoleGrants.caseHandling)
        guard !handling.isEmpty else { return }
        let open = try await Case.query(on: db).inSchool(schoolID).filter(\.$state != .closed)
            .count()
        guard open > 0, let school = try await School.find(schoolID, on: db) else { return }
        let assignments = try await RoleAssignment.query(on: db).filter(\.$trustID == school.$trust.id)
            .group(.or) { group in
                group.filter(\.$role == .trustAdmin)
                group.group(.and) { $0.filter(\.$role == .chairOfGovernors).heldIn(schoolID) }
            }.all()
        let recipients = try await Person.query(on: db).filter(\.$id ~~ Set(assignments.map(\.$person.id)))
            .filter(\.$active == true).all()
        var lines: [String] = []
        for role in given.intersection(handling).sorted() { lines.append("given the role \(role.title)") }
        for role in taken.intersection(handling).sorted() { lines.append("no longer has the role \(role.title)") }
        let body = """
            \(person.fullName) is now \(lines.joined(separator: ", and ")) at \(school.name), changed by \(changedBy).

            This role handles confidential concerns, and the school has concerns still open, so the chair of \
            governors and the trust administrators are told of every such change. If you did not expect it, check \
            the school's roles in Steward.
            """
        // The mail and its audit entry belong to no school: whether they exist says a case is open, so the school's
        // own mail and audit pages (the headteacher's) must not show them; trust administrators see entries of no
        // school.
        for recipient in recipients {
            try await Outbox.enqueue(
                on: db, schoolID: nil, kind: "role_change", to: recipient.email,
                subject: "Roles that handle concerns changed at \(school.name)",
                body: "Hello \(recipient.forename),\n\n\(body)\n\nSteward")
        }
        try await audit.appendTrustWide(
            "role.change_notified", target: "person:\(personID.uuidString)",
            details: [
                "school": school.slug,
                "given": Self.roleList(given), "taken": Self.roleList(taken),
                "told": String(recipients.count),
            ])
    }

    private static func roleList(_ roles: Set<Role>) -> String {
        roles.sorted().map(\.rawValue).joined(separator: ",")
    }
}
