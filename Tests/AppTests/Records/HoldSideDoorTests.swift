// Legal holds as side doors (found by an attack on issue 17): nobody reads, lifts or places a hold on themselves, and a
// refusal "because of a legal hold" is judged only on holds its answerer may know of, so that it cannot tell them
// that a case they must not see is held.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Records management: holds tell nobody what they must not know")
struct HoldSideDoorTests {
    @Test("A hold on everything about the headteacher: not on her list, not hers to lift, and she cannot place one")
    func holdOnOneself() async throws {
        try await withSteward { app, demo in
            let headID = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            let name = try #require(try await Person.find(headID, on: app.db)).fullName
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let placed = try await LegalHoldTests.place(
                admin, [("on", "person"), ("person", headID.uuidString), ("reason", "A claim about her.")])
            #expect(placed.status == .seeOther)
            let hold = try #require(try await LegalHold.query(on: app.db).first())
            #expect(try await admin.get(RetentionPaths.holds()).body.contains("Everything about \(name)"))
            let page = try await head.get(RetentionPaths.holds())
            #expect(page.status == .ok)
            #expect(!page.body.contains("Everything about \(name)") && !page.body.contains("A claim about her."))
            #expect(page.body.contains("There are no holds in place."))
            let lift = try await head.post(
                RetentionPaths.lift(try hold.requireID()), [("reason", "Not needed.")], csrf: page.csrf)
            #expect(lift.status == .notFound)
            #expect(try await LegalHold.find(hold.id, on: app.db)?.liftedAt == nil)
            // The trust administrator lifts it; then she may not place one on herself either.
            let adminPage = try await admin.get(RetentionPaths.holds())
            #expect(
                try await admin.post(
                    RetentionPaths.lift(try hold.requireID()), [("reason", "Settled.")], csrf: adminPage.csrf
                ).status == .seeOther)
            let rows = try await app.count("legal_holds")
            let own = try await LegalHoldTests.place(
                head, [("on", "person"), ("person", headID.uuidString), ("reason", "Mine.")])
            #expect(own.status == .badRequest)
            #expect(own.body.contains("A hold on yourself is placed by someone else."))
            #expect(try await app.count("legal_holds") == rows)
        }
    }

    @Test(
        "Lifted holds on herself, or on a case she may not know of, are not on the headteacher's list of lifted holds")
    func liftedHoldsTellNothing() async throws {
        try await withSteward { app, demo in
            let headID = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            let name = try #require(try await Person.find(headID, on: app.db)).fullName
            let aboutHead = try await ConcernAccessWalkTests.reportAbout(app, demo, subject: "headteacher")
            let hiddenReference = try #require(try await Case.find(aboutHead, on: app.db)).reference
            let ordinary = try await PurgeFixture.report(app, demo, text: "Ordinary", file: "a.png")
            let reference = try #require(try await Case.find(ordinary, on: app.db)).reference
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            // The trust administrator holds and lifts three: one on her, one on a case about her, one she may see.
            let placings = [
                [("on", "person"), ("person", headID.uuidString), ("reason", "A claim about her.")],
                [("on", "case"), ("reference", hiddenReference), ("reason", "A complaint about her.")],
                [("on", "case"), ("reference", reference), ("reason", "An ordinary claim.")],
            ]
            for fields in placings { #expect(try await LegalHoldTests.place(admin, fields).status == .seeOther) }
            let adminPage = try await admin.get(RetentionPaths.holds())
            for (index, hold) in try await LegalHold.query(on: app.db).all().enumerated() {
                let lift = try await admin.post(
                    RetentionPaths.lift(try hold.requireID()), [("reason", "Lifted number \(index).")],
                    csrf: adminPage.csrf)
                #expect(lift.status == .seeOther)
            }
            let adminLifted = try #require(
                LegalHoldTests.liftedSection(try await admin.get(RetentionPaths.holds()).body))
            #expect(adminLifted.contains("Everything about \(name)") && adminLifted.contains(hiddenReference))
            #expect(adminLifted.contains("Lifted number 0.") && adminLifted.contains("Lifted number 2."))
            // Hers shows only the case she may see.
            let page = try await head.get(RetentionPaths.holds())
            #expect(page.status == .ok)
            let lifted = try #require(LegalHoldTests.liftedSection(page.body))
            #expect(lifted.contains("Case \(reference)") && lifted.contains("An ordinary claim."))
            #expect(!page.body.contains("Everything about \(name)") && !page.body.contains("A claim about her."))
            #expect(!page.body.contains(hiddenReference) && !page.body.contains("A complaint about her."))
            #expect(lifted.components(separatedBy: "Lifted number ").count == 2)
        }
    }

    @Test("A refusal under a legal hold: refused when only a hidden case is held, accepted when a case she sees is")
    func refusalIsNoOracle() async throws {
        try await withSteward { app, demo in
            // The teacher reports a case about the headteacher (hidden from her) and one about the TA (hers to see).
            let hidden = try await ConcernAccessWalkTests.reportAbout(app, demo, subject: "headteacher")
            let seen = try await ConcernAccessWalkTests.reportAbout(app, demo, subject: "ta")
            let teacher = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let hiddenCase = try #require(try await Case.find(hidden, on: app.db))
            #expect(
                try await LegalHoldTests.place(
                    admin, [("on", "case"), ("reference", hiddenCase.reference), ("reason", "Claim.")]
                ).status == .seeOther)
            #expect(
                try await RecordsRequestTests.record(
                    head,
                    [
                        ("kind", "erasure"), ("person", teacher.uuidString), ("received", Display.today.description),
                        ("details", "Delete what I reported."),
                    ]
                ).status == .seeOther)
            let request = try #require(try await RecordsRequest.query(on: app.db).first())
            let path = RetentionPaths.close(try request.requireID())
            let page = try await head.get(RetentionPaths.request(try request.requireID()))
            let refusal = [("outcome", "refused"), ("basis", "legal_hold"), ("reason", "A claim is pending.")]
            let entries = try await app.count("audit_entries")
            let refused = try await head.post(path, refusal, csrf: page.csrf)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("No legal hold covers"))
            #expect(try await app.count("audit_entries") == entries)
            #expect(try await RecordsRequest.find(request.id, on: app.db)?.outcome == nil)
            // A hold on the case she may see, which the teacher also reported, makes the same refusal stand.
            let seenCase = try #require(try await Case.find(seen, on: app.db))
            #expect(
                try await LegalHoldTests.place(
                    head, [("on", "case"), ("reference", seenCase.reference), ("reason", "Claim.")]
                ).status == .seeOther)
            #expect(try await head.post(path, refusal, csrf: page.csrf).status == .seeOther)
            #expect(try await RecordsRequest.find(request.id, on: app.db)?.outcome == .refused)
        }
    }
}
