// "I need help" (issue 14, item 2): a request for the online-safety lead the headteacher names, else the designated
// safeguarding lead, else the headteacher; a mail with a link only; the lead closes it with a note; a new lead takes
// over open requests. And "yes" to the contact question goes straight on to the concern form (4.3).

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Privacy self-check: help and contact")
struct SelfCheckHelpTests {
    static func mail(_ app: Application, to email: String) async throws -> [OutboxMessage] {
        try await OutboxMessage.query(on: app.db).filter(\.$recipient == email).filter(\.$kind == "self_check_help")
            .all()
    }

    @Test("I need help: a request for the DSL by default, one mail with a link only, closed with a note")
    func defaultLeadAndClosing() async throws {
        try await withSteward { app, demo in
            try await SelfCheckFixture.reset(app)
            let dslEmail = demo.account("st-cleopas", "dsl").email
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            let reply = try await SelfCheckFixture.complete(
                ta, platforms: ["facebook", "tiktok"], help: [("tiktok", "connections")], note: "Please call me")
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/self-checks?done=help")
            let task = try #require(try await SelfCheckHelp.query(on: app.db).first())
            #expect(task.leadID == (try await app.personID(dslEmail)))
            #expect(task.itemList == [SelfCheckAnswer(platform: "tiktok", item: .connections, answer: .help)])
            let mails = try await Self.mail(app, to: dslEmail)
            #expect(mails.count == 1)
            let body = try #require(mails.first?.body)
            #expect(body.lowercased().contains("a colleague asked for help with their privacy settings"))
            #expect(body.contains("/self-checks/help"))
            for secret in [
                "TikTok", "tiktok", "Facebook", "friends", "Please call me", "not_applicable", "I need help",
            ] {
                #expect(!body.contains(secret), "the mail says \(secret)")
            }
            let taPerson = try #require(
                try await Person.query(on: app.db).filter(\.$email == demo.account("st-cleopas", "ta").email).first())
            #expect(!body.contains(taPerson.surname))
            #expect(!(mails.first?.subject.contains(taPerson.surname) ?? true))
            // The DSL sees it on the home page and the help page, and closes it with a note.
            let dsl = try await Browser.signedIn(app, as: dslEmail)
            #expect(try await dsl.get("/").body.contains("A colleague asked for help with their privacy settings"))
            let page = try await dsl.get("/self-checks/help")
            #expect(page.body.contains(taPerson.fullName))
            #expect(page.body.contains("TikTok"))
            let empty = try await dsl.post(
                "/self-checks/help/\(try task.requireID())/close", [("note", " ")], csrf: page.csrf)
            #expect(empty.status == .badRequest)
            #expect(empty.body.contains("Enter what was done"))
            let closed = try await dsl.post(
                "/self-checks/help/\(try task.requireID())/close", [("note", "Showed them the setting")],
                csrf: page.csrf)
            #expect(closed.status == .seeOther)
            let after = try #require(try await SelfCheckHelp.find(task.requireID(), on: app.db))
            #expect(after.closedAt != nil)
            #expect(after.closedBy == (try await app.personID(dslEmail)))
            #expect(after.closeNote == "Showed them the setting")
            #expect(try await app.auditActions().contains("self_check.help_closed"))
            #expect(!(try await dsl.get("/").body.contains("asked for help with their privacy settings")))
            // Closing again changes nothing.
            let again = try await dsl.post(
                "/self-checks/help/\(try task.requireID())/close", [("note", "Twice")], csrf: page.csrf)
            #expect(again.status == .seeOther)
            #expect(try await SelfCheckHelp.find(task.requireID(), on: app.db)?.closeNote == "Showed them the setting")
            // The TA is told, once, with a link only; her check says who followed it up and what was done.
            let told = try await OutboxMessage.query(on: app.db)
                .filter(\.$recipient == demo.account("st-cleopas", "ta").email)
                .filter(\.$kind == "self_check_help_closed").all()
            #expect(told.count == 1)
            #expect(
                told.first.map { !$0.body.contains("Showed them the setting") && $0.body.contains("/self-checks/") }
                    == true)
            let check = try await ta.get("/self-checks/\(task.checkID)")
            #expect(check.body.contains("Followed up on") && check.body.contains("Showed them the setting"))
        }
    }

    @Test("A named lead gets new requests and takes over open ones; the DSL then no longer sees them")
    func namedLeadTakesOver() async throws {
        try await withSteward { app, demo in
            try await SelfCheckFixture.reset(app)
            let managerEmail = demo.account("st-cleopas", "manager").email
            let managerID = try await app.personID(managerEmail)
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            try await SelfCheckFixture.complete(ta, platforms: ["x"], help: [("x", "private")])
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let settings = try await head.get("/self-checks/settings")
            #expect(settings.status == .ok)
            let today = Display.today
            let saved = try await head.post(
                "/self-checks/settings",
                [
                    ("term_name[]", "This term"), ("term_starts[]", today.adding(days: -30).description),
                    ("term_ends[]", today.adding(days: 30).description), ("term_name[]", ""), ("term_starts[]", ""),
                    ("term_ends[]", ""), ("deadline_days", "21"), ("lead", managerID.uuidString),
                ], csrf: settings.csrf)
            #expect(saved.status == .seeOther)
            let open = try #require(try await SelfCheckHelp.query(on: app.db).first())
            #expect(open.leadID == managerID)
            #expect(try await app.auditActions().contains("self_check.help_reassigned"))
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            try await SelfCheckFixture.complete(teacher, platforms: ["facebook"], help: [("facebook", "photos")])
            let tasks = try await SelfCheckHelp.query(on: app.db).all()
            #expect(tasks.count == 2)
            #expect(tasks.allSatisfy { $0.leadID == managerID })
            #expect(try await Self.mail(app, to: managerEmail).count == 1)
            let manager = try await Browser.signedIn(app, as: managerEmail)
            #expect(try await manager.get("/self-checks/help").status == .ok)
            let dsl = try await Browser.signedIn(app, as: demo.account("st-cleopas", "dsl").email)
            #expect(try await dsl.get("/self-checks/help").status == .notFound)
            // The headteacher still sees them.
            #expect(try await head.get("/self-checks/help").status == .ok)
        }
    }

    @Test("With no designated safeguarding lead, requests go to the headteacher")
    func noDSLGoesToHeadteacher() async throws {
        try await withSteward { app, demo in
            try await SelfCheckFixture.reset(app)
            try await RoleAssignment.query(on: app.db).filter(\.$role == .safeguardingLead).delete()
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            try await SelfCheckFixture.complete(ta, platforms: ["facebook"], help: [("facebook", "private")])
            let task = try #require(try await SelfCheckHelp.query(on: app.db).first())
            #expect(task.leadID == (try await app.personID(demo.account("st-cleopas", "headteacher").email)))
        }
    }

    @Test("Yes to the contact question saves the check and goes straight on to the concern form, with a notice")
    func contactGoesToConcernForm() async throws {
        try await withSteward { app, demo in
            try await SelfCheckFixture.reset(app)
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            let reply = try await SelfCheckFixture.complete(ta, platforms: [], contacted: "yes")
            #expect(reply.status == .seeOther)
            let location = try #require(reply.location)
            #expect(location.hasPrefix("/concerns/new?"))
            #expect(location.contains("category=contact_from_pupil_or_family"))
            let check = try #require(try await SelfCheck.query(on: app.db).first())
            #expect(check.contacted)
            #expect(check.platformKeys.isEmpty)
            let form = try await ta.get(location)
            #expect(form.status == .ok)
            #expect(form.body.contains("Your privacy check is saved"))
            #expect(form.body.contains(#"value="contact_from_pupil_or_family" checked"#))
            // Left without reporting: it waits on her home page, urgent, until she reports the contact.
            let item = "Report the contact from a pupil or their family"
            #expect(try await ta.get("/").body.contains(item))
            // Another kind of concern does not count.
            let other = try await ta.postMultipart(
                "/concerns", csrf: form.csrf,
                fields: [("category", "other"), ("what_happened", "x"), ("platform", "Email"), ("involved", "unknown")])
            #expect(other.status == .seeOther)
            #expect(try await ta.get("/").body.contains(item))
            let reported = try await ta.postMultipart(
                "/concerns", csrf: try await ta.get(location).csrf,
                fields: [
                    ("category", "contact_from_pupil_or_family"), ("what_happened", "A parent messaged me."),
                    ("platform", "Facebook"), ("involved", "parent"),
                ])
            #expect(reported.status == .seeOther, "\(reported.body.prefix(400))")
            #expect(!(try await ta.get("/").body.contains(item)))
            // Nobody else is told on their home page.
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            #expect(!(try await teacher.get("/").body.contains(item)))
        }
    }
}
