// An acknowledgement over the API of a version that stops being the current published one before it is recorded (a
// headteacher publishing at that moment) is refused as a conflict in the API's error shape, never a 500.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Acknowledging a version that stops being current")
struct AcknowledgementRaceTests {
    @Test("The version read is not the published one when the acknowledgement is written: 409, nothing recorded")
    func replacedMeanwhile() async throws {
        try await withSteward { app, demo in
            let headToken = try await app.apiToken(for: demo.account("st-cleopas", "headteacher").email)
            let policy = try #require(
                try await Policy.query(on: app.db).inSchool(try await app.schoolID("st-cleopas")).first())
            let policyID = try policy.requireID()
            let draft = try await Browser(app).request(
                .POST, "/api/v1/policies", headers: ["Authorization": "Bearer \(headToken)"],
                body: "# Use of Social Media Policy\n## 1. Scope\n- 1.1 Everyone.\n", contentType: "text/markdown")
            #expect(draft.status == .created)
            struct Draft: Decodable { var versionID: UUID }
            // What the handler would read if the current version changed under it: a version that is not the
            // current published one by the time `PolicyLibrary.acknowledge` checks, inside the write.
            policy.currentVersionID = try draft.json(Draft.self).versionID
            try await policy.update(on: app.db)
            let before = try await app.count("policy_acknowledgements")

            let teacherToken = try await app.apiToken(for: demo.account("st-cleopas", "teacher").email)
            let reply = try await Browser(app).request(
                .POST, PolicyPaths.apiAcknowledgements(policyID), headers: ["Authorization": "Bearer \(teacherToken)"])

            #expect(reply.status == .conflict)
            struct APIError: Decodable { var error: Bool; var status: Int; var reason: String }
            let error = try reply.json(APIError.self)
            #expect(error.error && error.status == 409)
            #expect(error.reason.contains("replaced"))
            #expect(try await app.count("policy_acknowledgements") == before)
        }
    }
}
