// Acknowledgements under the retention schedule: kept until some years after their person leaves.

import Fluent
import StewardCore
import Vapor

extension PoliciesFeature {
    var scheduledRecords: [ScheduledRecords] {
        [
            ScheduledRecords(
                rules: ["acknowledgements"],
                records: { schoolID, schedule, today, db in
                    let leavers = try await PersonLeaving.leavers(of: schoolID, today: today, on: db)
                    guard !leavers.isEmpty else { return [] }
                    let rows = try await PolicyAcknowledgement.query(on: db).inSchool(schoolID)
                        .filter(\.$person.$id ~~ Array(leavers.keys)).all()
                    return PersonLeaving.records(
                        rows.compactMap { row in row.id.map { ($0, row.$person.id, []) } },
                        rule: schedule["acknowledgements"], leavers: leavers)
                },
                remove: { _, ids, schoolID, db in
                    let rows = try await PolicyAcknowledgement.query(on: db).inSchool(schoolID)
                        .filter(\.$id ~~ ids).all()
                    let found = rows.compactMap(\.id)
                    try await PurgePermit.during(found, on: db) {
                        try await PolicyAcknowledgement.query(on: db).filter(\.$id ~~ found).delete()
                    }
                    return rows.map {
                        AuditMatch(
                            target: "policy:\($0.$policy.id.uuidString)", action: "policy.acknowledged",
                            person: $0.$person.id)
                    }
                },
                ofPerson: { personID, schoolID, db in
                    try await PolicyAcknowledgement.query(on: db).inSchool(schoolID).filter(\.$person.$id == personID)
                        .all().compactMap { row in
                            row.id.map {
                                RetainedRecord(
                                    id: $0, rule: "acknowledgements", expiry: .clockNotStarted, people: [personID])
                            }
                        }
                })
        ]
    }
}
