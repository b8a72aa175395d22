// Importing people: shared by the command line and (later) the upload page.

import Crypto
import Fluent
import Foundation
import SQLKit
import StewardCore
import Vapor

/// Importing people: shared by the command line and (later) the upload page.
enum PeopleImport {
    enum Outcome: Sendable, Equatable {
        /// Every problem, one line each; nothing was written.
        case rejected([String])
        /// The plan, described; nothing was written (a dry run).
        case planned(String)
        /// The plan, described; everything was written in one transaction.
        case applied(String)
        /// The plan, described with its warnings: it would deactivate someone who needs a second look (the school's
        /// only headteacher, lead or chair, a governor or a volunteer), and that was not confirmed. Nothing written.
        case needsConfirmation(String)
    }

    static func run(
        _ bytes: [UInt8], schoolSlug: String, dryRun: Bool, fullImport: Bool, confirmed: Bool = false,
        on db: any Database, context: AuditContext, today: CalendarDate = Display.today
    ) async throws -> Outcome {
        guard let school = try await School.query(on: db).filter(\.$slug == schoolSlug).first() else {
            return .rejected(["There is no school with the slug '\(schoolSlug)'."])
        }
        return try await run(
            bytes, school: school, dryRun: dryRun, fullImport: fullImport, confirmed: confirmed, on: db,
            context: context, today: today)
    }

    /// Takes out of `plan` the deactivation of anyone the trust manages, with the reason each stays: trust staff (a
    /// role held across the trust, such as a trust administrator whose account sits at this school), whom no school's
    /// staff export lists; and, when the importer is not a trust administrator (`importerRoles` nil is the operator at
    /// the command line), anyone holding a role only the trust may change: a headteacher's full import that leaves out
    /// the chair of governors must not remove the person who handles concerns about them.
    static func keepTrustManaged(
        _ plan: inout StaffImportPlan, schoolID: UUID, importerRoles: Set<Role>?, on db: any Database
    ) async throws -> [(email: String, reason: String)] {
        guard !plan.deactivations.isEmpty else { return [] }
        let emails = plan.deactivations.map(\.email)
        let people = try await Person.query(on: db).filter(\.$email ~~ emails).all()
        let roles = try await RoleAssignment.query(on: db).filter(\.$person.$id ~~ people.compactMap(\.id))
            .countingIn(schoolID).all()
        let trustStaff = Set(roles.filter { $0.$school.id == nil }.map(\.$person.id))
        let byTrustOnly =
            importerRoles.map { !$0.contains(.trustAdmin) } ?? false
            ? Set(roles.filter { RoleGrants.trustOnly.contains($0.role) }.map(\.$person.id)) : []
        var kept: [(email: String, reason: String)] = []
        for person in people.sorted(by: { $0.email < $1.email }) {
            guard let id = person.id else { continue }
            if trustStaff.contains(id) {
                kept.append(
                    (person.email, "will stay active: trust staff are managed by the trust, not by a school's import"))
            } else if byTrustOnly.contains(id) {
                kept.append((person.email, "will stay active: only a trust administrator can deactivate them"))
            }
        }
        let keptEmails = Set(kept.map(\.email))
        plan.deactivations.removeAll { keptEmails.contains($0.email) }
        return kept
    }

