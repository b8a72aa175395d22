// The records forms after an attack (issue 17): a body that cannot be read, or a field sent twice, is refused with a
// message on every one of them and nothing is written; a form with nothing in it is never "saved"; answers keep only
// what their outcome needs; two people placing or lifting one hold at once are each told what happened.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Records management: forms at their edges")
struct RecordsFormEdgeTests {
    @Test("Every records form refuses an unreadable body and a field sent twice, and writes nothing")
    func strictBodies() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let ta = try await app.personID(demo.account("st-cleopas", "ta").email)
            let today = Display.today.description
            #expect(
                try await RecordsRequestTests.record(
                    head,
                    [("kind", "erasure"), ("person", ta.uuidString), ("received", today), ("details", "Erase it.")]
                ).status == .seeOther)
            let request = try #require(try await RecordsRequest.query(on: app.db).first()?.id)
            #expect(
                try await LegalHoldTests.place(
                    head, [("on", "person"), ("person", ta.uuidString), ("reason", "A claim.")]
                )
                .status == .seeOther)
            let hold = try #require(try await LegalHold.query(on: app.db).first()?.id)
            let forms: [(Browser, String, String, String)] = [
                (
                    head, RetentionPaths.requests(), RetentionPaths.requests(),
                    "kind=access&person=\(ta.uuidString)&received=\(today)"
                ),
                (head, RetentionPaths.close(request), RetentionPaths.request(request), "outcome=done"),
                (head, RetentionPaths.holds(), RetentionPaths.holds(), "on=person&person=\(ta.uuidString)&reason=x"),
                (head, RetentionPaths.lift(hold), RetentionPaths.holds(), "reason=Settled"),
                (head, RetentionPaths.schedule(), RetentionPaths.schedule(), "period-cases=7%20years"),
                (
                    admin, RetentionPaths.limits(), RetentionPaths.schedule(),
                    "shortest-cases=1%20year&longest-cases=9%20years"
                ),
            ]
            for (browser, path, page, good) in forms {
                let csrf = try #require(try await browser.get(page).csrf, "\(path)")
                let token = "_csrf=\(csrf)"
                let first = good.split(separator: "=")[0]
                for (body, message) in [
                    ("\(token)&\(good)&\(first)=again", "more than once"),
                    ("\(token)&\(good)&reason=%FF%FE", "could not be read"),
                    ("\(token)&\(good)&x=%E2%82", "could not be read"),
                ] {
                    let rows = try await (
                        app.count("records_requests"), app.count("legal_holds"), app.count("retention_settings"),
                        app.count("retention_limits"), app.count("audit_entries")
                    )
                    let reply = try await browser.request(.POST, path, body: body)
                    #expect(reply.status == .badRequest, "\(path) \(body)")
                    #expect(reply.body.contains(message), "\(path) \(body)")
                    #expect(reply.body.contains("nothing was saved"), "\(path) \(body)")
                    let after = try await (
                        app.count("records_requests"), app.count("legal_holds"), app.count("retention_settings"),
                        app.count("retention_limits"), app.count("audit_entries")
                    )
                    #expect(rows == after, "\(path) \(body)")
                }
                // Bytes that are not UTF-8 at all, outside any escape.
                let raw = Array("\(token)&\(good)&reason=".utf8) + [0xFF, 0xC3]
                let before = try await app.count("audit_entries")
                let reply = try await browser.request(.POST, path, bytes: raw)
                #expect(reply.status == .badRequest || reply.status == .forbidden, "\(path)")
                #expect(try await app.count("audit_entries") == before, "\(path)")
            }
            // A multipart body, whose decoder would take the last of a repeated field, is not taken at all.
            let before = try await app.count("records_requests")
            let multipart = try await head.postMultipart(
                RetentionPaths.requests(), csrf: try await head.get(RetentionPaths.requests()).csrf,
                fields: [
                    ("kind", "rectification"), ("kind", "erasure"), ("person", ta.uuidString), ("received", today),
                    ("details", "Twice."),
                ], files: [])
            #expect(multipart.status == .unsupportedMediaType)
            #expect(multipart.body.contains("nothing was saved"))
            #expect(try await app.count("records_requests") == before)
            // The retention forms with no periods in them: refused, never "saved".
            for (browser, path) in [(head, RetentionPaths.schedule()), (admin, RetentionPaths.limits())] {
                let csrf = try await browser.get(RetentionPaths.schedule()).csrf
                for fields in [[], [("x[]", "1")], [("period-nothing", "7 years")]] {
                    let reply = try await browser.post(path, fields, csrf: csrf)
                    #expect(reply.status == .badRequest, "\(path) \(fields)")
                    #expect(reply.body.contains("held no periods, so nothing was saved"), "\(path) \(fields)")
                }
            }
            // Every period as it was: nothing changed, and it says so.
            let same = try await head.post(
                RetentionPaths.schedule(), RetentionPageTests.periods(), csrfFrom: RetentionPaths.schedule())
            #expect(same.location == RetentionPaths.schedule() + "?done=unchanged")
            #expect(try await head.get(same.location ?? "").body.contains("Nothing changed"))
            #expect(try await app.count("retention_settings") == 0)
        }
    }

    @Test("Done in full keeps no reason; a correction may be refused as accurate, an erasure may not; none of your own")
    func answerFields() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let ta = try await app.personID(demo.account("st-cleopas", "ta").email)
            let today = Display.today.description
            var ids: [RecordsRequestKind: UUID] = [:]
            for kind in [RecordsRequestKind.access, .rectification, .erasure] {
                #expect(
                    try await RecordsRequestTests.record(
                        head,
                        [("kind", kind.rawValue), ("person", ta.uuidString), ("received", today), ("details", "It.")]
                    ).status == .seeOther)
                ids[kind] = try #require(
                    try await RecordsRequest.query(on: app.db).filter(\.$kind == kind).first()?.id)
            }
            let access = try #require(ids[.access])
            let page = try await head.get(RetentionPaths.request(access))
            // A reason typed before "done in full" was chosen is not kept beside it.
            #expect(
                try await head.post(
                    RetentionPaths.close(access), [("outcome", "done"), ("reason", "Typed, then changed my mind.")],
                    csrf: page.csrf
                ).status == .seeOther)
            let done = try #require(try await RecordsRequest.find(access, on: app.db))
            #expect(done.outcome == .done && done.reason == nil && done.basis == nil)
            #expect(!(try await head.get(RetentionPaths.request(access))).body.contains("Typed, then"))
            // "Accurate" is a basis for refusing a correction, and only a correction.
            let erasure = try #require(ids[.erasure])
            let erasurePage = try await head.get(RetentionPaths.request(erasure))
            #expect(!erasurePage.body.contains("value=\"accurate\""))
            let refusedErasure = try await head.post(
                RetentionPaths.close(erasure), [("outcome", "refused"), ("basis", "accurate"), ("reason", "Fine.")],
                csrf: erasurePage.csrf)
            #expect(refusedErasure.status == .badRequest)
            #expect(refusedErasure.body.contains("Choose what applies"))
            #expect(try await RecordsRequest.find(erasure, on: app.db)?.outcome == nil)
            let rectification = try #require(ids[.rectification])
            let rectificationPage = try await head.get(RetentionPaths.request(rectification))
            #expect(rectificationPage.body.contains("value=\"accurate\""))
            // A correction is not refused for how long a record is kept, nor for a hold; an erasure may be; either
            // may be manifestly unfounded.
            #expect(
                !rectificationPage.body.contains("value=\"cases\"")
                    && !rectificationPage.body.contains("value=\"legal_hold\""))
            #expect(erasurePage.body.contains("value=\"cases\"") && erasurePage.body.contains("value=\"legal_hold\""))
            #expect(
                rectificationPage.body.contains("value=\"unfounded\"")
                    && erasurePage.body.contains("value=\"unfounded\""))
            #expect(rectificationPage.body.contains("Information Commissioner"))
            let scheduleForCorrection = try await head.post(
                RetentionPaths.close(rectification), [("outcome", "refused"), ("basis", "cases"), ("reason", "Kept.")],
                csrf: rectificationPage.csrf)
            #expect(scheduleForCorrection.status == .badRequest)
            #expect(try await RecordsRequest.find(rectification, on: app.db)?.outcome == nil)
            let reply = try await head.post(
                RetentionPaths.close(rectification),
                [("outcome", "refused"), ("basis", "accurate"), ("reason", "The dates are right. ")],
                csrf: rectificationPage.csrf)
            #expect(reply.status == .seeOther)
            let refused = try #require(try await RecordsRequest.find(rectification, on: app.db))
            #expect(refused.outcome == .refused && refused.basis == "accurate")
            #expect(
                try await head.get(RetentionPaths.request(rectification)).body.contains(
                    "The record is accurate as it stands. The dates are right.</p>"))
            // A request about yourself shows no form to answer it.
            let hrEmail = demo.account("st-cleopas", "hr").email
            let hr = try await Browser.signedIn(app, as: hrEmail)
            let hrID = try await app.personID(hrEmail)
            #expect(
                try await RecordsRequestTests.record(
                    hr, [("kind", "access"), ("person", hrID.uuidString), ("received", today)]
                ).status == .seeOther)
            let own = try #require(try await RecordsRequest.query(on: app.db).filter(\.$personID == hrID).first()?.id)
            let ownPage = try await hr.get(RetentionPaths.request(own))
            #expect(!ownPage.body.contains("Record the answer"))
            #expect(!ownPage.body.contains("Download the export"))
        }
    }

    @Test("Five people placing one hold at once make one hold, and the other four are told theirs was not added")
    func concurrentHolds() async throws {
        try await withSteward { app, demo in
            let email = demo.account("st-cleopas", "headteacher").email
            let ta = try await app.personID(demo.account("st-cleopas", "ta").email)
            var browsers: [(Browser, String?)] = []
            for _ in 0..<5 {
                let browser = try await Browser.signedIn(app, as: email)
                browsers.append((browser, try await browser.get(RetentionPaths.holds()).csrf))
            }
            let replies = try await withThrowingTaskGroup(of: String?.self) { group in
                for (browser, csrf) in browsers {
                    group.addTask {
                        try await browser.post(
                            RetentionPaths.holds(),
                            [("on", "person"), ("person", ta.uuidString), ("reason", "Claim.")],
                            csrf: csrf
                        ).location
                    }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(try await LegalHold.query(on: app.db).count() == 1)
            #expect(replies.filter { $0 == RetentionPaths.holds() + "?done=placed" }.count == 1)
            // The rest were refused before the write (already held, 400) or inside it (told so).
            #expect(
                replies.allSatisfy {
                    $0 == nil || $0?.hasSuffix("done=placed") == true || $0?.hasSuffix("done=already-placed") == true
                })
            let told = try await browsers[0].0.get(RetentionPaths.holds() + "?done=already-placed")
            #expect(told.body.contains("yours was not added"))
            // Lifting: once; the second is told someone else lifted it first.
            let hold = try #require(try await LegalHold.query(on: app.db).first()?.id)
            let page = try await browsers[0].0.get(RetentionPaths.holds())
            #expect(
                try await browsers[0].0.post(RetentionPaths.lift(hold), [("reason", "Settled.")], csrf: page.csrf)
                    .location == RetentionPaths.holds() + "?done=lifted")
            let second = try await browsers[1].0.post(
                RetentionPaths.lift(hold), [("reason", "Also settled.")], csrf: browsers[1].1)
            #expect(second.location == RetentionPaths.holds() + "?done=already-lifted")
            #expect(try await LegalHold.find(hold, on: app.db)?.liftReason == "Settled.")
            let lifted = try #require(
                try await AuditEntry.query(on: app.db).filter(\.$action == "records.hold_lifted").first())
            #expect(lifted.details.contains("Settled."))
        }
    }

    @Test("On the home page a late request comes before one due in two days, whichever was recorded first")
    func homeOrder() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let today = Display.today
            let late = try #require(
                try await Person.find(try await app.personID(demo.account("st-cleopas", "ta").email), on: app.db))
            let soon = try #require(
                try await Person.find(try await app.personID(demo.account("st-cleopas", "teacher").email), on: app.db))
            // The late one recorded first (so older), the one due soon recorded after it.
            for (person, received) in [(late, today.adding(days: -40)), (soon, today.adding(days: -29))] {
                #expect(
                    try await RecordsRequestTests.record(
                        head,
                        [
                            ("kind", "access"), ("person", try person.requireID().uuidString),
                            ("received", received.description),
                        ]
                    ).status == .seeOther)
            }
            let home = try await head.get("/").body
            let lateAt = try #require(home.range(of: "Subject access request from \(late.fullName)"))
            let soonAt = try #require(home.range(of: "Subject access request from \(soon.fullName)"))
            #expect(lateAt.lowerBound < soonAt.lowerBound)
        }
    }
}
