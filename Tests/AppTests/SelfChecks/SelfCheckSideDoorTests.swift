// What is derived from a privacy check follows its own rule (issue 14, found by an attack on the running app): the
// audit log and the outbox show no trace of who asked for help or answered what to anyone but the headteacher, what
// Steward holds about a person shows their checks only to them and the headteacher, and a question not on the check
// is refused.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Privacy self-check: side doors")
struct SelfCheckSideDoorTests {
    @Test("A request for help leaves no trace for the trust administrator; the headteacher sees it")
    func traces() async throws {
        try await withSteward { app, demo in
            let schoolID = try await SelfCheckFixture.reset(app)
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            let reply = try await SelfCheckFixture.complete(
                ta, platforms: ["facebook"], help: [("facebook", "connections")], contacted: "yes")
            #expect(reply.status == .seeOther)
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let subject = "A colleague asked for help with their privacy settings"
            for (who, browser, sees) in [("trust admin", admin, false), ("headteacher", head, true)] {
                let audit = try await browser.get("/audit?action=self_check")
                #expect(audit.status == .ok)
                #expect(audit.body.contains("self_check.help_requested") == sees, "\(who): audit")
                let outbox = try await browser.get("/outbox?show=all")
                #expect(outbox.body.contains(subject) == sees, "\(who): outbox")
            }
            // Even the headteacher's audit log says nothing of what was answered.
            let entries = try await AuditEntry.query(on: app.db).filter(\.$action == "self_check.completed").all()
            #expect(!entries.isEmpty)
            for entry in entries {
                #expect(!entry.details.contains("contacted") && !entry.details.contains("help"), "\(entry.details)")
            }
            // What Steward holds about the TA: her check for herself and the headteacher, not for the trust admin.
            let taID = try await app.personID(demo.account("st-cleopas", "ta").email)
            func held(_ email: String) async throws -> Int {
                let person = try #require(try await Person.query(on: app.db).filter(\.$email == email).first())
                let roles = try await RoleAssignment.query(on: app.db).filter(\.$person.$id == person.requireID()).all()
                var bySchool: [UUID: Set<Role>] = [:]
                for role in roles { bySchool[role.$school.id ?? schoolID, default: []].insert(role.role) }
                let actor = Actor(personID: try person.requireID(), schoolID: schoolID, rolesBySchool: bySchool)
                let records = try await Features.heldRecords(about: taID, viewer: actor, on: app.db)
                return records.filter { $0.title == "Privacy checks they completed" }.map(\.rows.count).reduce(0, +)
            }
            #expect(try await held(demo.account("st-cleopas", "ta").email) == 1)
            #expect(try await held(demo.account("st-cleopas", "headteacher").email) == 1)
            #expect(try await held(demo.trustAdmin.email) == 0)
            #expect(try await held(demo.account("st-cleopas", "hr").email) == 0)
        }
    }

    @Test("A question that is not on the check is refused, page and API; the API's link to the concern form works")
    func unknownQuestion() async throws {
        try await withSteward { app, demo in
            try await SelfCheckFixture.reset(app)
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            let (page, term) = try await SelfCheckFixture.questions(ta, platforms: ["facebook"])
            let fields =
                [("term", term)] + SelfCheckFixture.fields(platforms: ["facebook"], contacted: "no")
                + [("answers[facebook][evil]", "done")]
            let refused = try await ta.post("/self-checks", fields, csrf: page.csrf)
            #expect(refused.status == .badRequest && refused.body.contains("not on the check"))
            #expect(try await SelfCheck.query(on: app.db).count() == 0)
            let token = try await app.apiToken(for: demo.account("st-cleopas", "ta").email)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: token)
            let answers = SelfCheckItem.allCases.map { "\"\($0.rawValue)\":\"done\"" }.joined(separator: ",")
            let bad = try await ta.request(
                .POST, "/api/v1/self-checks", headers: headers,
                body:
                    #"{"platforms":["facebook"],"answers":{"facebook":{\#(answers),"evil":"done"}},"contacted":false}"#,
                contentType: "application/json")
            #expect([.badRequest, .unprocessableEntity].contains(bad.status), "\(bad.status) \(bad.body)")
            #expect(try await SelfCheck.query(on: app.db).count() == 0)
            let good = try await ta.request(
                .POST, "/api/v1/self-checks", headers: headers,
                body: #"{"platforms":["facebook"],"answers":{"facebook":{\#(answers)}},"contacted":true}"#,
                contentType: "application/json")
            #expect(good.status == .created, "\(good.body)")
            struct Created: Decodable { var reportContactAt: String? }
            let link = try #require(try good.json(Created.self).reportContactAt)
            #expect(link == "http://127.0.0.1:8080/concerns/new?category=contact_from_pupil_or_family")
            #expect(try await ta.get(String(link.dropFirst("http://127.0.0.1:8080".count))).status == .ok)
        }
    }
}
