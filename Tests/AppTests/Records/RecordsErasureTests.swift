// Erasure requests that are granted (issue 17, item 5): the headteacher erases the person's own acknowledgements,
// declarations and self-checks, and nothing of them is left in the database; a legal hold keeps what it covers; every
// bad form, wrong role and wrong request changes nothing.

import Fluent
import Foundation
import SQLiteNIO
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Records management: erasing records when an erasure request is granted")
struct RecordsErasureTests {
    /// The teacher has acknowledged the policy and declared a friendship whose detail is `planted`; the headteacher
    /// has recorded the teacher's request to erase their records. Answers the request's id.
    static func scene(_ app: Application, _ demo: Demo, planted: String) async throws -> UUID {
        let scene = try await DeclarationScene.make(app, demo)
        let teacher = try await scene.browser("teacher")
        let policy = try await app.stCleopasPolicy()
        let id = try policy.requireID()
        let page = try await teacher.get("/policies/\(id)")
        let version = try #require(Reply.firstMatch(#"name="version" value="([^"]+)""#, in: page.body))
        let acknowledged = try await teacher.post(
            "/policies/\(id)/acknowledge", [("version", version), ("confirm", "yes")], csrf: page.csrf)
        #expect(acknowledged.status == .seeOther)
        let declared = try await scene.declare(
            teacher, party: "colleague", pick: try await scene.id("ta"), detail: planted)
        #expect(declared.status == .seeOther)
        let head = try await scene.browser("headteacher")
        let recorded = try await RecordsRequestTests.record(
            head,
            [
                ("kind", "erasure"), ("person", try await scene.id("teacher").uuidString),
                ("received", Display.today.description), ("details", "Everything I declared and acknowledged."),
            ])
        #expect(recorded.status == .seeOther)
        return try #require(try await RecordsRequest.query(on: app.db).filter(\.$kind == .erasure).first()?.id)
    }

    static func erase(_ browser: Browser, _ id: UUID, _ fields: [(String, String)]) async throws -> Reply {
        let page = try await browser.get(RetentionPaths.request(id))
        return try await browser.post(RetentionPaths.erase(id), fields, csrf: page.csrf)
    }

    /// What an erasure can change: the person's own records of every kind, the audit log and the request.
    static func counts(_ app: Application) async throws -> [Int] {
        [
            try await app.count("policy_acknowledgements"), try await app.count("declarations"),
            try await app.count("declaration_confirmations"), try await app.count("self_checks"),
            try await app.count("audit_entries"), try await app.count("audit_redactions"),
        ]
    }

