// The audit log: written with every change, chained, append-only, and proven whole or broken.

import Fluent
import Foundation
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Audit log")
struct AuditTests {
    /// Drops the append-only triggers, as someone with direct database access could.
    @Test("A change and its audit entry are written together, with who, what, where and when")
    func entriesCarryContext() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(
                app, as: demo.account("st-cleopas", "headteacher").email, address: "198.51.100.23")
            try await head.post(
                "/people",
                [
                    ("forename", "Ada"), ("surname", "Lovelace"), ("email", "ada@stcleopas.example.org"),
                    ("kind", "volunteer"),
                ],
                csrfFrom: "/people/new")
            let entry = try #require(
                try await AuditEntry.query(on: app.db).filter(\.$action == "person.created").first())
            #expect(entry.actorName == "Helen Ashworth")
            #expect(entry.clientAddress == "198.51.100.23")
            #expect(entry.requestID?.isEmpty == false)
            #expect(entry.details.contains("Ada Lovelace"))
            #expect(entry.occurredAt.hasSuffix("Z"))
            let school = try #require(try await School.query(on: app.db).filter(\.$slug == "st-cleopas").first())
            #expect(entry.schoolID == school.id?.uuidString)
            #expect(
                try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing)
                    == .intact(count: entry.id ?? 0, lastHash: entry.hash))
        }
    }

    @Test("The database refuses to update or delete an audit entry")
    func appendOnly() async throws {
        try await withSteward { app, _ in
            let sql = try app.sql
            let before = try await app.count("audit_entries")
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_entries SET action = 'nothing' WHERE seq = 1").run()
            }
            await #expect(throws: (any Error).self) {
                try await sql.raw("DELETE FROM audit_entries WHERE seq = 1").run()
            }
            #expect(try await app.count("audit_entries") == before)
        }
    }

    @Test("Verification names the first entry that was changed, deleted or reordered")
    func tamperingIsDetected() async throws {
        try await withSteward { app, demo in
            let teacher = demo.account("st-cleopas", "teacher")
            // The demo's own entries come first; the three sign-ins follow them.
            let seeded = Int64(try await app.count("audit_entries"))
            for _ in 0..<3 { try await Browser(app).signIn(teacher) }
            let total = Int64(try await app.count("audit_entries"))
            #expect(total >= seeded + 3)
            guard case .intact = try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing) else {
                Issue.record("A fresh log should verify")
                return
            }
            try await app.dropAuditTriggers()
            let sql = try app.sql

            let signIn = seeded + 1
            try await sql.raw("UPDATE audit_entries SET actor_name = 'Someone Else' WHERE seq = \(bind: signIn)").run()
            #expect(
                try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing)
                    == .broken(seq: signIn, reason: "entry \(signIn) was changed after it was written"))
            try await sql.raw("UPDATE audit_entries SET actor_name = 'James Pike' WHERE seq = \(bind: signIn)").run()
            #expect(
                try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing)
                    == .intact(count: total, lastHash: try await lastHash(app)))

            try await sql.raw("DELETE FROM audit_entries WHERE seq = \(bind: signIn + 1)").run()
            guard case .broken(let seq, _) = try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing)
            else {
                Issue.record("A deleted entry must break the chain")
                return
            }
            #expect(seq == signIn + 1)
        }
    }

    @Test("Removing the newest entry or swapping two entries is detected")
    func truncationAndReorder() async throws {
        try await withSteward { app, demo in
            for _ in 0..<2 { try await Browser(app).signIn(demo.account("st-cleopas", "teacher")) }
            try await app.dropAuditTriggers()
            let sql = try app.sql
            let total = try await app.count("audit_entries")
            try await sql.raw(SQLQueryString("DELETE FROM audit_entries WHERE seq = \(unsafeRaw: String(total))")).run()
            guard case .broken(let seq, _) = try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing)
            else {
                Issue.record("A removed last entry must be detected")
                return
            }
            #expect(seq == Int64(total))
        }
        try await withSteward { app, demo in
            for _ in 0..<2 { try await Browser(app).signIn(demo.account("st-cleopas", "teacher")) }
            try await app.dropAuditTriggers()
            let sql = try app.sql
            try await sql.raw("UPDATE audit_entries SET seq = 1000 WHERE seq = 2").run()
            try await sql.raw("UPDATE audit_entries SET seq = 2 WHERE seq = 3").run()
            try await sql.raw("UPDATE audit_entries SET seq = 3 WHERE seq = 1000").run()
            guard case .broken(let seq, _) = try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing)
            else {
                Issue.record("Reordered entries must be detected")
                return
            }
            #expect(seq == 2)
        }
    }

    private func lastHash(_ app: Application) async throws -> String {
        try await AuditHead.find(1, on: app.db)?.hash ?? ""
    }

    @Test("A change waits for a write that holds the database longer than SQLite's busy timeout, and is saved")
    func aWriteWaitsItsTurn() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let csrf = try await head.get("/people/new").csrf
            // Another write holds the database for eleven seconds: longer than the ten SQLite waits for a lock.
            let slow = Task {
                try await app.db.transaction { db in
                    try await (db as! any SQLDatabase).raw("UPDATE audit_head SET seq = seq WHERE id = 1").run()
                    try await Task.sleep(for: .seconds(11))
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            let reply = try await head.post(
                "/people",
                [
                    ("forename", "Patient"), ("surname", "Writer"), ("email", "patient@stcleopas.example.org"),
                    ("kind", "volunteer"),
                ], csrf: csrf)
            try await slow.value
            #expect(reply.status == .seeOther)
            #expect(try await app.auditActions().contains("person.created"))
        }
    }

    @Test("Concurrent changes all get entries, chained in order")
    func concurrentWriters() async throws {
        try await withSteward { app, demo in
            let email = demo.account("st-cleopas", "headteacher").email
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<20 {
                    group.addTask {
                        let head = try await Browser.signedIn(app, as: email)
                        let reply = try await head.post(
                            "/people",
                            [
                                ("forename", "Pupil\(i)"), ("surname", "Helper"),
                                ("email", "helper\(i)@stcleopas.example.org"), ("kind", "volunteer"),
                            ],
                            csrfFrom: "/people/new")
                        #expect(reply.status == .seeOther)
                    }
                }
                try await group.waitForAll()
            }
            let created = try await AuditEntry.query(on: app.db).filter(\.$action == "person.created").count()
            #expect(created == 20)
            guard case .intact = try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing) else {
                Issue.record("Concurrent writers must leave an intact chain")
                return
            }
        }
    }

    @Test("Changes waiting their turn hold no connection: reading goes on while a change is held open")
    func waitingWritersLeaveConnectionsForReaders() async throws {
        try await withSteward { app, _ in
            let context = AuditContext.system("test", app)
            // More changes wait behind a change held open than the pool has connections (four an event loop).
            let waiting = 4 * System.coreCount + 4
            let writers = try await app.whileAChangeIsHeld {
                let writers = Task {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for index in 0..<waiting {
                            group.addTask {
                                try await AuditLog.write(on: app.db, context: context) { _, writer in
                                    try await writer.append("test.waited", target: "\(index)")
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                }
                // Time for each to reach wherever it waits; had they waited holding connections, this read would
                // find none free and fail when the pool's patience ran out.
                try await Task.sleep(for: .milliseconds(500))
                let people = try await Person.query(on: app.db).count()
                #expect(people > 0)
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "test.waited").count() == 0)
                return writers
            }
            try await writers.value
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "test.waited").count() == waiting)
            guard case .intact = try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing) else {
                Issue.record("Writers that waited their turn must leave an intact chain")
                return
            }
        }
    }

    @Test("A headteacher sees their own school's entries, filtered; a teacher cannot open the log")
    func auditPage() async throws {
        try await withSteward { app, demo in
            try await Browser(app).signIn(demo.account("st-cleopas", "teacher"))
            try await Browser(app).signIn(demo.account("northfield", "teacher"))
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let page = try await head.get("/audit?action=sign_in")
            #expect(page.status == .ok)
            #expect(page.body.contains("James Pike"))
            #expect(!page.body.contains("Liam Ford"))
            // Each entry's action in words, with its code (the filter's language) beside it.
            #expect(page.body.contains("Sign in succeeded<br><code class=\"hint\">sign_in.succeeded</code>"))
            let none = try await head.get("/audit?action=person.created")
            #expect(!none.body.contains("James Pike"))
            let bad = try await head.get("/audit?from=31/02/2026")
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("From date must be a real date"))
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            #expect(try await teacher.get("/audit").status == .forbidden)
        }
    }

    @Test("The audit page shows no entry numbers and pages by position, so a hidden case leaves no gap to find")
    func noNumbersNoGaps() async throws {
        try await withSteward { app, demo in
            let schoolID = try await app.schoolID("st-cleopas")
            func fill(_ count: Int, _ label: String) async throws {
                try await AuditLog.write(on: app.db, context: .command("test", app)) { _, audit in
                    try await audit.appendAll(
                        (0..<count).map { ("test.\(label)", nil, schoolID, ["n": String($0)]) })
                }
            }
            try await fill(30, "before")
            // A concern about the headteacher in the middle: its entries are hidden from her.
            _ = try await ConcernAccessWalkTests.reportAbout(app, demo, subject: "headteacher")
            try await fill(40, "after")
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            var seen: [String] = []
            var page = 1
            while page < 10 {
                let body = try await head.get("/audit?page=\(page)").body
                #expect(!body.contains("data-label=\"No.\""))
                #expect(!body.contains("before="))
                let rows = Reply.allMatches(
                    #"<td data-label="What">[^<]*<br><code class="hint">([^<]+)</code>"#, in: body)
                seen += rows
                if !body.contains("page=\(page + 1)") { break }
                #expect(rows.count == 50)
                page += 1
            }
            #expect(page == 2)
            #expect(seen.filter { $0 == "test.before" }.count == 30)
            #expect(seen.filter { $0 == "test.after" }.count == 40)
            #expect(!seen.contains { $0.hasPrefix("case.") })
            // An old link that pages by entry number is simply the first page.
            let old = try await head.get("/audit?before=40").body
            #expect(Reply.allMatches(#"(<td data-label="What">)"#, in: old).count == 50)
        }
    }

    @Test("The filters take what is typed as it is: any case, % and _ only themselves, kept whole from page to page")
    func filtersAsTyped() async throws {
        try await withSteward { app, demo in
            let schoolID = try await app.schoolID("st-cleopas")
            func fill(_ count: Int, actor: String, action: String) async throws {
                var context = AuditContext.command("test", app)
                context.actorName = actor
                try await AuditLog.write(on: app.db, context: context) { _, audit in
                    try await audit.appendAll((0..<count).map { (action, nil, schoolID, ["n": String($0)]) })
                }
            }
            // A name with every character a query string or LIKE treats specially, and one those would confuse it with.
            try await fill(60, actor: "Zoë O'Neil & Co+ 100%", action: "test.fill_a")
            try await fill(5, actor: "Zoë O'Neil and Co 1000", action: "test.fillxa")
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            func rows(_ body: String) -> [String] {
                Reply.allMatches(#"<td data-label="What">[^<]*<br><code class="hint">([^<]+)</code>"#, in: body)
            }
            func who(_ body: String) -> [String] { Reply.allMatches(#"<td data-label="Who">([^<]*)</td>"#, in: body) }
            func link(_ text: String, _ body: String) -> String? {
                Reply.firstMatch(#"<a href="([^"]+)">\#(text)</a>"#, in: body)?.replacingOccurrences(
                    of: "&amp;", with: "&")
            }
            // Typed in other letters' case, escaped as a browser sends it.
            let first = try await head.get("/audit?actor=zo%C3%AB+o%27NEIL+%26+co%2B+100%25")
            #expect(first.status == .ok)
            #expect(rows(first.body) == Array(repeating: "test.fill_a", count: 50))
            #expect(who(first.body) == Array(repeating: "Zoë O&#39;Neil &amp; Co+ 100%", count: 50))
            #expect(link("Newer entries", first.body) == nil)
            let older = try #require(link("Older entries", first.body))
            let second = try await head.get(older)
            #expect(rows(second.body) == Array(repeating: "test.fill_a", count: 10))
            #expect(link("Older entries", second.body) == nil)
            // The filter is still in the box, as typed, and the way back keeps it.
            #expect(second.body.contains(#"value="zoë o&#39;NEIL &amp; co+ 100%""#))
            let back = try await head.get(try #require(link("Newer entries", second.body)))
            #expect(rows(back.body) == rows(first.body))
            // "_" is an underscore, not any one character; "%" a percent sign, not anything.
            var underscore: [String] = []
            var next: String? = "/audit?action=test.fill_"
            while let path = next {
                let body = try await head.get(path).body
                underscore += rows(body)
                next = link("Older entries", body)
            }
            #expect(underscore == Array(repeating: "test.fill_a", count: 60))
            for wildcard in ["%25", "_", "%25fill", "test.fill%25", "%5C", "test.fill%5C_a"] {
                let body = try await head.get("/audit?action=\(wildcard)").body
                #expect(body.contains("No entries match."), "action=\(wildcard)")
            }
            #expect(
                rows(try await head.get("/audit?action=TEST.FILLX").body) == Array(repeating: "test.fillxa", count: 5))
            #expect(rows(try await head.get("/audit?actor=_").body).isEmpty)
            // The action as its words on the page, in any case, finds what its code finds.
            for words in ["Test+fill+a", "test+FILL+", "test-fill_a", "Test+fillxa"] {
                let found = rows(try await head.get("/audit?action=\(words)").body)
                #expect(!found.isEmpty && found.allSatisfy { $0.hasPrefix("test.fill") }, "\(words)")
            }
            #expect(
                rows(try await head.get("/audit?action=Test+fillxa").body) == Array(repeating: "test.fillxa", count: 5))
            #expect(
                rows(try await head.get("/audit?action=Test+Fill+A").body) == Array(repeating: "test.fill_a", count: 50)
            )
            // A control or invisible character is refused with a message, not searched for (a NUL once cut the
            // pattern short and listed every name ending in what came before it).
            for typed in ["actor=h%00zzz", "actor=%00", "action=sign%00zzz", "actor=a%E2%80%AEb", "action=%07"] {
                let reply = try await head.get("/audit?\(typed)")
                #expect(reply.status == .badRequest, "\(typed)")
                #expect(reply.body.contains("contains an invisible or control character"), "\(typed)")
                #expect(rows(reply.body).isEmpty, "\(typed)")
            }
            #expect(
                rows(try await head.get("/audit?actor=AND+CO+10").body) == Array(repeating: "test.fillxa", count: 5))
        }
    }

    @Test(
        "An action's code reads as words: parts and words in order, the first capitalised, abbreviations in capitals",
        arguments: [
            ("sign_in.succeeded", "Sign in succeeded"),
            ("case.lado_referral_recorded", "Case LADO referral recorded"),
            ("records.sar_exported", "Records SAR exported"),
            ("api.token_created", "API token created"),
            ("hr.advice-recorded", "HR advice recorded"),
            ("policy", "Policy"),
            ("Policy.Published", "Policy Published"),
            ("csv", "CSV"),
            ("a..b__c", "A b c"),
            (".", "."),
            ("", ""),
            ("_", "_"),
            ("rapid.hrs", "Rapid hrs"),
            ("émile.ok", "Émile ok"),
        ])
    func actionInWords(code: String, words: String) {
        #expect(AuditController.describe(code) == words)
    }
}
