// Erasing a person's own records when their request to erase them is granted (issue 17, item 5): what could go now,
// what a legal hold keeps, and the removal, with the personal data of the audit entries that described them.

import Fluent
import Foundation
import StewardCore

enum RecordsErasure {
    /// One line of the schedule whose records a person's request may erase: theirs that could go now, and how many a
    /// standing legal hold keeps.
    struct Line: Sendable {
        var rule: String
        var title: String
        var erasable: [RetainedRecord]
        var held: Int
    }

    /// The form field that chooses a line (one field per line, so a form never sends a field twice).
    static func field(_ rule: String) -> String { fieldPrefix + rule }
    static let fieldPrefix = "erase-"

    /// Every line whose records a person's request may erase (their own acknowledgements, declarations and
    /// self-checks), with the records of `personID` under it that `viewer` may know of. Cases and official posts are
    /// kept for others' sake and only the schedule removes them.
    ///
    /// A record that is about the viewer too (a declaration naming them, which someone else reviews) is neither
    /// counted nor erased by them: otherwise the page would tell them of it, and of any hold on them that keeps it.
    static func lines(
        about personID: UUID, schoolID: UUID, seenBy viewer: UUID, on db: any Database
    ) async throws
        -> [Line]
    {
        let heldPeople = Set(
            try await LegalHold.query(on: db).inSchool(schoolID).filter(\.$liftedAt == nil).all()
                .compactMap(\.personID))
        var lines: [Line] = []
        for source in Features.scheduledRecords {
            guard let ofPerson = source.ofPerson else { continue }
            let records = try await ofPerson(personID, schoolID, db).filter { !$0.people.contains(viewer) }
            for rule in source.rules {
                let theirs = records.filter { $0.rule == rule }
                let free = theirs.filter { $0.people.isDisjoint(with: heldPeople) }
                lines.append(
                    Line(
                        rule: rule, title: RetentionScheduleRule.named(rule)?.records ?? rule, erasable: free,
                        held: theirs.count - free.count))
            }
        }
        return lines
    }

    /// Removes, inside the caller's write, the records of `personID` under `rules` that no hold keeps (counted again
    /// here, so a hold placed or a record removed since the page was read is respected), takes the personal data out
    /// of the audit entries that described them, and brings the purge's list up to date. Answers the counts by line.
    static func erase(
        _ rules: Set<String>, about personID: UUID, schoolID: UUID, by viewer: UUID, request requestID: UUID,
        on db: any Database, audit: AuditWriter
    ) async throws -> [String: Int] {
        let records = try await lines(about: personID, schoolID: schoolID, seenBy: viewer, on: db)
            .filter { rules.contains($0.rule) }.flatMap(\.erasable)
        guard !records.isEmpty else { return [:] }
        var matches: [AuditMatch] = []
        for source in Features.scheduledRecords where source.ofPerson != nil {
            for rule in source.rules {
                let ids = records.filter { $0.rule == rule }.map(\.id)
                guard !ids.isEmpty else { continue }
                matches += try await source.remove(rule, ids, schoolID, db)
            }
        }
        try await RecordsPurge.refreshList(schoolID: schoolID, on: db)
        try await RecordsPurge.blank(
            matches, records: records, schoolID: schoolID, trustWide: false,
            extra: ["request": requestID.uuidString, "erasure": "true"], on: db, audit: audit)
        return Dictionary(grouping: records, by: \.rule).mapValues(\.count)
    }

    /// What the request has erased so far, as the page says it ("4 acknowledgements of policies; …").
    static func summary(_ stored: String?) -> String? {
        guard let data = stored?.data(using: .utf8),
            let counts = try? JSONDecoder().decode([String: Int].self, from: data), !counts.isEmpty
        else { return nil }
        let order = RetentionScheduleRule.defaults.map(\.key)
        return counts.sorted { (order.firstIndex(of: $0.key) ?? 99) < (order.firstIndex(of: $1.key) ?? 99) }
            .map { "\(RetentionScheduleRule.named($0.key)?.records ?? $0.key): \($0.value)" }
            .joined(separator: "; ")
    }

    /// `stored` with `more` added to it.
    static func adding(_ more: [String: Int], to stored: String?) -> String {
        var counts =
            stored.flatMap { $0.data(using: .utf8) }.flatMap { try? JSONDecoder().decode([String: Int].self, from: $0) }
            ?? [:]
        counts.merge(more, uniquingKeysWith: +)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(counts)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }
}
