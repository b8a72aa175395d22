// The concerns API speaks camelCase like the rest of the API, and still takes the first release's snake_case
// spellings until the next release (issue 12, item 6).

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("The concerns API's field names")
struct ConcernAPIDialectTests {
    @Test("Every field reaches the case under its camelCase name and under its old snake_case name")
    func bothSpellings() async throws {
        try await withSteward { app, demo in
            let token = try await app.apiToken(for: demo.account("st-cleopas", "teacher").email)
            let auth: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            let bodies = [
                #"{"category":"contact_from_pupil_or_family","whatHappened":"A friend request.","happenedOn":"2026-11-20","platform":"Instagram","involved":"pupil","pupilName":"Jack Smith","blocked":"yes","reportedToPlatform":"no","description":"Year 6"}"#,
                #"{"category":"contact_from_pupil_or_family","what_happened":"A friend request.","happened_on":"2026-11-20","platform":"Instagram","involved":"pupil","pupil_name":"Jack Smith","blocked":"yes","reported_to_platform":"no","description":"Year 6"}"#,
            ]
            for body in bodies {
                let reply = try await Browser(app).request(
                    .POST, "/api/v1/concerns", headers: auth, body: body, contentType: "application/json")
                #expect(reply.status == .created, "\(body.prefix(60))")
            }
            let cases = try await Case.query(on: app.db).all()
            #expect(cases.count == 2)
            for item in cases {
                #expect(item.whatHappened == "A friend request.")
                #expect(item.happenedOn == "2026-11-20")
                #expect(item.involvedDescription.contains("Jack Smith"))
                #expect(item.blocked == "yes")
                #expect(item.reportedToPlatform == "no")
            }
            // A body missing what happened, in either spelling, is refused naming the field by its new name.
            let missing = try await Browser(app).request(
                .POST, "/api/v1/concerns", headers: auth,
                body: #"{"category":"other","platform":"Email","involved":"unknown"}"#, contentType: "application/json")
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.contains("whatHappened: Enter what happened."))
        }
    }
}
