// Clause 4.3 (issue 19, item 7): a report of contact from a pupil or their family tells the reporter's line manager
// that a report was made, by reference only, without giving them the case; the reporter who has not yet blocked the
// person or reported them to the platform is reminded to.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Concerns: contact from a pupil or family (4.3)")
struct ContactReportTests {
    static func report(
        _ browser: Browser, category: String, blocked: String, reported: String
    ) async throws -> Reply {
        let form = try await browser.get("/concerns/new")
        return try await browser.postMultipart(
            "/concerns", csrf: form.csrf,
            fields: [
                ("category", category), ("what_happened", "A parent sent me a friend request and a message."),
                ("platform", "Facebook"), ("involved", "parent"), ("blocked", blocked),
                ("reported_to_platform", reported),
            ])
    }

    @Test("The line manager is told the reference, not what happened, and cannot open the case")
    func lineManagerTold() async throws {
        try await withSteward { app, demo in
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            let manager = demo.account("st-cleopas", "manager").email
            let reply = try await Self.report(
                ta, category: "contact_from_pupil_or_family", blocked: "yes", reported: "yes")
            #expect(reply.status == .seeOther)
            let item = try #require(try await Case.query(on: app.db).sort(\.$createdAt, .descending).first())
            let mails = try await OutboxMessage.query(on: app.db).filter(\.$recipient == manager)
                .filter(\.$kind == "case_line_manager").all()
            #expect(mails.count == 1)
            let mail = try #require(mails.first)
            #expect(mail.subject.contains(item.reference) && mail.body.contains(item.reference))
            #expect(!mail.body.contains("friend request") && !mail.body.contains("/concerns/"))
            let page = try await (try await Browser.signedIn(app, as: manager)).get("/concerns/\(try item.requireID())")
            #expect(page.status == .notFound)
            // Other kinds of concern do not tell the line manager; someone with no line manager tells nobody more.
            _ = try await Self.report(ta, category: "other", blocked: "yes", reported: "yes")
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            _ = try await Self.report(head, category: "contact_from_pupil_or_family", blocked: "yes", reported: "yes")
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "case_line_manager").count() == 1)
        }
    }

    @Test("A line manager who is also a headteacher is not told of a concern about the headteacher, nor the subject")
    func lineManagerWhoMustNotKnow() async throws {
        try await withSteward { app, demo in
            let managerEmail = demo.account("st-cleopas", "manager").email
            let manager = try #require(try await Person.query(on: app.db).filter(\.$email == managerEmail).first())
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            let taPerson = try #require(
                try await Person.query(on: app.db).filter(\.$email == demo.account("st-cleopas", "ta").email).first())
            #expect(taPerson.$lineManager.id == manager.id)
            let head = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            func report(about colleague: UUID) async throws {
                let form = try await ta.get("/concerns/new")
                let reply = try await ta.postMultipart(
                    "/concerns", csrf: form.csrf,
                    fields: [
                        ("category", "contact_from_pupil_or_family"), ("what_happened", "A parent messaged me."),
                        ("platform", "Facebook"), ("involved", "colleague"), ("colleague", colleague.uuidString),
                        ("blocked", "yes"), ("reported_to_platform", "yes"),
                    ])
                #expect(reply.status == .seeOther)
            }
            func told() async throws -> Int {
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == managerEmail)
                    .filter(\.$kind == "case_line_manager").count()
            }
            // A co-headteacher: the concern about the headteacher is hidden from every headteacher, reference and all.
            try await RoleAssignment(
                personID: try manager.requireID(), trustID: manager.trustID, schoolID: manager.$school.id,
                role: .headteacher
            ).create(on: app.db)
            try await report(about: head)
            #expect(try await told() == 0)
            // About the line manager themself: not told either.
            try await report(about: try manager.requireID())
            #expect(try await told() == 0)
        }
    }

    @Test("Not yet blocked or not yet reported to the platform: the thank-you reminds them; done both: it does not")
    func reminder() async throws {
        try await withSteward { app, demo in
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            for (blocked, reported, reminds) in [
                ("no", "yes", true), ("yes", "no", true), ("", "", true), ("yes", "yes", false),
            ] {
                let reply = try await Self.report(
                    ta, category: "contact_from_pupil_or_family", blocked: blocked, reported: reported)
                let page = try await ta.get(try #require(reply.location))
                #expect(page.body.contains("block them now") == reminds, "\(blocked)/\(reported)")
            }
            let other = try await Self.report(ta, category: "other", blocked: "no", reported: "no")
            #expect(!(try await ta.get(try #require(other.location))).body.contains("block them now"))
        }
    }
}

@Suite("Concerns: reopening is deliberate")
struct CaseReopenTests {
    @Test("A closed case offers reopening only as a choice made, never pre-selected; moving with no choice is refused")
    func reopenNotPreselected() async throws {
        try await withSteward { app, demo in
            let id = try await app.reportPlainConcern(demo)
            let item = try #require(try await Case.find(id, on: app.db))
            item.state = .closed
            try await item.update(on: app.db)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let page = try await head.get("/concerns/\(id)")
            #expect(page.status == .ok)
            let select = try #require(
                Reply.firstMatch(#"(<select id="to" name="to"[^>]*>.*?</select>)"#, in: page.body))
            #expect(select.contains(#"<option value="">Choose…</option>"#))
            #expect(!select.contains("selected"))
            let refused = try await head.post(
                "/concerns/\(id)/state", [("to", ""), ("reason", "Oops")], csrf: page.csrf)
            #expect(refused.status == .badRequest && refused.body.contains("Choose where the case goes next"))
            #expect(try await Case.find(id, on: app.db)?.state == .closed)
        }
    }
}
