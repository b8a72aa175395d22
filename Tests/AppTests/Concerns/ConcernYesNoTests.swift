// A report's two yes-or-no questions take yes, no or nothing: anything else is refused and nothing is written
// (found by the hostile-input sweep, issue 15).

import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Concerns: the yes-or-no questions")
struct ConcernYesNoTests {
    static let refused = ["maybe", "YES", "No", "yes ", "1", "true", "<script>window.x=1</script>", "/etc/passwd"]

    @Test("On the page and through the API: yes, no and nothing are taken; anything else is refused, writing nothing")
    func onlyYesOrNo() async throws {
        try await withSteward { app, demo in
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            let token = try await app.apiToken(for: demo.account("st-cleopas", "teacher").email)
            let auth: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            for field in ["blocked", "reported_to_platform"] {
                for value in Self.refused + ["", "yes", "no"] {
                    let before = try await Case.query(on: app.db).count()
                    let mailBefore = try await OutboxMessage.query(on: app.db).count()
                    let form = try await ta.get("/concerns/new")
                    let page = try await ta.postMultipart(
                        "/concerns", csrf: form.csrf,
                        fields: [
                            ("category", "contact_from_pupil_or_family"), ("what_happened", "A friend request."),
                            ("platform", "Facebook"), ("involved", "parent"), (field, value),
                        ])
                    let apiField = field == "blocked" ? "blocked" : "reportedToPlatform"
                    let body = try String(
                        decoding: JSONSerialization.data(withJSONObject: [
                            "category": "other", "whatHappened": "A message.", "platform": "Email",
                            "involved": "unknown", apiField: value,
                        ]), as: UTF8.self)
                    let api = try await Browser(app).request(
                        .POST, "/api/v1/concerns", headers: auth, body: body, contentType: "application/json")
                    let after = try await Case.query(on: app.db).count()
                    if Self.refused.contains(value) {
                        #expect((400..<500).contains(page.status.code), "\(field)=\(value) \(page.status)")
                        #expect(page.body.contains("Answer yes or no to whether you"), "\(field)=\(value)")
                        #expect(api.status == .unprocessableEntity, "\(field)=\(value)")
                        #expect(api.body.contains("Answer yes or no"), "\(field)=\(value)")
                        #expect(after == before, "\(field)=\(value) wrote a case")
                        #expect(try await OutboxMessage.query(on: app.db).count() == mailBefore)
                    } else {
                        #expect(page.status == .seeOther, "\(field)=\(value)")
                        #expect(api.status == .created, "\(field)=\(value)")
                        #expect(after == before + 2)
                        let newest = try #require(
                            try await Case.query(on: app.db).sort(\.$createdAt, .descending).first())
                        let stored = field == "blocked" ? newest.blocked : newest.reportedToPlatform
                        #expect(stored == (value.isEmpty ? nil : value), "\(field)=\(value)")
                    }
                }
            }
        }
    }

    @Test("An upload refused for its form token leaves nothing in the data directory")
    func refusedUploadLeavesNothing() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let spool = app.steward.config.dataDirectory.appendingPathComponent("uploads-in-progress")
            for csrf in [nil, "not-the-token", "<svg><script>x</script></svg>"] {
                let reply = try await head.postMultipart(
                    "/people/import", csrf: csrf,
                    files: [(field: "file", filename: "staff.csv", bytes: Array("forename,surname,email\n".utf8))])
                #expect(reply.status == .forbidden)
                let left = (try? FileManager.default.subpathsOfDirectory(atPath: spool.path)) ?? []
                #expect(left.isEmpty, "\(left)")
            }
        }
    }
}
