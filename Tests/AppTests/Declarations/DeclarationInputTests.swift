// Bad input to declarations (issue 14): a pupil or colleague of another school, answers outside the lists, hostile
// text, impossible dates, a reviewer who is not the routed one, a nil return with open declarations. Each gets a clear
// message, writes nothing, and is never a 500.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Declarations: bad input")
struct DeclarationInputTests {
    @Test("Every refused declaration: 400 with its message, and nothing written")
    func refusedDeclarations() async throws {
        try await withSteward { app, demo in
            let scene = try await DeclarationScene.make(app, demo)
            let ta = try await scene.browser("ta")
            let northfield = try await app.schoolID("northfield")
            // A pupil on Northfield's roster (another trust's school).
            let otherPupil: RosterPupil? = RosterPupil()
            if let otherPupil {
                otherPupil.$school.id = northfield
                otherPupil.legalForename = "Nora"
                otherPupil.legalSurname = "Northfield"
                otherPupil.photoInSchool = false
                otherPupil.photoOnWebsite = false
                otherPupil.photoOnSocialMedia = false
                otherPupil.nameOnSocialMedia = false
                try await otherPupil.create(on: app.db)
            }
            let ownPupil = try #require(try await RosterPupil.query(on: app.db).inSchool(scene.schoolID).first())
            let otherPerson = try #require(try await Person.query(on: app.db).inSchool(northfield).first())
            let governor = try await scene.id("governor")
            let teacher = try await scene.id("teacher")
            let future = CalendarDate(Date()).adding(days: 40).description
            // (what, fields, the words the message must contain)
            var cases: [(String, (DeclarationScene, Browser) async throws -> Reply, String)] = [
                ("no party", { s, b in try await s.declare(b, party: "", name: "X") }, "who the other person is"),
                (
                    "a party outside the list", { s, b in try await s.declare(b, party: "stranger", name: "X") },
                    "who the other person is"
                ),
                (
                    "a nature outside the list",
                    { s, b in try await s.declare(b, party: "other", name: "X", nature: "enemy") },
                    "what the relationship is"
                ),
                (
                    "no nature", { s, b in try await s.declare(b, party: "other", name: "X", nature: "") },
                    "what the relationship is"
                ),
                (
                    "something else, unexplained",
                    { s, b in try await s.declare(b, party: "other", name: "X", nature: "other") },
                    "Say what the relationship is"
                ),
                (
                    "a platform outside the list",
                    { s, b in try await s.declare(b, party: "other", name: "X", platforms: ["myspace"]) },
                    "platforms from the list"
                ),
                ("no since", { s, b in try await s.declare(b, party: "other", name: "X", since: "") }, "since when"),
                (
                    "since in words", { s, b in try await s.declare(b, party: "other", name: "X", since: "ages ago") },
                    "a year (2019)"
                ),
                (
                    "since in the future", { s, b in try await s.declare(b, party: "other", name: "X", since: future) },
                    "between 1900 and today"
                ),
                (
                    "since before 1900", { s, b in try await s.declare(b, party: "other", name: "X", since: "1899") },
                    "a year (2019)"
                ),
                (
                    "since, a day that does not exist",
                    { s, b in try await s.declare(b, party: "other", name: "X", since: "2019-02-30") }, "a year (2019)"
                ),
                (
                    "since, month 13", { s, b in try await s.declare(b, party: "other", name: "X", since: "2019-13") },
                    "a year (2019)"
                ),
                (
                    "a contractor without a name", { s, b in try await s.declare(b, party: "contractor", name: "  ") },
                    "Enter their name"
                ),
                (
                    "a name with a hidden character",
                    { s, b in try await s.declare(b, party: "contractor", name: "Jo\u{202E}e") }, "invisible"
                ),
                (
                    "a name with a line break", { s, b in try await s.declare(b, party: "other", name: "Jo\nBloggs") },
                    "line break"
                ),
                (
                    "a name too long",
                    { s, b in try await s.declare(b, party: "other", name: String(repeating: "a", count: 101)) },
                    "100 characters"
                ),
                (
                    "detail too long",
                    { s, b in
                        try await s.declare(b, party: "other", name: "X", detail: String(repeating: "a", count: 2_001))
                    }, "2000 characters"
                ),
                ("a pupil not chosen", { s, b in try await s.declare(b, party: "pupil") }, "three letters"),
                (
                    "a pupil id that is not an id", { s, b in try await s.declare(b, party: "pupil", surname: "Ben") },
                    "three letters"
                ),
                (
                    "a parent without their name",
                    { s, b in try await s.declare(b, party: "parent", pick: ownPupil.id) }, "or carer"
                ),
                (
                    "a colleague of another school",
                    { s, b in try await s.declare(b, party: "colleague", pick: otherPerson.id) },
                    "colleague at your school"
                ),
                (
                    "a governor declared as a colleague",
                    { s, b in try await s.declare(b, party: "colleague", pick: governor) }, "colleague at your school"
                ),
                (
                    "a colleague declared as a governor",
                    { s, b in try await s.declare(b, party: "governor", pick: teacher) }, "governors"
                ),
                (
                    "oneself", { s, b in try await s.declare(b, party: "colleague", pick: try await s.id("ta")) },
                    "colleague at your school"
                ),
                (
                    "a person who does not exist", { s, b in try await s.declare(b, party: "colleague", pick: UUID()) },
                    "colleague at your school"
                ),
            ]
            if let otherPupil {
                cases.append(
                    (
                        "a pupil of another school",
                        { s, b in try await s.declare(b, party: "pupil", pick: otherPupil.id) }, "roster"
                    ))
                cases.append(
                    (
                        "a parent of another school's pupil",
                        { s, b in try await s.declare(b, party: "parent", pick: otherPupil.id, name: "Jo") }, "roster"
                    ))
            }
            for (what, send, message) in cases {
                let before = try await scene.counts()
                let audited = try await app.count("audit_entries", where: "action", "declaration.made")
                let reply = try await send(scene, ta)
                #expect(reply.status == .badRequest, "\(what): \(reply.status)")
                #expect(reply.body.contains(message), "\(what): no “\(message)” in the page")
                #expect(try await scene.counts() == before, "\(what) wrote something")
                #expect(try await app.count("audit_entries", where: "action", "declaration.made") == audited)
            }
        }
    }

