// Cases under the retention schedule: allegations against staff, false or malicious ones, cases about a pupil and
// the rest; and how a case is removed, with everything that hangs from it.

import Fluent
import StewardCore
import Vapor

extension ConcernsFeature {
    /// Outcomes that keep an allegation against a member of staff on their record (KCSIE).
    static let allegationOutcomes: Set<CaseOutcome> = [.substantiated, .unsubstantiated, .unfounded]
    /// Outcomes that remove the allegation from the person's record at closure.
    static let falseOutcomes: Set<CaseOutcome> = [.false, .malicious]

    var scheduledRecords: [ScheduledRecords] {
        [
            ScheduledRecords(
                rules: ["allegations", "false_allegations", "pupil_cases", "cases"],
                records: { schoolID, schedule, _, db in try await Self.retained(schoolID, schedule, on: db) },
                remove: { rule, ids, schoolID, db in try await Self.remove(rule, ids, schoolID, on: db) })
        ]
    }

    /// Every closed case of the school with the day it may go (the line keeping it longest decides; an open case is
    /// never listed), and, for a false or malicious allegation, the day its link to the person goes.
    static func retained(
        _ schoolID: UUID, _ schedule: [String: RetentionScheduleRule], on db: any Database
    ) async throws -> [RetainedRecord] {
        let cases = try await Case.query(on: db).inSchool(schoolID).filter(\.$state == .closed).all()
        let ids = cases.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        var closedOn: [UUID: CalendarDate] = [:]
        for entry in try await CaseEntry.query(on: db).filter(\.$caseID ~~ ids).filter(\.$kind == "state")
            .filter(\.$stateTo == .closed).all()
        {
            let day = CalendarDate(entry.createdAt)
            closedOn[entry.caseID] = max(closedOn[entry.caseID] ?? day, day)
        }
        let pupilIDs = cases.compactMap(\.involvedPupilID)
        var born: [UUID: CalendarDate] = [:]
        if !pupilIDs.isEmpty {
            for pupil in try await RosterPupil.query(on: db).inSchool(schoolID).filter(\.$id ~~ pupilIDs).all() {
                if let id = pupil.id, let day = pupil.dateOfBirth.flatMap(CalendarDate.init(parsing:)) {
                    born[id] = day
                }
            }
        }
        var records: [RetainedRecord] = []
        for item in cases {
            guard let id = item.id else { continue }
            let closed = closedOn[id] ?? CalendarDate(item.lastEntryAt)
            // Once a false allegation is off the person's records, a hold on them no longer reaches it.
            let subject = item.unlinkedAt == nil ? item.subjectPersonID : nil
            let people = Set([item.reporterID] + (subject.map { [$0] } ?? []))
            func record(_ rule: String, _ expiry: RetentionExpiry) -> RetainedRecord {
                RetainedRecord(
                    id: id, rule: rule, expiry: expiry, people: people, caseID: id, reference: item.reference)
            }
            if item.subjectPersonID != nil, item.unlinkedAt == nil, let outcome = item.outcome,
                falseOutcomes.contains(outcome), let rule = schedule["false_allegations"]
            {
                records.append(record(rule.key, rule.expiry(clockStarted: closed)))
            }
            var lines: [(String, RetentionExpiry)] = []
            if item.subjectPersonID != nil, let outcome = item.outcome, allegationOutcomes.contains(outcome),
                let rule = schedule["allegations"]
            {
                lines.append((rule.key, rule.expiry(clockStarted: CalendarDate(item.createdAt))))
            }
            if let pupilID = item.involvedPupilID, let rule = schedule["pupil_cases"] {
                lines.append((rule.key, rule.expiry(clockStarted: born[pupilID])))
            }
            if lines.isEmpty, let rule = schedule["cases"] {
                lines.append((rule.key, rule.expiry(clockStarted: closed)))
            }
            let expiry = RetainedRecord.latest(lines.map(\.1))
            let deciding = lines.first { $0.1 == expiry }?.0 ?? lines.first?.0 ?? "cases"
            records.append(record(deciding, expiry))
        }
        return records
    }

    /// Removes cases with their chronology, people, evidence and mail; for a false or malicious allegation, takes it
    /// off the records of the person it was about instead (the case itself stays, kept as other cases are, and still
    /// names them so that they can never read it).
    static func remove(
        _ rule: String, _ ids: [UUID], _ schoolID: UUID, on db: any Database
    ) async throws
        -> [AuditMatch]
    {
        let cases = try await Case.query(on: db).inSchool(schoolID).filter(\.$id ~~ ids).all()
        let found = cases.compactMap(\.id)
        guard !found.isEmpty else { return [] }
        if rule == "false_allegations" {
            let now = Date()
            for item in cases where item.unlinkedAt == nil {
                item.unlinkedAt = now
                try await item.update(on: db)
            }
            return []
        }
        // The chronology and evidence are kept as written: only the purge's leave lets them go.
        try await PurgePermit.during(found, on: db) {
            try await CaseEvidence.query(on: db).filter(\.$caseID ~~ found).delete()
            try await CaseEntry.query(on: db).filter(\.$caseID ~~ found).delete()
        }
        try await CaseMember.query(on: db).filter(\.$caseID ~~ found).delete()
        try await OutboxMessage.query(on: db).filter(\.$caseID ~~ found).delete()
        try await LegalHold.query(on: db).inSchool(schoolID).filter(\.$caseID ~~ found).delete()
        try await Case.query(on: db).filter(\.$id ~~ found).delete()
        return found.map { AuditMatch(target: "case:\($0.uuidString)") }
    }
}
