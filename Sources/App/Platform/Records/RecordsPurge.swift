// The daily purge: lists what has nearly passed its period, removes what has (never what is held), takes the
// personal data out of the audit entries that described it, and records it all in the audit log.

import Fluent
import Foundation
import SQLKit
import StewardCore
import Vapor

enum RecordsPurge {
    static let kind = "records.purge"

    /// One school's records under the schedule, as the purge decides about them today.
    struct Plan: Sendable {
        var listed: [(record: RetainedRecord, removeOn: CalendarDate)] = []
        var due: [RetainedRecord] = []
        var held: [RetainedRecord] = []
        var needsDecision: [(record: RetainedRecord, why: String)] = []
    }

    /// What the purge would do for `schoolID` on `today` (reads only): the list as it stands, or as it would stand
    /// with some lines' `periods` changed.
    static func plan(
        schoolID: UUID, today: CalendarDate, on db: any Database, periods: [String: RetentionPeriod] = [:]
    ) async throws -> Plan {
        guard let school = try await School.find(schoolID, on: db) else { return Plan() }
        let schedule = Dictionary(
            try await RetentionSchedules.rules(schoolID: schoolID, trustID: school.$trust.id, on: db)
                .map { rule in
                    var rule = rule
                    if let period = periods[rule.key] { rule.period = period }
                    return (rule.key, rule)
                }, uniquingKeysWith: { first, _ in first })
        let holds = try await LegalHold.query(on: db).inSchool(schoolID).filter(\.$liftedAt == nil).all()
        let heldCases = Set(holds.compactMap(\.caseID))
        let heldPeople = Set(holds.compactMap(\.personID))
        var listedOn: [String: CalendarDate] = [:]
        for notice in try await PurgeNotice.query(on: db).inSchool(schoolID).all() {
            listedOn["\(notice.rule) \(notice.recordID)"] = CalendarDate(parsing: notice.listedOn)
        }
        var plan = Plan()
        for source in Features.scheduledRecords {
            for record in try await source.records(schoolID, schedule, today, db) {
                let held = record.caseID.map(heldCases.contains) == true || !record.people.isDisjoint(with: heldPeople)
                let listed = listedOn["\(record.rule) \(record.id)"]
                switch PurgePlanner.decide(record, held: held, listedOn: listed, today: today) {
                case .kept: continue
                case .held:
                    // Shown as kept by its hold only when, without it, it would be listed or removed.
                    switch PurgePlanner.decide(record, held: false, listedOn: listed, today: today) {
                    case .listed, .remove: plan.held.append(record)
                    case .kept, .held, .needsDecision: continue
                    }
                case .needsDecision(let why): plan.needsDecision.append((record, why))
                case .listed(let day): plan.listed.append((record, day))
                case .remove: plan.due.append(record)
                }
            }
        }
        return plan
    }

    /// The day's purge for one school, in one audited transaction: the list brought up to date, what is due removed
    /// with the personal data of the audit entries that described it, and the counts recorded. Answers how many
    /// records each line removed.
    @discardableResult
    static func run(schoolID: UUID, today: CalendarDate, app: Application) async throws -> [String: Int] {
        let removed = try await AuditLog.write(on: app.db, context: .system("records", app)) { db, audit in
            try await run(schoolID: schoolID, today: today, on: db, audit: audit)
        }
        if removed.values.reduce(0, +) > 0 { try await reclaimSpace(app.db, logger: app.logger) }
        return removed
    }

    /// The purge's work inside a write transaction (also run when a period or a hold changes, so the list is
    /// right at once).
    static func run(
        schoolID: UUID, today: CalendarDate, on db: any Database, audit: AuditWriter
    ) async throws
        -> [String: Int]
    {
        let plan = try await plan(schoolID: schoolID, today: today, on: db)
        try await keepList(plan, schoolID: schoolID, today: today, on: db)
        guard !plan.due.isEmpty else { return [:] }
        // Cases that not every reader of the school's figures may know of are counted only where trust
        // administrators alone read them, as the figures do: decided before anything is removed.
        let quiet = try await CaseSideDoors.uncountable(
            Set(plan.due.compactMap(\.caseID)), schoolID: schoolID, on: db)
        var matches: [AuditMatch] = []
        var removed: [String: Int] = [:]
        for source in Features.scheduledRecords {
            for rule in source.rules {
                let ids = plan.due.filter { $0.rule == rule }.map(\.id)
                guard !ids.isEmpty else { continue }
                matches += try await source.remove(rule, ids, schoolID, db)
                removed[rule, default: 0] += ids.count
            }
        }
        for (rule, records) in Dictionary(grouping: plan.due, by: \.rule) {
            try await PurgeNotice.query(on: db).inSchool(schoolID).filter(\.$rule == rule)
                .filter(\.$recordID ~~ records.map(\.id)).delete()
        }
        let open = plan.due.filter { $0.caseID.map(quiet.contains) != true }
        let hidden = plan.due.filter { $0.caseID.map(quiet.contains) == true }
        let hiddenTargets = Set(hidden.compactMap(\.caseID).map { "case:\($0.uuidString)" })
        try await blank(
            matches.filter { !hiddenTargets.contains($0.target) }, records: open, schoolID: schoolID, trustWide: false,
            on: db, audit: audit)
        try await blank(
            matches.filter { hiddenTargets.contains($0.target) }, records: hidden, schoolID: schoolID,
            trustWide: true, on: db, audit: audit)
        return removed
    }

