// Declarations and yearly confirmations under the retention schedule: kept until some years after the person who
// made them leaves.

import Fluent
import StewardCore
import Vapor

extension DeclarationsFeature {
    var scheduledRecords: [ScheduledRecords] {
        [
            ScheduledRecords(
                rules: ["declarations"],
                records: { schoolID, schedule, today, db in
                    let leavers = try await PersonLeaving.leavers(of: schoolID, today: today, on: db)
                    guard !leavers.isEmpty else { return [] }
                    let people = Array(leavers.keys)
                    let declarations = try await Declaration.query(on: db).inSchool(schoolID)
                        .filter(\.$declarerID ~~ people).all()
                    let confirmations = try await DeclarationConfirmation.query(on: db).inSchool(schoolID)
                        .filter(\.$personID ~~ people).all()
                    let rows =
                        declarations.compactMap { row in
                            row.id.map { ($0, row.declarerID, row.partyPersonID.map { [$0] } ?? []) }
                        }
                        + confirmations.compactMap { row in row.id.map { ($0, row.personID, [UUID]()) } }
                    return PersonLeaving.records(rows, rule: schedule["declarations"], leavers: leavers)
                },
                remove: { _, ids, schoolID, db in
                    let declarations = try await Declaration.query(on: db).inSchool(schoolID).filter(\.$id ~~ ids)
                        .all().compactMap(\.id)
                    let confirmations = try await DeclarationConfirmation.query(on: db).inSchool(schoolID)
                        .filter(\.$id ~~ ids).all()
                    if !declarations.isEmpty {
                        try await DeclarationOutcome.query(on: db).filter(\.$declarationID ~~ declarations).delete()
                        try await OutboxMessage.query(on: db).filter(\.$declarationID ~~ declarations).delete()
                        try await Declaration.query(on: db).filter(\.$id ~~ declarations).delete()
                    }
                    if !confirmations.isEmpty {
                        try await DeclarationConfirmation.query(on: db).filter(\.$id ~~ confirmations.compactMap(\.id))
                            .delete()
                    }
                    return declarations.map { AuditMatch(target: "declaration:\($0.uuidString)") }
                        + Set(confirmations.map(\.personID)).map {
                            AuditMatch(target: "person:\($0.uuidString)", action: "declaration.confirmed")
                        }
                },
                ofPerson: { personID, schoolID, db in
                    // A declaration is about its other party too: a hold on them keeps it.
                    let declarations = try await Declaration.query(on: db).inSchool(schoolID)
                        .filter(\.$declarerID == personID).all()
                    let confirmations = try await DeclarationConfirmation.query(on: db).inSchool(schoolID)
                        .filter(\.$personID == personID).all()
                    return declarations.compactMap { row in
                        row.id.map {
                            RetainedRecord(
                                id: $0, rule: "declarations", expiry: .clockNotStarted,
                                people: Set([personID] + (row.partyPersonID.map { [$0] } ?? [])))
                        }
                    }
                        + confirmations.compactMap { row in
                            row.id.map {
                                RetainedRecord(
                                    id: $0, rule: "declarations", expiry: .clockNotStarted, people: [personID])
                            }
                        }
                })
        ]
    }
}
