// Acknowledging again what is already recorded (a second click, a form sent twice, an app that retries) changes
// nothing, so it is answered at once from a read, even while another change holds the turn to write.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Acknowledging again")
struct AcknowledgeAgainTests {
    @Test("Again on the page and over the API: answered while a change is held open, nothing written")
    func againWhileAWriteIsHeld() async throws {
        try await withSteward { app, demo in
            let policy = try await app.stCleopasPolicy()
            let id = try policy.requireID()
            let email = demo.account("st-cleopas", "teacher").email
            let teacher = try await Browser.signedIn(app, as: email)
            let token = try await app.apiToken(for: email)
            let page = try await teacher.get("/policies/\(id)")
            let version = try #require(Reply.firstMatch(#"name="version" value="([^"]+)""#, in: page.body))
            let first = try await Browser(app).request(
                .POST, PolicyPaths.apiAcknowledgements(id), headers: ["Authorization": "Bearer \(token)"])
            #expect(first.status == .created)
            let recorded = try await app.count("policy_acknowledgements")
            let entries = try await AuditEntry.query(on: app.db).count()

            // Another change holds the turn to write until both answers are in.
            let (again, onThePage) = try await app.whileAChangeIsHeld {
                (
                    try await Browser(app).request(
                        .POST, PolicyPaths.apiAcknowledgements(id), headers: ["Authorization": "Bearer \(token)"]),
                    try await teacher.post(
                        "/policies/\(id)/acknowledge", [("version", version), ("confirm", "yes")], csrf: page.csrf)
                )
            }

            #expect(again.status == .ok)
            struct Acknowledgement: Decodable { var recorded: Bool }
            #expect(try again.json(Acknowledgement.self).recorded == false)
            #expect(onThePage.status == .seeOther)
            #expect(onThePage.headers.first(name: .location)?.hasSuffix("?done=acknowledged") == true)
            #expect(try await app.count("policy_acknowledgements") == recorded)
            #expect(try await AuditEntry.query(on: app.db).count() == entries + 1)  // the held change's own
        }
    }

    @Test("Only an acknowledgement of the current published version counts as already done")
    func replacedVersionIsNotAlreadyDone() async throws {
        try await withSteward { app, demo in
            let policy = try await app.stCleopasPolicy()
            let id = try policy.requireID()
            let email = demo.account("st-cleopas", "teacher").email
            let token = try await app.apiToken(for: email)
            let person = try #require(try await Person.find(try await app.personID(email), on: app.db))
            let old = try #require(policy.currentVersionID)
            let oldVersion = try #require(try await PolicyVersion.find(old, on: app.db))
            #expect(!(try await PolicyLibrary.alreadyAcknowledged(oldVersion, person: person, on: app.db)))
            let first = try await Browser(app).request(
                .POST, PolicyPaths.apiAcknowledgements(id), headers: ["Authorization": "Bearer \(token)"])
            #expect(first.status == .created)
            #expect(try await PolicyLibrary.alreadyAcknowledged(oldVersion, person: person, on: app.db))

            // The headteacher publishes version 2 as a material change: everyone is asked again.
            let headToken = try await app.apiToken(for: demo.account("st-cleopas", "headteacher").email)
            let draft = try await Browser(app).request(
                .POST, "/api/v1/policies", headers: ["Authorization": "Bearer \(headToken)"],
                body: "# Use of Social Media Policy\n## 1. Scope\n- 1.1 Everyone, from today.\n",
                contentType: "text/markdown")
            #expect(draft.status == .created)
            struct Draft: Decodable { var versionID: UUID }
            let newID = try draft.json(Draft.self).versionID
            let fresh = try #require(try await Policy.find(id, on: app.db))
            fresh.currentVersionID = newID
            try await fresh.update(on: app.db)
            let newVersion = try #require(try await PolicyVersion.find(newID, on: app.db))
            // Neither the replaced version nor the new one (a draft here, so not yet to acknowledge) counts as done.
            #expect(!(try await PolicyLibrary.alreadyAcknowledged(oldVersion, person: person, on: app.db)))
            #expect(!(try await PolicyLibrary.alreadyAcknowledged(newVersion, person: person, on: app.db)))
        }
    }
}