    /// Brings the list of `schoolID` up to date without removing anything (after a period or a hold changes), inside
    /// the write that changed it.
    static func refreshList(schoolID: UUID, on db: any Database) async throws {
        guard let school = try await School.find(schoolID, on: db) else { return }
        let today = school.clock.date(of: Date())
        try await keepList(
            try await plan(schoolID: schoolID, today: today, on: db), schoolID: schoolID, today: today, on: db)
    }

    /// Brings the list up to date: what is listed keeps the day it was first listed; what is no longer listed
    /// (held, its period lengthened, removed) leaves it.
    private static func keepList(_ plan: Plan, schoolID: UUID, today: CalendarDate, on db: any Database) async throws {
        let existing = try await PurgeNotice.query(on: db).inSchool(schoolID).all()
        var byKey: [String: PurgeNotice] = [:]
        for notice in existing { byKey["\(notice.rule) \(notice.recordID)"] = notice }
        var keep = Set<String>()
        for (record, day) in plan.listed {
            let key = "\(record.rule) \(record.id)"
            keep.insert(key)
            if let notice = byKey[key] {
                if notice.removeOn != day.description {
                    notice.removeOn = day.description
                    try await notice.update(on: db)
                }
            } else {
                try await PurgeNotice(
                    schoolID: schoolID, rule: record.rule, recordID: record.id, caseID: record.caseID,
                    listedOn: today.description, removeOn: day.description
                ).create(on: db)
            }
        }
        for record in plan.due { keep.insert("\(record.rule) \(record.id)") }
        let gone = existing.filter { !keep.contains("\($0.rule) \($0.recordID)") }.compactMap(\.id)
        if !gone.isEmpty { try await PurgeNotice.query(on: db).filter(\.$id ~~ gone).delete() }
    }

    /// Takes the personal data out of the audit entries `matches` finds, and appends the purge's own entry: the
    /// counts, and a digest of every entry blanked, so `audit verify` accepts them blank and nothing else. `extra`
    /// says what removed them when it was not the schedule (an erasure request).
    static func blank(
        _ matches: [AuditMatch], records: [RetainedRecord], schoolID: UUID, trustWide: Bool,
        extra: [String: String] = [:], on db: any Database, audit: AuditWriter
    ) async throws {
        guard !records.isEmpty else { return }
        let purgeID = UUID().uuidString
        var redactions: [AuditRedaction] = []
        let byTarget = Dictionary(grouping: matches, by: \.target)
        let targets = Array(byTarget.keys)
        var start = 0
        while start < targets.count {
            let chunk = Array(targets[start..<min(start + 500, targets.count)])
            start += chunk.count
            for entry in try await AuditEntry.query(on: db).filter(\.$target ~~ chunk).all() {
                guard entry.id != nil, let target = entry.target, !entry.record.isBlank,
                    entry.action != AuditRedaction.purgeAction,
                    (byTarget[target] ?? []).contains(where: { covers($0, entry) })
                else { continue }
                redactions.append(
                    AuditRedaction(blanking: entry.record, purgeID: purgeID, key: audit.context.sealing.chainKey))
            }
        }
        let now = Date()
        for redaction in redactions { try await AuditBlank(redaction, at: now).create(on: db) }
        if let sql = db as? any SQLDatabase {
            var index = 0
            let seqs = redactions.map(\.seq)
            while index < seqs.count {
                let chunk = Array(seqs[index..<min(index + 500, seqs.count)])
                index += chunk.count
                try await sql.update(AuditEntry.schema).set("actor_id", to: SQLLiteral.null)
                    .set("actor_name", to: SQLLiteral.null).set("client_address", to: SQLLiteral.null)
                    .set("details", to: AuditRedaction.blankDetails).where("seq", .in, chunk).run()
            }
        }
        var details = Dictionary(grouping: records, by: \.rule).mapValues { String($0.count) }
        details.merge(extra) { ours, _ in ours }
        details["purge"] = purgeID
        details["blanked"] = String(redactions.count)
        if !redactions.isEmpty { details["blanked_digest"] = AuditRedaction.digest(redactions) }
        if trustWide {
            details["school"] = schoolID.uuidString
            try await audit.appendTrustWide(AuditRedaction.purgeAction, details: details)
        } else {
            try await audit.append(AuditRedaction.purgeAction, schoolID: schoolID, details: details)
        }
    }

    /// Whether `match` describes `entry`: the same target, and, when the match names them, the action and person.
    private static func covers(_ match: AuditMatch, _ entry: AuditEntry) -> Bool {
        if let action = match.action, entry.action != action { return false }
        if let person = match.person, !entry.details.contains("\"person\":\"\(person.uuidString)\"") { return false }
        return true
    }

    /// After a removal, SQLite's write-ahead log still holds the old pages until a checkpoint: fold it back and
    /// empty it (secure_delete, set on every connection, has already zeroed the freed space). Answers whether it was
    /// emptied. A reader still on an older snapshot after the busy timeout keeps it from being: then the old pages
    /// stay in the -wal file until a later checkpoint (the daily maintenance job runs one, and SQLite runs one when the
    /// last connection closes), and the log says so, so an operator is not left believing they went at once.
    static let checkpointHeldUp =
        "records were removed, but a reader kept SQLite's write-ahead log from being emptied: their old pages stay in "
        + "steward.sqlite-wal until the next checkpoint (the daily maintenance job runs one)"

    @discardableResult
    static func reclaimSpace(_ db: any Database, logger: Logger) async throws -> Bool {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return true }
        struct Checkpoint: Decodable { var busy: Int }
        let result = try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").first(decoding: Checkpoint.self)
        guard result?.busy ?? 0 == 0 else {
            logger.warning("\(checkpointHeldUp)")
            return false
        }
        return true
    }
}