    @Test("Twenty declarations a day at most: the next is refused with a message and tells nobody")
    func declarationsPerDay() async throws {
        try await withSteward { app, demo in
            let scene = try await DeclarationScene.make(app, demo)
            let volunteer = try await scene.browser("volunteer")
            for n in 0..<DeclarationController.declarationsPerDay {
                let reply = try await scene.declare(volunteer, party: "other", name: "Person \(n)")
                #expect(reply.status == .seeOther, "\(n): \(reply.status)")
            }
            let mails = try await app.count("outbox_messages")
            let before = try await scene.counts()
            let refused = try await scene.declare(volunteer, party: "other", name: "One more")
            #expect(refused.status == .badRequest && refused.body.contains("talk to HR"))
            #expect(try await scene.counts() == before)
            #expect(try await app.count("outbox_messages") == mails)
        }
    }

    @Test("The surname search: three letters at least, names and classes only, this school only, at most ten")
    func search() async throws {
        try await withSteward { app, demo in
            let scene = try await DeclarationScene.make(app, demo)
            let ta = try await scene.browser("ta")
            let pupils = try await RosterPupil.query(on: app.db).inSchool(scene.schoolID).all()
            let pupil = try #require(pupils.first { $0.legalSurname.count >= 4 })
            let letters = String(pupil.legalSurname.prefix(3))
            // Two letters: a message, no list, nothing read.
            let short = try await ta.post(
                "/declarations", [("party", "pupil"), ("surname", String(letters.prefix(2))), ("find", "1")],
                csrfFrom: "/declarations/new")
            #expect(short.status == .badRequest && short.body.contains("at least three letters"))
            #expect(!short.body.contains(pupil.legalSurname))
            // Three letters, in another case: the pupil's name and class, nothing else of the roster.
            let found = try await ta.post(
                "/declarations", [("party", "pupil"), ("surname", letters.uppercased()), ("find", "1")],
                csrfFrom: "/declarations/new")
            #expect(found.status == .ok)
            #expect(found.body.contains(DeclarationController.label(pupil)))
            if let upn = pupil.upn, !upn.isEmpty { #expect(!found.body.contains(upn)) }
            if let born = pupil.dateOfBirth { #expect(!found.body.contains(born)) }
            let others = pupils.filter {
                !DeclarationForm.fold($0.legalSurname).hasPrefix(DeclarationForm.fold(letters))
            }
            for other in others { #expect(!found.body.contains(">\(DeclarationController.label(other))<")) }
            #expect(try await app.count("audit_entries", where: "action", "declaration.roster_searched") == 1)
            // Another school's pupils are never found.
            let northfield = try await RosterPupil.query(on: app.db).inSchool(try await app.schoolID("northfield"))
                .all()
            for other in northfield where !pupils.contains(where: { $0.legalSurname == other.legalSurname }) {
                let reply = try await ta.post(
                    "/declarations",
                    [("party", "pupil"), ("surname", String(other.legalSurname.prefix(4))), ("find", "1")],
                    csrfFrom: "/declarations/new")
                #expect(!reply.body.contains(DeclarationController.label(other)))
            }
            // At most ten matches, however many share the letters.
            for n in 0..<12 {
                let extra = RosterPupil()
                extra.$school.id = scene.schoolID
                extra.legalForename = "Child\(n)"
                extra.legalSurname = "Zzyzx\(n)"
                extra.photoInSchool = false
                extra.photoOnWebsite = false
                extra.photoOnSocialMedia = false
                extra.nameOnSocialMedia = false
                try await extra.create(on: app.db)
            }
            let many = try await ta.post(
                "/declarations", [("party", "pupil"), ("surname", "zzy"), ("find", "1")], csrfFrom: "/declarations/new")
            #expect(Reply.allMatches(#"name="pick" value="([^"]+)""#, in: many.body).count == 10)
            // Thirty searches an hour: enough to find anyone, too few to read out the roster.
            var refused: Reply?
            for _ in 0..<DeclarationController.searchesPerHour {
                let reply = try await ta.post(
                    "/declarations", [("party", "pupil"), ("surname", "zzy"), ("find", "1")],
                    csrfFrom: "/declarations/new")
                if reply.status == .badRequest { refused = reply; break }
            }
            let stopped = try #require(refused, "the searches were never stopped")
            #expect(stopped.body.contains("in the last hour") && !stopped.body.contains("Zzyzx"))
            #expect(
                try await app.count("audit_entries", where: "action", "declaration.roster_searched")
                    == DeclarationController.searchesPerHour)
            // Another person may still search.
            let teacher = try await scene.browser("teacher")
            let theirs = try await teacher.post(
                "/declarations", [("party", "pupil"), ("surname", "zzy"), ("find", "1")], csrfFrom: "/declarations/new")
            #expect(theirs.status == .ok)
        }
    }

    @Test("Outcomes: only the routed reviewer; advice needs the advice, a plan a future review date")
    func outcomes() async throws {
        try await withSteward { app, demo in
            let scene = try await DeclarationScene.make(app, demo)
            let id = try await scene.declareColleague("ta", about: "socialmedia")
            let future = CalendarDate(Date()).adding(days: 30).description
            let past = CalendarDate(Date()).adding(days: -1).description
            let todayText = CalendarDate(Date()).description
            let refused: [(String, String, String, String, String, HTTPStatus, String)] = [
                // who, outcome, text, review on, what, status, message
                ("hr", "noted", "", "", "HR sees it but is not the reviewer", .badRequest, "Only the person"),
                (
                    "headteacher", "noted", "", "", "the headteacher is not the routed reviewer", .badRequest,
                    "Only the person"
                ),
                ("ta", "noted", "", "", "the declarer", .badRequest, "Only the person"),
                ("teacher", "noted", "", "", "a colleague who cannot see it", .notFound, ""),
                ("socialmedia", "noted", "", "", "the other party", .notFound, ""),
                ("dsl", "noted", "", "", "the safeguarding lead before it is passed", .notFound, ""),
                ("manager", "", "", "", "no outcome", .badRequest, "Choose an outcome"),
                ("manager", "approved", "", "", "an outcome outside the list", .badRequest, "Choose an outcome"),
                ("manager", "advice", "  ", "", "advice without the advice", .badRequest, "Enter the advice you gave"),
                ("manager", "plan", "Meet monthly", "", "a plan without a date", .badRequest, "Enter the date"),
                ("manager", "plan", "Meet monthly", past, "a plan reviewed in the past", .badRequest, "after today"),
                ("manager", "plan", "Meet monthly", todayText, "a plan reviewed today", .badRequest, "after today"),
                (
                    "manager", "plan", "Meet monthly", "2031-01-01", "a plan reviewed years away", .badRequest,
                    "within two years"
                ),
                ("manager", "noted", "Bad\u{0007}bell", "", "a control character", .badRequest, "control character"),
            ]
            for (who, outcome, text, reviewOn, what, status, message) in refused {
                let before = try await scene.counts()
                let reply = try await scene.recordOutcome(who, id, outcome: outcome, text: text, reviewOn: reviewOn)
                #expect(reply.status == status, "\(what): \(reply.status)")
                if !message.isEmpty { #expect(reply.body.contains(message), "\(what): no “\(message)”") }
                #expect(try await scene.counts() == before, "\(what) wrote something")
            }
            // The safeguarding lead's own declaration: with nobody else in the role it cannot be passed to the
            // safeguarding lead; with a second one it can, and still the declarer may not record its outcome.
            // In the demo the headteacher line-manages the safeguarding lead.
            let own = try await scene.declareColleague("dsl", about: "teacher")
            let alone = try await scene.recordOutcome("headteacher", own, outcome: "passed_to_safeguarding")
            #expect(alone.status == .badRequest && alone.body.contains("Nobody else holds"))
            let managerPerson = try #require(try await Person.find(try await scene.id("manager"), on: app.db))
            try await RoleAssignment(
                personID: try managerPerson.requireID(), trustID: managerPerson.trustID, schoolID: scene.schoolID,
                role: .safeguardingLead
            ).create(on: app.db)
            let head = try await scene.id("headteacher")
            let ownStored = try await scene.declaration(own)
            #expect(ownStored.reviewerKind == "line_manager" && ownStored.reviewerID == head)
            let passed = try await scene.recordOutcome(
                "headteacher", own, outcome: "passed_to_safeguarding", text: "For you")
            #expect(passed.status == .seeOther)
            let beforeSelf = try await scene.counts()
            let selfReview = try await scene.recordOutcome("dsl", own, outcome: "noted")
            #expect(selfReview.status == .badRequest && selfReview.body.contains("Only the person"))
            #expect(try await scene.counts() == beforeSelf)
            let plan = try await scene.recordOutcome(
                "manager", id, outcome: "plan", text: "Meet monthly", reviewOn: future)
            #expect(plan.status == .seeOther)
            let stored = try await scene.declaration(id)
            #expect(stored.outcome == .plan && stored.reviewOn == future)
            // The declarer reads the plan and its review date.
            let seen = try await (try await scene.browser("ta")).get("/declarations/\(id)")
            #expect(seen.body.contains("Meet monthly") && seen.body.contains("A plan agreed"))
            // Closed: nobody adds an outcome any more, and it cannot be closed twice.
            let today = CalendarDate(Date()).description
            let closeTomorrow = try await (try await scene.browser("ta")).post(
                "/declarations/\(id)/close", [("endedOn", CalendarDate(Date()).adding(days: 1).description)],
                csrfFrom: "/declarations/\(id)")
            #expect(
                closeTomorrow.status == .badRequest && closeTomorrow.body.contains("between the day it began and today")
            )
            let closeEarly = try await (try await scene.browser("ta")).post(
                "/declarations/\(id)/close", [("endedOn", "2018-12-31")], csrfFrom: "/declarations/\(id)")
            #expect(closeEarly.status == .badRequest, "ended before it began (since 2019)")
            let closed = try await (try await scene.browser("ta")).post(
                "/declarations/\(id)/close", [("endedOn", today)], csrfFrom: "/declarations/\(id)")
            #expect(closed.status == .seeOther)
            #expect(try await scene.declaration(id).closedOn == today)
            let after = try await scene.recordOutcome("manager", id, outcome: "noted")
            #expect(after.status == .badRequest && after.body.contains("closed"))
            let again = try await (try await scene.browser("ta")).post(
                "/declarations/\(id)/close", [("endedOn", today)], csrfFrom: "/declarations/\(id)")
            #expect(again.status == .badRequest && again.body.contains("already closed"))
            // Never deleted: still there, still listed for the declarer.
            #expect(try await (try await scene.browser("ta")).get("/declarations").body.contains("Ended on"))
        }
    }

    @Test("The yearly confirmation: accurate needs an open declaration, a nil return needs none; once a year")
    func confirmation() async throws {
        try await withSteward { app, demo in
            let scene = try await DeclarationScene.make(app, demo)
            let socialmedia = try await scene.browser("socialmedia")
            let before = try await scene.counts()
            let wrong = try await socialmedia.post(
                "/declarations/confirm", [("answer", "accurate")], csrfFrom: "/declarations")
            #expect(wrong.status == .badRequest && wrong.body.contains("nothing to declare"))
            let unknown = try await socialmedia.post(
                "/declarations/confirm", [("answer", "maybe")], csrfFrom: "/declarations")
            #expect(unknown.status == .badRequest)
            #expect(try await scene.counts() == before)
            let nilReturn = try await socialmedia.post(
                "/declarations/confirm", [("answer", "nothing")], csrfFrom: "/declarations")
            #expect(nilReturn.status == .seeOther)
            let twice = try await socialmedia.post(
                "/declarations/confirm", [("answer", "nothing")], csrfFrom: "/declarations")
            #expect(twice.status == .seeOther)
            let socialmediaID = try await scene.id("socialmedia")
            #expect(
                try await DeclarationConfirmation.query(on: app.db).filter(\.$personID == socialmediaID).count() == 1)
            // The teacher has an open declaration (the demo's): a nil return is refused, accurate accepted.
            let teacher = try await scene.browser("teacher")
            let refused = try await teacher.post(
                "/declarations/confirm", [("answer", "nothing")], csrfFrom: "/declarations")
            #expect(refused.status == .badRequest && refused.body.contains("open declarations"))
            let accurate = try await teacher.post(
                "/declarations/confirm", [("answer", "accurate")], csrfFrom: "/declarations")
            #expect(accurate.status == .seeOther)
            // Governors are not asked.
            let governor = try await scene.browser("governor")
            let notAsked = try await governor.post(
                "/declarations/confirm", [("answer", "nothing")], csrfFrom: "/declarations")
            #expect(notAsked.status == .forbidden)
        }
    }
}
