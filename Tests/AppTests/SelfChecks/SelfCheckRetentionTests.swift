// How long the privacy check's records are kept (6 years after the person leaves, under the retention schedule),
// and what is held about a person, under each record's own rule.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Privacy self-check: retention and what is held")
struct SelfCheckRetentionTests {
    @Test("Checks and requests for help stay while their person is at the school, and go 6 years after they leave")
    func purge() async throws {
        try await withSteward { app, demo in
            try await SelfCheckFixture.reset(app)
            let schoolID = try await app.schoolID("st-cleopas")
            let leaver = try await SelfCheckFixture.insert(app, demo, "ta", round: 1, help: true)
            let stayer = try await SelfCheckFixture.insert(app, demo, "hr", round: 1, help: true)
            let ta = try #require(try await Person.find(leaver.personID, on: app.db))
            let left = CalendarDate(year: 2027, month: 8, day: 31)!
            ta.active = false
            ta.deactivatedAt = PurgeFixture.date(left)
            try await ta.update(on: app.db)
            let due = CalendarDate(year: 2033, month: 8, day: 31)!
            for (day, present) in [
                (due.adding(days: -31), true), (due.adding(days: -30), true), (due.adding(days: -1), true),
                (due, false),
            ] {
                try await RecordsPurge.run(schoolID: schoolID, today: day, app: app)
                #expect((try await SelfCheck.find(leaver.id, on: app.db) != nil) == present, "\(day)")
                #expect(
                    try await SelfCheckHelp.query(on: app.db).filter(\.$checkID == leaver.requireID()).count()
                        == (present ? 1 : 0), "\(day)")
            }
            // Someone still at the school keeps theirs, however old.
            try await RecordsPurge.run(schoolID: schoolID, today: CalendarDate(year: 2090, month: 1, day: 1)!, app: app)
            #expect(try await SelfCheck.find(stayer.id, on: app.db) != nil)
            #expect(try await SelfCheckHelp.query(on: app.db).filter(\.$checkID == stayer.requireID()).count() == 1)
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