    static func run(
        _ bytes: [UInt8], school: School, dryRun: Bool, fullImport: Bool, confirmed: Bool = false,
        on db: any Database, context: AuditContext, today: CalendarDate = Display.today,
        importerRoles: Set<Role>? = nil,
        inTransaction extra: (@Sendable (any Database, AuditWriter) async throws -> Void)? = nil
    ) async throws -> Outcome {
        let schoolID = try school.requireID()
        let people = try await Person.query(on: db).inSchool(schoolID).all()
        // An address that belongs to someone at another school is never moved silently: reported with the rest.
        struct EmailRow: Decodable { var email: String }
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let elsewhere = try await sql.select().column("email").from("people")
            .where("school_id", .notEqual, schoolID).all(decoding: EmailRow.self)
        let records: [StaffRecord]
        switch StaffImport.parse(
            bytes, knownEmails: Set(people.map(\.email)), emailsElsewhere: Set(elsewhere.map(\.email)))
        {
        case .failure(let rejected): return .rejected(rejected.errors.map(\.description))
        case .success(let parsed): records = parsed
        }
        var planned = StaffImport.plan(records, existing: existing(people), fullImport: fullImport, today: today)
        let kept = try await keepTrustManaged(&planned, schoolID: schoolID, importerRoles: importerRoles, on: db)
        let leavers = try await review(planned, schoolID: schoolID, importerID: nil, on: db)
        let summary =
            describe(planned)
            + kept.map { "\n  not deactivated: \($0.email) (\($0.reason))" }.joined()
            + warningLines(leavers)
        if dryRun { return .planned("Dry run: nothing written.\n" + summary) }
        // What cannot be undone needs saying twice, at the command line as on the page (a nightly job included).
        if !confirmed && leavers.contains(where: { !$0.alarms.isEmpty }) { return .needsConfirmation(summary) }
        let plan = planned
        // An import that changes nothing is still recorded, and still spends its upload, so it cannot be applied
        // twice unnoticed.

        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let trustID = school.$trust.id
        try await AuditLog.write(on: db, context: context) { db, audit in
            var byEmail = Dictionary(people.map { ($0.email, $0) }, uniquingKeysWith: { a, _ in a })
            // New people are inserts of a few hundred rows each, managers before the people they manage, so that
            // most line managers are set as the rows go in; the pass below sets the rest (a cycle, say).
            let additions = Self.managersFirst(plan.additions)
            var created: [(action: String, target: String?, schoolID: UUID?, details: [String: String])] = []
            var inserted = Set(people.map(\.email))
            var chunkStart = 0
            while chunkStart < additions.count {
                let chunk = additions[chunkStart..<min(chunkStart + 300, additions.count)]
                let inChunk = Set(chunk.map(\.email))
                var rows: [Person] = []
                var roles: [RoleAssignment] = []
                for record in chunk {
                    let person = Person(
                        id: UUID(), schoolID: schoolID, trustID: trustID, email: record.email,
                        forename: record.forename, surname: record.surname, kind: record.kind,
                        jobTitle: record.jobTitle, startDate: record.startDate?.description)
                    person.leavingDate = record.leavingDate?.description
                    byEmail[record.email] = person
                    rows.append(person)
                }
                for (record, person) in zip(chunk, rows) {
                    let personID = try person.requireID()
                    if let managerEmail = record.lineManagerEmail, let manager = byEmail[managerEmail],
                        inserted.contains(managerEmail) || inChunk.contains(managerEmail)
                    {
                        person.$lineManager.id = manager.id
                    }
                    roles.append(
                        RoleAssignment(
                            personID: personID, trustID: trustID, schoolID: schoolID,
                            role: record.kind == .governor ? .governor : .staff))
                    created.append(
                        (
                            "person.created", "person:\(personID.uuidString)", schoolID,
                            ["name": person.fullName, "email": person.email, "source": "import"]
                        ))
                }
                try await rows.create(on: db)
                try await roles.create(on: db)
                inserted.formUnion(inChunk)
                chunkStart += chunk.count
            }
            try await audit.appendAll(created)
            let changed = Set(plan.changes.map(\.email))
            for record in records where changed.contains(record.email) {
                guard let person = byEmail[record.email] else { continue }
                // Only what the file has columns for changes.
                person.forename = record.forename
                person.surname = record.surname
                if record.columns.contains(.kind) { person.kind = record.kind }
                if record.columns.contains(.jobTitle) { person.jobTitle = record.jobTitle }
                if record.columns.contains(.startDate) { person.startDate = record.startDate?.description }
                if record.columns.contains(.leavingDate) { person.leavingDate = record.leavingDate?.description }
                try await person.update(on: db)
                let fields = plan.changes.first { $0.email == record.email }?.fields ?? [:]
                try await audit.append(
                    "person.updated", target: "person:\(try person.requireID().uuidString)", schoolID: schoolID,
                    details: fields.mapValues { "\($0.first ?? "") → \($0.last ?? "")" }.merging(["source": "import"]) {
                        a, _ in a
                    })
            }
            // Line managers last, so people added in this file can manage each other.
            for record in records where record.columns.contains(.lineManager) {
                guard let person = byEmail[record.email] else { continue }
                let managerID = record.lineManagerEmail.flatMap { byEmail[$0]?.id }
                if person.$lineManager.id != managerID {
                    person.$lineManager.id = managerID
                    try await person.update(on: db)
                }
            }
            for leaver in plan.deactivations {
                guard let person = byEmail[leaver.email], person.active else { continue }
                try await PersonLifecycle.deactivate(
                    person, reason: leaver.reason, removingRoles: true, on: db, audit: audit)
            }
            try await Features.tell(.staff(schoolID: schoolID), on: db, audit: audit)
            try await audit.append(
                "import.people", target: "school:\(schoolID.uuidString)", schoolID: schoolID,
                details: [
                    "added": String(plan.additions.count), "changed": String(plan.changes.count),
                    "deactivated": String(plan.deactivations.count), "sha256": digest,
                    "full": fullImport ? "yes" : "no",
                ])
            try await extra?(db, audit)
        }
        return .applied(summary)
    }