    @Test("Erasing removes what was chosen, leaves no trace of it anywhere, keeps the rest, and the log verifies")
    func erases() async throws {
        try await withSteward { app, demo in
            let planted = "erase-me-\(UUID().uuidString.prefix(8))"
            let id = try await Self.scene(app, demo, planted: planted)
            let teacherID = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let page = try await head.get(RetentionPaths.request(id))
            #expect(page.body.contains("Erasing their records"))
            #expect(page.body.contains(#"name="erase-declarations""#))
            #expect(page.body.contains(#"name="erase-acknowledgements""#))
            // The demo's teacher has done a privacy self-check.
            #expect(page.body.contains(#"name="erase-self_checks""#))
            let checks = try await app.count("self_checks")
            // Cases and posts are never offered, whatever is sent.
            #expect(!page.body.contains(#"name="erase-cases""#) && !page.body.contains(#"name="erase-allegations""#))
            #expect(!page.body.contains("Kept by a legal hold"))
            #expect(!(try await PurgeFixture.tablesHolding(planted, in: app)).isEmpty)
            let others = try await PolicyAcknowledgement.query(on: app.db).filter(\.$person.$id != teacherID).count()
            let declarations = try await Declaration.query(on: app.db).filter(\.$declarerID == teacherID).all()
                .compactMap(\.id).map { "declaration:\($0.uuidString)" }
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$target ~~ declarations).filter(
                    \.$actorID == teacherID.uuidString
                )
                .count() > 0)
            let reply = try await Self.erase(
                head, id, [("erase-declarations", "yes"), ("erase-acknowledgements", "yes"), ("confirm", "yes")])
            #expect(reply.status == .seeOther)
            #expect(reply.location == RetentionPaths.request(id) + "?done=erased")
            #expect(try await Declaration.query(on: app.db).filter(\.$declarerID == teacherID).count() == 0)
            #expect(
                try await PolicyAcknowledgement.query(on: app.db).filter(\.$person.$id == teacherID).count() == 0)
            #expect(try await PolicyAcknowledgement.query(on: app.db).count() == others)
            #expect(try await PurgeFixture.tablesHolding(planted, in: app) == [])
            if (try app.sql.dialect.name) == "sqlite" { #expect(!PurgeFixture.fileHolds(planted, in: app)) }
            let verdict = try await AuditLog.verify(on: app.db, sealing: app.steward.auditSealing)
            guard case .intact = verdict else {
                Issue.record("the audit log does not verify after an erasure: \(verdict)")
                return
            }
            // Who made them is gone from the audit entries that described them.
            let described = try await AuditEntry.query(on: app.db).filter(\.$target ~~ declarations).all()
            #expect(!described.isEmpty && described.allSatisfy { $0.actorID == nil && $0.actorName == nil })
            let actions = try await app.auditActions()
            #expect(actions.suffix(2) == [AuditRedaction.purgeAction, "records.erased"])
            let after = try await head.get(reply.location ?? "")
            #expect(after.body.contains("The records are erased."))
            #expect(after.body.contains("Erased so far: Acknowledgements of policies: 1; Declarations"))
            // What was not chosen stays, and is still offered; what went is not.
            #expect(try await app.count("self_checks") == checks)
            #expect(!after.body.contains(#"name="erase-declarations""#))
            #expect(after.body.contains(#"name="erase-self_checks""#))
            // The teacher is asked again for what they still owe.
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            #expect(try await teacher.get("/").body.contains("Read and acknowledge Use of Social Media Policy"))
            // Sent again (a second tab): nothing left to erase, and it says so.
            let again = try await head.post(
                RetentionPaths.erase(id), [("erase-declarations", "yes"), ("confirm", "yes")], csrf: after.csrf)
            #expect(again.location == RetentionPaths.request(id) + "?done=nothing-erased")
            // The answer is recorded after; then nothing more is erased from it.
            let closed = try await head.post(RetentionPaths.close(id), [("outcome", "done")], csrf: after.csrf)
            #expect(closed.status == .seeOther)
            let final = try await head.get(RetentionPaths.request(id))
            #expect(final.body.contains("Erased so far: Acknowledgements of policies: 1"))
            #expect(!final.body.contains("Erase the chosen records"))
        }
    }

    @Test("Every bad form, wrong role and wrong request: a clear message, nothing erased, nothing audited")
    func refusals() async throws {
        try await withSteward { app, demo in
            let id = try await Self.scene(app, demo, planted: "kept")
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let ok = [("erase-declarations", "yes"), ("confirm", "yes")]
            let forms: [([(String, String)], HTTPStatus, String)] = [
                ([("confirm", "yes")], .badRequest, "Choose which of their records to erase."),
                ([("erase-cases", "yes"), ("confirm", "yes")], .badRequest, "to erase from the list."),
                ([("erase-allegations", "yes"), ("confirm", "yes")], .badRequest, "to erase from the list."),
                ([("erase-", "yes"), ("confirm", "yes")], .badRequest, "to erase from the list."),
                ([("erase-declarations", "no"), ("confirm", "yes")], .badRequest, "to erase from the list."),
                ([("erase-declarations", "yes")], .badRequest, "Confirm that these records are to be erased"),
                ([("erase-declarations", "yes"), ("confirm", "no")], .badRequest, "Confirm that these records"),
                (ok + [("confirm", "yes")], .badRequest, "more than once: nothing was saved"),
            ]
            for (fields, status, message) in forms {
                let before = try await Self.counts(app)
                let reply = try await Self.erase(head, id, fields)
                #expect(reply.status == status, "\(fields)")
                #expect(reply.body.contains(message), "\(fields): \(reply.body.prefix(200))")
                #expect(try await Self.counts(app) == before, "\(fields)")
            }
            // A form sent back keeps what was ticked.
            let kept = try await Self.erase(head, id, [("erase-declarations", "yes")])
            #expect(kept.body.contains(#"name="erase-declarations" value="yes" checked"#))
            // Not a URL-encoded form.
            let page = try await head.get(RetentionPaths.request(id))
            let before = try await Self.counts(app)
            let multipart = try await head.postMultipart(
                RetentionPaths.erase(id), csrf: page.csrf, fields: ok, files: [])
            #expect(multipart.status == .unsupportedMediaType)
            // Roles: only the headteacher erases; HR handles the request but does not erase, nor learn of holds.
            for local in ["hr", "teacher", "dsl", "governor"] {
                let browser = try await Browser.signedIn(app, as: demo.account("st-cleopas", local).email)
                let reply = try await browser.post(RetentionPaths.erase(id), ok, csrf: page.csrf)
                #expect(reply.status == .forbidden, "\(local)")
            }
            let hr = try await Browser.signedIn(app, as: demo.account("st-cleopas", "hr").email)
            let hrPage = try await hr.get(RetentionPaths.request(id))
            #expect(hrPage.body.contains("Erasing records is for the headteacher"))
            #expect(!hrPage.body.contains("erase-declarations"))
            // Another school's headteacher: not found.
            let other = try await Browser.signedIn(app, as: demo.account("northfield", "headteacher").email)
            let otherPage = try await other.get("/")
            #expect(try await other.post(RetentionPaths.erase(id), ok, csrf: otherPage.csrf).status == .notFound)
            #expect(try await Self.counts(app) == before)
            // A subject-access or correction request erases nothing.
            let teacherID = try await app.personID(demo.account("st-cleopas", "teacher").email)
            for kind in ["access", "rectification"] {
                let recorded = try await RecordsRequestTests.record(
                    head,
                    [
                        ("kind", kind), ("person", teacherID.uuidString), ("received", Display.today.description),
                        ("details", "Something."),
                    ])
                #expect(recorded.status == .seeOther)
                let other = try #require(
                    try await RecordsRequest.query(on: app.db).filter(\.$kind == RecordsRequestKind(rawValue: kind)!)
                        .first()?.id)
                #expect(!(try await head.get(RetentionPaths.request(other))).body.contains("Erasing their records"))
                #expect(try await Self.erase(head, other, ok).status == .notFound)
            }
            #expect(try await Self.counts(app).prefix(4) == before.prefix(4))
            // A request about the headteacher herself, recorded by HR: not hers to erase.
            let headID = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            let own = try await RecordsRequestTests.record(
                hr,
                [
                    ("kind", "erasure"), ("person", headID.uuidString), ("received", Display.today.description),
                    ("details", "My records."),
                ])
            #expect(own.status == .seeOther)
            let ownID = try #require(
                try await RecordsRequest.query(on: app.db).filter(\.$personID == headID).first()?.id)
            let ownPage = try await head.get(RetentionPaths.request(ownID))
            #expect(!ownPage.body.contains("erase-acknowledgements"))
            let counted = try await Self.counts(app)
            let mine = try await head.post(
                RetentionPaths.erase(ownID), [("erase-acknowledgements", "yes"), ("confirm", "yes")],
                csrf: ownPage.csrf)
            #expect(mine.status == .forbidden)
            #expect(mine.body.contains("This request is about you, so its records are not yours to erase."))
            #expect(try await Self.counts(app) == counted)
            // Once answered, nothing more is erased.
            let closed = try await head.post(
                RetentionPaths.close(id),
                [("outcome", "refused"), ("basis", "declarations"), ("reason", "Still employed.")], csrf: page.csrf)
            #expect(closed.status == .seeOther)
            let answered = try await Self.counts(app)
            let late = try await head.post(RetentionPaths.erase(id), ok, csrf: page.csrf)
            #expect(late.status == .conflict)
            #expect(late.body.contains("nothing is erased from it now"))
            #expect(try await Self.counts(app) == answered)
        }
    }

    @Test("A legal hold keeps what it covers: on the person, or on the other party of their declaration")
    func holds() async throws {
        try await withSteward { app, demo in
            let planted = "held-\(UUID().uuidString.prefix(8))"
            let id = try await Self.scene(app, demo, planted: planted)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let teacherID = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let taID = try await app.personID(demo.account("st-cleopas", "ta").email)
            // A hold on the TA, the other party of the teacher's declaration: that one stays; the teacher's other
            // declaration (the demo's, about someone else) may go.
            let placed = try await LegalHoldTests.place(
                head, [("on", "person"), ("person", taID.uuidString), ("reason", "A claim.")])
            #expect(placed.status == .seeOther)
            let declared = try await Declaration.query(on: app.db).filter(\.$declarerID == teacherID).count()
            let page = try await head.get(RetentionPaths.request(id))
            #expect(page.body.contains("Kept by a legal hold"))
            #expect(page.body.contains("Declarations of relationships and their outcomes (\(declared - 1))"))
            let erased = try await head.post(
                RetentionPaths.erase(id), [("erase-declarations", "yes"), ("confirm", "yes")], csrf: page.csrf)
            #expect(erased.location == RetentionPaths.request(id) + "?done=erased")
            #expect(try await Declaration.query(on: app.db).filter(\.$declarerID == teacherID).count() == 1)
            #expect(!(try await PurgeFixture.tablesHolding(planted, in: app)).isEmpty)
            let after = try await head.get(RetentionPaths.request(id))
            #expect(!after.body.contains(#"name="erase-declarations""#))
            let before = try await Self.counts(app)
            let refused = try await head.post(
                RetentionPaths.erase(id), [("erase-declarations", "yes"), ("confirm", "yes")], csrf: after.csrf)
            #expect(refused.location == RetentionPaths.request(id) + "?done=nothing-erased")
            #expect(try await Self.counts(app) == before)
            // HR sees no sign of the hold on the request's page.
            let hr = try await Browser.signedIn(app, as: demo.account("st-cleopas", "hr").email)
            let hrPage = try await hr.get(RetentionPaths.request(id))
            #expect(!hrPage.body.contains("legal hold") && !hrPage.body.contains("Kept by"))
            // A hold on the teacher too (placed by the trust): nothing can be erased while it stands.
            let onTeacher = try await LegalHoldTests.place(
                admin, [("on", "person"), ("person", teacherID.uuidString), ("reason", "Another claim.")])
            #expect(onTeacher.status == .seeOther)
            let held = try await head.get(RetentionPaths.request(id))
            let standing = try await Self.counts(app)
            #expect(held.body.contains("Nothing of theirs can be erased now while the legal hold stands."))
            #expect(!held.body.contains("Erase the chosen records"))
            let stale = try await head.post(
                RetentionPaths.erase(id), [("erase-acknowledgements", "yes"), ("confirm", "yes")], csrf: held.csrf)
            #expect(stale.location == RetentionPaths.request(id) + "?done=nothing-erased")
            #expect(try await Self.counts(app) == standing)
            #expect(!(try await PurgeFixture.tablesHolding(planted, in: app)).isEmpty)
        }
    }

    @Test("A declaration naming the headteacher is not hers to count or erase, nor its hold hers to learn of")
    func namingTheEraser() async throws {
        try await withSteward { app, demo in
            let id = try await Self.scene(app, demo, planted: "about the TA")
            let scene = try await DeclarationScene.make(app, demo)
            let teacherID = try await scene.id("teacher")
            let headID = try await scene.id("headteacher")
            let naming = try await scene.declareColleague("teacher", about: "headteacher")
            let head = try await scene.browser("headteacher")
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let all = try await Declaration.query(on: app.db).filter(\.$declarerID == teacherID).count()
            let page = try await head.get(RetentionPaths.request(id))
            #expect(page.body.contains("Declarations of relationships and their outcomes (\(all - 1))"))
            // A hold on her, placed by the trust: her page says nothing of it.
            let placed = try await LegalHoldTests.place(
                admin, [("on", "person"), ("person", headID.uuidString), ("reason", "A claim about her.")])
            #expect(placed.status == .seeOther)
            let held = try await head.get(RetentionPaths.request(id))
            #expect(!held.body.contains("Kept by a legal hold") && !held.body.contains("while the legal hold stands"))
            #expect(held.body.contains("Declarations of relationships and their outcomes (\(all - 1))"))
            // Nor may she erase it: everything else goes, the declaration naming her stays for its reviewer.
            let erased = try await head.post(
                RetentionPaths.erase(id), [("erase-declarations", "yes"), ("confirm", "yes")], csrf: held.csrf)
            #expect(erased.location == RetentionPaths.request(id) + "?done=erased")
            #expect(
                try await Declaration.query(on: app.db).filter(\.$declarerID == teacherID).all().map(\.id) == [naming])
            // HR reads that records were erased, not which lines: the rest could tell HR that a hold keeps something.
            let hr = try await scene.browser("hr")
            let hrPage = try await hr.get(RetentionPaths.request(id))
            #expect(hrPage.body.contains("Records were erased"))
            #expect(!hrPage.body.contains("Erased so far") && !hrPage.body.contains("and their outcomes: "))
        }
    }

    @Test("A hold on a declaration's other party is a legal hold the answer may name")
    func holdOnTheOtherParty() async throws {
        try await withSteward { app, demo in
            let id = try await Self.scene(app, demo, planted: "about the TA")
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let taID = try await app.personID(demo.account("st-cleopas", "ta").email)
            let answer = [("outcome", "partly"), ("basis", "legal_hold"), ("reason", "One declaration is held.")]
            let page = try await head.get(RetentionPaths.request(id))
            let before = try await head.post(RetentionPaths.close(id), answer, csrf: page.csrf)
            #expect(before.status == .badRequest)
            #expect(before.body.contains("No legal hold covers this person"))
            let placed = try await LegalHoldTests.place(
                head, [("on", "person"), ("person", taID.uuidString), ("reason", "A claim.")])
            #expect(placed.status == .seeOther)
            let after = try await head.post(RetentionPaths.close(id), answer, csrf: page.csrf)
            #expect(after.status == .seeOther)
            #expect(try await RecordsRequest.find(id, on: app.db)?.basis == "legal_hold")
        }
    }

    @Test("A reader on an old snapshot keeps erased pages in the -wal file: the log says so; the daily job empties it")
    func checkpointHeldUp() async throws {
        try await withSteward { app, demo in
            guard (try app.sql.dialect.name) == "sqlite" else { return }
            let planted = "held-up-\(UUID().uuidString.prefix(8))"
            let id = try await Self.scene(app, demo, planted: planted)
            let capture = CapturedLog()
            let logger = Logger(label: "test") { _ in capture }
            // Another process (a backup, a report) is reading the database as it was before the erasure.
            let reader = try await SQLiteConnection.open(storage: .file(path: app.steward.config.sqliteFile.path))
            _ = try await reader.query("BEGIN")
            _ = try await reader.query("SELECT count(*) FROM declarations")
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let reply = try await Self.erase(head, id, [("erase-declarations", "yes"), ("confirm", "yes")])
            #expect(reply.location == RetentionPaths.request(id) + "?done=erased")
            #expect(try await PurgeFixture.tablesHolding(planted, in: app) == [])
            // The request's own checkpoint could not empty the log: the old pages are still in a file.
            #expect(PurgeFixture.fileHolds(planted, in: app))
            #expect(try await RecordsPurge.reclaimSpace(app.db, logger: logger) == false)
            let warned = capture.lines.withLockedValue { $0 }
            #expect(warned == ["warning: \(RecordsPurge.checkpointHeldUp)"])
            #expect(RecordsPurge.checkpointHeldUp.contains("steward.sqlite-wal"))
            // The reader finishes; the next day's maintenance empties the log, and says nothing.
            _ = try await reader.query("COMMIT")
            try await reader.close()
            try await Maintenance.purge(app: app)
            #expect(!PurgeFixture.fileHolds(planted, in: app))
            #expect(try await RecordsPurge.reclaimSpace(app.db, logger: logger) == true)
            #expect(capture.lines.withLockedValue { $0 }.count == 1)
        }
    }
}
