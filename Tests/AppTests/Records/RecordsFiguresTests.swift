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
            // In notice: a case the teacher reported, whose day is 20 days away; and one the headteacher reported,
            // 5 days away: it is about her (she is its reporter), so a hold on her would keep it.
            let sixYearsBefore = { (day: CalendarDate) in
                CalendarDate(year: day.year - 6, month: day.month, day: day.day) ?? day
            }
            let reported = try await PurgeFixture.report(app, demo, text: "Reported by the teacher.", file: "a.png")
            try await PurgeFixture.close(app, reported, on: sixYearsBefore(today.adding(days: 20)))
            let own = try await HomeWorkTests.makeCase(
                app, school: school, reporter: head, state: .closed, reported: 3000, lastEntry: 3000,
                text: "Reported by the headteacher.")
            try await PurgeFixture.close(app, try own.requireID(), on: sixYearsBefore(today.adding(days: 5)))
            // The cases were closed straight in the database: as the pages would, the change is audited (the figure
            // is kept until the audit log moves).
            try await AuditLog.write(on: app.db, context: .command("test", app)) { _, audit in
                try await audit.append("test.cases_closed", schoolID: school, details: [:])
            }
            // Listed today, neither goes before the notice period's 30 days (PurgePlanner.noticeDays) have passed.
            let later = today.adding(days: 30).longForm
            let first = later

            func figures(_ local: String) async throws -> [String: String] {
                let page = try await Browser.signedIn(app, as: demo.account("st-cleopas", local).email).get("/")
                return HomeWorkTests.schoolFigures(page.body)
            }
            // The headteacher: three waiting (not the one about her), one late; the case she reported is about her,
            // so one record, from the later day.
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
            // The trust administrator: removals for each school, both cases; requests are not theirs.
            let table = HomeWorkTests.trustRows(
                try await Browser.signedIn(app, as: demo.trustAdmin.email).get("/").body)
            let row = try #require(table["St Cleopas C of E Primary School"])
            #expect(row[Self.requests] == nil)
            #expect(row[Self.removals] == "2 — The first from \(first)")
            let headBrowser = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let before = try await headBrowser.get(RetentionPaths.due()).body
            #expect(before.contains(later))
            #expect(table["Holy Trinity C of E Primary School"]?[Self.removals] == "0 — None in notice")
            // A hold on the headteacher keeps the case she reported: her figure and her list do not move, so they do
            // not tell her of it; the trust administrator's count drops to the one case still to go.
            let holds = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let placed = try await LegalHoldTests.place(
                holds, [("on", "person"), ("person", head.uuidString), ("reason", "A claim is expected.")])
            #expect(placed.status == .seeOther)
            #expect(try await figures("headteacher")[Self.removals] == "1 — The first from \(later)")
            let list = try await headBrowser.get(RetentionPaths.due()).body
            #expect(!list.contains("kept while a hold stands"))
            #expect(list == before)
            let held = HomeWorkTests.trustRows(
                try await Browser.signedIn(app, as: demo.trustAdmin.email).get("/").body)
            #expect(held["St Cleopas C of E Primary School"]?[Self.removals] == "1 — The first from \(later)")
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
