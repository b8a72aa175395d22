// Records management on the home pages' figures, without names: requests waiting for an answer for those who answer
// them (late on either side of the day they are due; one about the reader never counted by them), records in notice
// of removal for those who manage the schedule (a record of a case the reader may not know of never counted), and
// nothing for anyone else. The expected figures are worked out here from the rows made, not read from the app.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Records management: figures on the home pages")
struct RecordsFiguresTests {
    static let requests = "Records requests waiting for an answer"
    static let removals = "Records to be removed soon"

    @Test("Requests and removals are counted for those who handle them, as each may know of them; nobody else")
    func figures() async throws {
        try await withSteward { app, demo in
            let school = try await app.schoolID("st-cleopas")
            let today = try #require(try await School.find(school, on: app.db)).clock.date(of: Date())
            try await RecordsRequest.query(on: app.db).delete()
            try await PurgeNotice.query(on: app.db).delete()
            let head = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            let hr = try await app.personID(demo.account("st-cleopas", "hr").email)
            let teacher = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let ta = try await app.personID(demo.account("st-cleopas", "ta").email)
            func request(about person: UUID, due: Int, answered: Bool = false) async throws {
                let made = RecordsRequest(
                    schoolID: school, personID: person, kind: .access, receivedOn: today, details: "A copy.",
                    recordedBy: hr)
                made.dueOn = today.adding(days: due).description
                if answered {
                    made.outcome = .done
                    made.closedAt = Date()
                    made.closedBy = hr
                }
                try await made.create(on: app.db)
            }
            // Due yesterday (late), today and tomorrow (not late); one about the headteacher, late; one answered.
            try await request(about: teacher, due: -1)
            try await request(about: ta, due: 0)
            try await request(about: teacher, due: 1)
            try await request(about: head, due: -3)
            try await request(about: ta, due: -10, answered: true)
            // In notice: a declaration's record, and a record of a case about the headteacher.
            let quiet = try await HomeWorkTests.makeCase(
                app, school: school, reporter: teacher, state: .closed, reported: 400, lastEntry: 400,
                aboutHeadteacher: true, text: "About the head.")
            try await PurgeNotice(
                schoolID: school, rule: "declarations", recordID: UUID(), caseID: nil,
                listedOn: today.description, removeOn: today.adding(days: 20).description
            ).create(on: app.db)
            try await PurgeNotice(
                schoolID: school, rule: "cases", recordID: try quiet.requireID(), caseID: try quiet.requireID(),
                listedOn: today.description, removeOn: today.adding(days: 5).description
            ).create(on: app.db)
            let first = today.adding(days: 5).longForm
            let later = today.adding(days: 20).longForm

            func figures(_ local: String) async throws -> [String: String] {
                let page = try await Browser.signedIn(app, as: demo.account("st-cleopas", local).email).get("/")
                return HomeWorkTests.schoolFigures(page.body)
            }
            // The headteacher: three waiting (not the one about her), one late; the case about her is not hers to
            // know of, so one record, from the later day.
            let headFigures = try await figures("headteacher")
            #expect(headFigures[Self.requests] == "3 — 1 late")
            #expect(headFigures[Self.removals] == "1 — The first from \(later)")
            // HR: all four, two late; HR does not manage the schedule.
            let hrFigures = try await figures("hr")
            #expect(hrFigures[Self.requests] == "4 — 2 late")
            #expect(hrFigures[Self.removals] == nil)
            for local in ["teacher", "ta", "governor", "chair", "dsl"] {
                let theirs = try await figures(local)
                #expect(theirs[Self.requests] == nil && theirs[Self.removals] == nil, "\(local)")
            }
            // The trust administrator: removals for each school, the case's record too (only the person a case is
            // about, and a headteacher a case about the headteacher, may not learn of it); requests are not theirs.
            let table = HomeWorkTests.trustRows(
                try await Browser.signedIn(app, as: demo.trustAdmin.email).get("/").body)
            let row = try #require(table["St Cleopas C of E Primary School"])
            #expect(row[Self.requests] == nil)
            #expect(row[Self.removals] == "2 — The first from \(first)")
            #expect(table["Holy Trinity C of E Primary School"]?[Self.removals] == "0 — None in notice")
            // Answered, the request leaves the count; none late reads so.
            let late = try #require(
                try await RecordsRequest.query(on: app.db).filter(\.$personID == teacher)
                    .filter(\.$dueOn < today.description).first())
            late.outcome = .done
            try await late.update(on: app.db)
            #expect(try await figures("headteacher")[Self.requests] == "2 — None late")
        }
    }
}
