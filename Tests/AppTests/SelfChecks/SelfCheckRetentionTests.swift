// How long the privacy check's records are kept (two years; a check stays while its request is open), and what is
// held about a person, under each record's own rule.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Privacy self-check: retention and what is held")
struct SelfCheckRetentionTests {
    @Test("Checks and closed requests go after two years; a check whose request is still open stays")
    func purge() async throws {
        try await withSteward { app, demo in
            try await SelfCheckFixture.reset(app)
            let old = Date().addingTimeInterval(-3 * 365 * 86_400)
            let plain = try await SelfCheckFixture.insert(app, demo, "ta", round: 1)
            let helped = try await SelfCheckFixture.insert(app, demo, "hr", round: 1, help: true)
            let recent = try await SelfCheckFixture.insert(app, demo, "manager", round: 2)
            for check in [plain, helped] {
                check.completedAt = old
                try await check.update(on: app.db)
            }
            let rules = Dictionary(uniqueKeysWithValues: Features.retention.map { ($0.key, $0) })
            let purgeChecks = try #require(rules["self_checks"]?.purge)
            let purgeHelp = try #require(rules["self_check_help"]?.purge)
            #expect(try await purgeHelp(app.db, Date()) == 0)  // the request is open
            #expect(try await purgeChecks(app.db, Date()) == 1)  // the TA's; the HR check waits for its request
            let task = try #require(try await SelfCheckHelp.query(on: app.db).first())
            task.closedAt = old
            try await task.update(on: app.db)
            #expect(try await purgeHelp(app.db, Date()) == 1)
            #expect(try await purgeChecks(app.db, Date()) == 1)
            #expect(try await SelfCheck.query(on: app.db).all().map(\.id) == [recent.id])
        }
    }

    @Test("What is held about a person lists their checks for the headteacher, and nothing to another school")
    func heldRecords() async throws {
        try await withSteward { app, demo in
            try await SelfCheckFixture.reset(app)
            try await SelfCheckFixture.insert(app, demo, "ta", round: SelfCheckFixture.round(), help: true)
            let taID = try await app.personID(demo.account("st-cleopas", "ta").email)
            func viewer(_ email: String) async throws -> Actor {
                let person = try #require(try await Person.query(on: app.db).filter(\.$email == email).first())
                return try await ActorLoader.load(person: person, currentSchoolID: nil, on: app.db)
            }
            let byHead = try await Features.heldRecords(
                about: taID, viewer: try await viewer(demo.account("st-cleopas", "headteacher").email), on: app.db)
            #expect(byHead.first { $0.title == "Privacy checks they completed" }?.rows.count == 1)
            #expect(byHead.first { $0.title == "Help they asked for with privacy settings" }?.rows.count == 1)
            let byOutsider = try await Features.heldRecords(
                about: taID, viewer: try await viewer(demo.account("northfield", "headteacher").email), on: app.db)
            #expect(byOutsider.isEmpty)
        }
    }
}
