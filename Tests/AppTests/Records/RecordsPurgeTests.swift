// The daily purge (issue 17, items 2 and 3) across a simulated ten years: a case is listed 30 days before its day and
// removed on it, never sooner; a held case is kept until its hold is lifted and then given full notice; afterwards no
// trace of the removed case is left in any table or in the database file, and the audit log still verifies.

import Fluent
import Foundation
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Records management: the purge")
struct RecordsPurgeTests {
    @Test("Ten years of daily purges: removed on its day after notice, a held case kept, nothing left behind")
    func tenYears() async throws {
        try await withSteward { app, demo in
            let schoolID = try await app.schoolID("st-cleopas")
            let planted = "PLANTED\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
            let removed = try await PurgeFixture.report(app, demo, text: "Text \(planted)", file: "\(planted).png")
            let held = try await PurgeFixture.report(app, demo, text: "Held case", file: "held.png")
            let closedOn = CalendarDate(Date())
            try await PurgeFixture.close(app, removed, on: closedOn)
            try await PurgeFixture.close(app, held, on: closedOn)
            // Planted where a case's words go: the case, its chronology, its evidence's name, and the audit log.
            let before = try await PurgeFixture.tablesHolding(planted, in: app)
            #expect(Set(["audit_entries", "cases", "case_evidence"]).isSubset(of: before), "\(before)")

            // The headteacher places a hold on the second case through the page.
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let reference = try #require(try await Case.find(held, on: app.db)).reference
            let page = try await head.get(RetentionPaths.holds())
            let placed = try await head.post(
                RetentionPaths.holds(), [("on", "case"), ("reference", reference), ("reason", "A claim is expected.")],
                csrf: page.csrf)
            #expect(placed.status == .seeOther)

            let due = RetentionPeriod.years(6).after(closedOn)
            let edges = [-31, -30, -1, 0].map { due.adding(days: $0) }
            let end = RetentionPeriod.years(10).after(closedOn)
            var days = Set(edges)
            var day = closedOn
            while day <= end {
                days.insert(day)
                day = day.adding(days: 30)
            }
            let liftOn = RetentionPeriod.years(9).after(closedOn)
            days.insert(liftOn)
            var liftedAt: CalendarDate?
            for today in days.sorted() {
                if today >= liftOn, liftedAt == nil {
                    let hold = try #require(try await LegalHold.query(on: app.db).filter(\.$caseID == held).first())
                    hold.liftedAt = Date()
                    hold.liftedBy = try await app.personID(demo.account("st-cleopas", "headteacher").email)
                    hold.liftReason = "The claim was settled."
                    try await hold.update(on: app.db)
                    liftedAt = today
                }
                try await RecordsPurge.run(schoolID: schoolID, today: today, app: app)
                let listed = try await PurgeNotice.query(on: app.db).filter(\.$recordID == removed).first()
                let present = try await Case.find(removed, on: app.db) != nil
                #expect(present == (today < due), "\(today)")
                if today == due.adding(days: -31) { #expect(listed == nil, "listed more than 30 days ahead") }
                if today == due.adding(days: -30) || today == due.adding(days: -1) {
                    #expect(listed?.removeOn == due.description, "\(today)")
                }
                let heldPresent = try await Case.find(held, on: app.db) != nil
                if let lifted = liftedAt {
                    #expect(heldPresent == (today < lifted.adding(days: PurgePlanner.noticeDays)), "\(today)")
                } else {
                    #expect(heldPresent, "a held case was removed on \(today)")
                }
            }
            #expect(liftedAt != nil)
            // The held case went once the hold was lifted and the notice had run (the runs after are 30 days apart).
            #expect(try await Case.find(held, on: app.db) == nil)

            // No trace of the removed case anywhere: not its text, not its evidence's name in the audit log, not in
            // the file's free pages or its write-ahead log.
            #expect(try await PurgeFixture.tablesHolding(planted, in: app) == [])
            #expect(try await CaseEntry.query(on: app.db).filter(\.$caseID == removed).count() == 0)
            #expect(try await CaseEvidence.query(on: app.db).filter(\.$caseID == removed).count() == 0)
            if (try app.sql.dialect.name) == "sqlite" { #expect(!PurgeFixture.fileHolds(planted, in: app)) }

            // Its audit entries keep their place, action and target, blank; the log still verifies.
            let entries = try await AuditEntry.query(on: app.db).filter(\.$target == "case:\(removed.uuidString)")
                .all()
            #expect(entries.count >= 3)
            for entry in entries {
                #expect(entry.record.isBlank, "\(entry.action)")
                #expect(try await AuditBlank.find(entry.id, on: app.db) != nil)
            }
            let verdict = try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing)
            guard case .intact = verdict else {
                Issue.record("the audit log does not verify after the purge: \(verdict)")
                return
            }
            let purges = try await AuditEntry.query(on: app.db).filter(\.$action == AuditRedaction.purgeAction)
                .filter(\.$schoolID == schoolID.uuidString).all()
            let counted = purges.compactMap {
                try? JSONDecoder().decode([String: String].self, from: Data($0.details.utf8))
            }
            #expect(counted.compactMap { $0["cases"].flatMap(Int.init) }.reduce(0, +) >= 2)
        }
    }

    @Test("A removed case about the headteacher is counted only in a trust-wide entry, never in the school's")
    func hiddenCounts() async throws {
        try await withSteward { app, demo in
            let schoolID = try await app.schoolID("st-cleopas")
            let hidden = try await ConcernAccessWalkTests.reportAbout(app, demo, subject: "headteacher")
            let open = try await PurgeFixture.report(app, demo, text: "Seen", file: "s.png")
            let closedOn = CalendarDate(year: 2020, month: 1, day: 10)!
            try await PurgeFixture.close(app, hidden, on: closedOn)
            try await PurgeFixture.close(app, open, on: closedOn)
            let today = RetentionPeriod.years(6).after(closedOn).adding(days: 40)
            try await RecordsPurge.run(schoolID: schoolID, today: today, app: app)
            try await RecordsPurge.run(schoolID: schoolID, today: today.adding(days: 30), app: app)
            #expect(try await Case.find(hidden, on: app.db) == nil)
            #expect(try await Case.find(open, on: app.db) == nil)
            func counted(_ entries: [AuditEntry]) -> Int {
                entries.compactMap { try? JSONDecoder().decode([String: String].self, from: Data($0.details.utf8)) }
                    .compactMap { $0["cases"].flatMap(Int.init) }.reduce(0, +)
            }
            let purges = try await AuditEntry.query(on: app.db).filter(\.$action == AuditRedaction.purgeAction).all()
            let school = purges.filter { $0.schoolID == schoolID.uuidString }
            let trustWide = purges.filter { $0.schoolID == nil }
            #expect(counted(trustWide) == 1)
            #expect(trustWide.allSatisfy { $0.details.contains(schoolID.uuidString) })
            #expect(counted(school) >= 1)
            // The school's entries never blank an entry about the hidden case: those are the trust-wide one's.
            let hiddenEntries = try await AuditEntry.query(on: app.db).filter(\.$target == "case:\(hidden.uuidString)")
                .all()
            let blanks = try await AuditBlank.query(on: app.db).filter(\.$id ~~ hiddenEntries.compactMap(\.id)).all()
            let trustPurges = Set(
                trustWide.compactMap {
                    try? JSONDecoder().decode([String: String].self, from: Data($0.details.utf8))["purge"]
                })
            #expect(!blanks.isEmpty && blanks.allSatisfy { trustPurges.contains($0.purgeID) })
            let verdict = try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing)
            if case .broken = verdict { Issue.record("\(verdict)") }
        }
    }