    /// New people ordered so that anyone's line manager, when also new, comes before them.
    static func managersFirst(_ records: [StaffRecord]) -> [StaffRecord] {
        let byEmail = Dictionary(records.map { ($0.email, $0) }, uniquingKeysWith: { a, _ in a })
        var depth: [String: Int] = [:]
        func depthOf(_ email: String, _ seen: Set<String>) -> Int {
            if let known = depth[email] { return known }
            guard let manager = byEmail[email]?.lineManagerEmail, byEmail[manager] != nil, !seen.contains(manager)
            else { return 0 }
            let value = depthOf(manager, seen.union([email])) + 1
            depth[email] = value
            return value
        }
        let depths = records.map { depthOf($0.email, []) }
        return zip(records, depths).enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }
            .map(\.element.0)
    }

    /// A school's people as the import planner sees them, line managers by email.
    static func existing(_ people: [Person]) -> [ExistingPerson] {
        let byID = Dictionary(people.compactMap { p in p.id.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        return people.map { person in
            ExistingPerson(
                email: person.email, forename: person.forename, surname: person.surname, kind: person.kind,
                jobTitle: person.jobTitle, startDate: person.startDate.flatMap(CalendarDate.init(parsing:)),
                leavingDate: person.leavingDate.flatMap(CalendarDate.init(parsing:)),
                lineManagerEmail: person.$lineManager.id.flatMap { byID[$0]?.email }, active: person.active)
        }
    }

    static func describe(_ plan: StaffImportPlan) -> String {
        var lines = [
            "\(plan.additions.count) to add, \(plan.changes.count) to change, \(plan.deactivations.count) to deactivate, \(plan.unchanged) unchanged."
        ]
        for record in plan.additions { lines.append("  add \(record.forename) \(record.surname) <\(record.email)>") }
        for change in plan.changes {
            let fields = change.fields.keys.sorted().map {
                "\($0): \(change.fields[$0]?.first ?? "") → \(change.fields[$0]?.last ?? "")"
            }
            lines.append("  change \(change.email): " + fields.joined(separator: "; "))
        }
        for leaver in plan.deactivations { lines.append("  deactivate \(leaver.email) (\(leaver.reason))") }
        return lines.joined(separator: "\n")
    }
}
