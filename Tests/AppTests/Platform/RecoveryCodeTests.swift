// Issue 19, item 8: two-factor without the phone. The step-up and sign-in take a recovery code in the code box; a
// person makes new recovery codes from their account page after a code typed now, which voids the old ones.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Recovery codes")
struct RecoveryCodeTests {
    /// Makes new recovery codes for `browser` with `code`; answers the reply and the codes shown.
    static func make(_ browser: Browser, code: String) async throws -> (Reply, [String]) {
        let reply = try await browser.post("/account/recovery-codes", [("code", code)], csrfFrom: "/account")
        return (reply, Reply.allMatches(#"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>"#, in: reply.body))
    }

    @Test("New codes after a current code: ten shown once, the old ones void, the person told, audited")
    func newCodes() async throws {
        try await withSteward { app, demo in
            let dsl = demo.account("st-cleopas", "dsl")
            let browser = try await Browser.signedIn(app, as: dsl.email)
            let account = try await browser.get("/account")
            #expect(account.body.contains("Make new recovery codes"))
            // No code, a wrong code, a code of the wrong shape: refused, each with its message by the field.
            for (typed, message) in [
                ("", "Enter a code from your authenticator app, or one of your recovery codes."),
                ("000000", "That code is not right, or has been used already."),
                ("abcde-fghij", "That code is not right, or has been used already."),
            ] {
                let (reply, codes) = try await Self.make(browser, code: typed)
                #expect(reply.status == .badRequest, "\(typed)")
                #expect(reply.body.contains(message), "\(typed)")
                #expect(reply.body.contains(##"<a href="#recovery-code">"##), "\(typed)")
                #expect(codes.isEmpty)
            }
            let personID = try await app.personID(dsl.email)
            let (made, first) = try await Self.make(
                browser, code: TestTOTP.code(try #require(dsl.totp_secret)))
            #expect(made.status == .ok)
            #expect(first.count == 10 && Set(first).count == 10)
            #expect(made.body.contains("The old ones no longer work."))
            #expect(try await RecoveryCode.query(on: app.db).filter(\.$person.$id == personID).count() == 10)
            // With an old recovery code (the phone is lost), new ones again; the one used and all the others go.
            let (again, second) = try await Self.make(browser, code: first[3].uppercased())
            #expect(again.status == .ok && second.count == 10 && Set(second).isDisjoint(with: first))
            let (stale, _) = try await Self.make(browser, code: first[4])
            #expect(stale.status == .badRequest)
            let mail = try await OutboxMessage.query(on: app.db).filter(\.$recipient == dsl.email)
                .filter(\.$kind == "account_security").all()
            #expect(mail.count == 2)
            #expect(mail.allSatisfy { !$0.body.contains(first[0]) && !$0.body.contains(second[0]) })
            #expect(try await app.auditActions().filter { $0 == "two_factor.recovery_codes_replaced" }.count == 2)
            // The step-up takes a recovery code in its box, once.
            try await TokenAndStepUpTests.secondFactor(app, dsl.email, secondsAgo: 3_600)
            let form = try await browser.get("/step-up?next=/concerns")
            #expect(form.body.contains("recovery code"))
            #expect(!form.body.contains(#"inputmode="numeric""#))
            let stepped = try await browser.post(
                "/step-up", [("code", second[0]), ("next", "/concerns")], csrf: form.csrf)
            #expect(stepped.status == .seeOther && stepped.location == "/concerns")
            try await TokenAndStepUpTests.secondFactor(app, dsl.email, secondsAgo: 3_600)
            let replay = try await browser.post(
                "/step-up", [("code", second[0]), ("next", "/concerns")], csrf: form.csrf)
            #expect(replay.status == .unauthorized)
        }
    }

    @Test("Without two-factor sign-in there are no recovery codes to make")
    func withoutTwoFactor() async throws {
        try await withSteward { app, demo in
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            #expect(!(try await teacher.get("/account")).body.contains("Make new recovery codes"))
            let (reply, codes) = try await Self.make(teacher, code: "123456")
            #expect(reply.status == .badRequest && reply.body.contains("Turn on two-factor sign-in first."))
            #expect(codes.isEmpty)
        }
    }

    @Test("No recovery codes left: the home page says to make some; making them clears it")
    func homeReminder() async throws {
        try await withSteward { app, demo in
            let dsl = demo.account("st-cleopas", "dsl")
            let browser = try await Browser.signedIn(app, as: dsl.email)
            let personID = try await app.personID(dsl.email)
            try await RecoveryCode.query(on: app.db).filter(\.$person.$id == personID).delete()
            #expect(try await browser.get("/").body.contains("Make recovery codes, in case you lose your phone"))
            _ = try await Self.make(browser, code: TestTOTP.code(try #require(dsl.totp_secret)))
            #expect(!(try await browser.get("/")).body.contains("Make recovery codes"))
            // Without two-factor sign-in, no such item.
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            #expect(!(try await teacher.get("/")).body.contains("Make recovery codes"))
        }
    }

    @Test("Lost phone and codes: the headteacher resets a colleague's two-factor sign-in; told, audited, signed out")
    func administratorReset() async throws {
        try await withSteward { app, demo in
            let dsl = demo.account("st-cleopas", "dsl")
            let dslBrowser = try await Browser.signedIn(app, as: dsl.email)
            let dslID = try await app.personID(dsl.email)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let page = try await head.get("/people/\(dslID)")
            #expect(page.body.contains("Reset two-factor sign-in (lost phone)"))
            let reset = try await head.post("/people/\(dslID)/two-factor-reset", [], csrf: page.csrf)
            #expect(reset.status == .seeOther)
            let person = try #require(try await Person.find(dslID, on: app.db))
            #expect(!person.hasTwoFactor)
            #expect(try await RecoveryCode.query(on: app.db).filter(\.$person.$id == dslID).count() == 0)
            #expect(try await dslBrowser.get("/").status == .seeOther)  // signed out everywhere
            #expect(
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == dsl.email)
                    .filter(\.$kind == "account_security").count() == 1)
            #expect(try await app.auditActions().contains("two_factor.reset_by_administrator"))
            // Not one's own, not by a teacher, and a headteacher cannot reset the chair's (a trust-only account).
            let headID = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            let own = try await head.post("/people/\(headID)/two-factor-reset", [], csrf: page.csrf)
            #expect(own.status == .badRequest || own.status == .forbidden)
            #expect(try #require(try await Person.find(headID, on: app.db)).hasTwoFactor)
            let chairID = try await app.personID(demo.account("st-cleopas", "chair").email)
            #expect(
                try await head.post("/people/\(chairID)/two-factor-reset", [], csrf: page.csrf).status == .forbidden)
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let hrID = try await app.personID(demo.account("st-cleopas", "hr").email)
            #expect(
                try await teacher.post("/people/\(hrID)/two-factor-reset", [], csrfFrom: "/account").status
                    == .forbidden)
            let chair = try #require(try await Person.find(chairID, on: app.db))
            #expect(chair.hasTwoFactor)
        }
    }
}