    @Test("The audit log's triggers allow a purge's blanking and nothing else: no other change, no deletion")
    func triggers() async throws {
        try await withSteward { app, demo in
            let sql = try app.sql
            // A hold placed through the page writes an entry with everything a blank takes.
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let page = try await head.get(RetentionPaths.holds())
            let personID = try await app.personID(demo.account("st-cleopas", "ta").email)
            let placed = try await head.post(
                RetentionPaths.holds(), [("on", "person"), ("person", personID.uuidString), ("reason", "A claim.")],
                csrf: page.csrf)
            #expect(placed.status == .seeOther)
            // An entry with everything a blank takes: who, their name and their address.
            let entry = try #require(
                try await AuditEntry.query(on: app.db).filter(\.$actorID != nil).filter(\.$actorName != nil)
                    .filter(\.$clientAddress != nil).filter(\.$details != "{}").sort(\.$id).first())
            let seq = try #require(entry.id)
            func refused(_ statement: String) async -> Bool {
                do {
                    try await sql.raw(SQLQueryString(statement)).run()
                    return false
                } catch { return true }
            }
            let blank = AuditRedaction.blankDetails
            let blankAll =
                "UPDATE audit_entries SET actor_id = NULL, actor_name = NULL, client_address = NULL, details = '\(blank)' WHERE seq = \(seq)"
            // Without a redaction recorded first: refused.
            #expect(await refused(blankAll))
            #expect(await refused("DELETE FROM audit_entries WHERE seq = \(seq)"))
            let redaction = AuditRedaction(
                blanking: entry.record, purgeID: "test", key: app.steward.auditSealing.chainKey)
            try await AuditBlank(redaction, at: Date()).create(on: app.db)
            // With one, any other change is still refused, and so is a blank that leaves something behind.
            for change in [
                "action = 'x.y'", "target = 'case:x'", "occurred_at = '2000-01-01T00:00:00.000Z'", "hash = 'x'",
                "prev_hash = 'x'", "school_id = 'x'", "request_id = 'x'",
                "actor_id = NULL, actor_name = NULL, client_address = NULL, details = '{}'",
                "actor_name = NULL, client_address = NULL, details = '\(blank)'",
                "actor_id = NULL, client_address = NULL, details = '\(blank)'",
                "actor_id = NULL, actor_name = NULL, details = '\(blank)'",
            ] {
                #expect(await refused("UPDATE audit_entries SET \(change) WHERE seq = \(seq)"), "\(change)")
            }
            #expect(await refused("DELETE FROM audit_entries WHERE seq = \(seq)"))
            #expect(!(await refused(blankAll)))
            #expect(try await AuditEntry.find(seq, on: app.db)?.record.isBlank == true)
        }
    }
}
