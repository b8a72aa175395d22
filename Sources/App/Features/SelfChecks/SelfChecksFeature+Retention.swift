// Privacy self-checks and requests for help under the retention schedule: kept until some years after the person
// leaves.

import Fluent
import StewardCore
import Vapor

extension SelfChecksFeature {
    var scheduledRecords: [ScheduledRecords] {
        [
            ScheduledRecords(
                rules: ["self_checks"],
                records: { schoolID, schedule, today, db in
                    let leavers = try await PersonLeaving.leavers(of: schoolID, today: today, on: db)
                    guard !leavers.isEmpty else { return [] }
                    let people = Array(leavers.keys)
                    let checks = try await SelfCheck.query(on: db).inSchool(schoolID).filter(\.$personID ~~ people)
                        .all()
                    let help = try await SelfCheckHelp.query(on: db).inSchool(schoolID)
                        .filter(\.$personID ~~ people).all()
                    let rows =
                        checks.compactMap { row in row.id.map { ($0, row.personID, [UUID]()) } }
                        + help.compactMap { row in row.id.map { ($0, row.personID, [UUID]()) } }
                    return PersonLeaving.records(rows, rule: schedule["self_checks"], leavers: leavers)
                },
                remove: { _, ids, schoolID, db in
                    // A request for help goes with its check, whichever of them was listed.
                    let help = try await SelfCheckHelp.query(on: db).inSchool(schoolID).group(.or) {
                        $0.filter(\.$id ~~ ids).filter(\.$checkID ~~ ids)
                    }.all()
                    let checks = try await SelfCheck.query(on: db).inSchool(schoolID).filter(\.$id ~~ ids).all()
                        .compactMap(\.id)
                    if !help.isEmpty {
                        try await SelfCheckHelp.query(on: db).filter(\.$id ~~ help.compactMap(\.id)).delete()
                    }
                    if !checks.isEmpty { try await SelfCheck.query(on: db).filter(\.$id ~~ checks).delete() }
                    return checks.map { AuditMatch(target: "self_check:\($0.uuidString)") }
                        + help.compactMap(\.id).map { AuditMatch(target: "self_check_help:\($0.uuidString)") }
                },
                ofPerson: { personID, schoolID, db in
                    // A request for help goes with its check, so the checks alone are counted; help asked without a
                    // check (none today) would be counted on its own.
                    let checks = try await SelfCheck.query(on: db).inSchool(schoolID).filter(\.$personID == personID)
                        .all().compactMap(\.id)
                    let help = try await SelfCheckHelp.query(on: db).inSchool(schoolID)
                        .filter(\.$personID == personID).all()
                    let loose = help.filter { !checks.contains($0.checkID) }.compactMap(\.id)
                    return (checks + loose).map {
                        RetainedRecord(id: $0, rule: "self_checks", expiry: .clockNotStarted, people: [personID])
                    }
                })
        ]
    }
}
