// What will be removed (issue 17, item 3): the list before the removal, on its page and on the home page of those who
// manage the schedule, at the edge of the notice period.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Records management: the list of what will be removed")
struct DueListTests {
    @Test("A case whose day is 30 days away is listed for that day, one 31 days away is not; the home page says so")
    func edges() async throws {
        try await withSteward { app, demo in
            let schoolID = try await app.schoolID("st-cleopas")
            let school = try #require(try await School.find(schoolID, on: app.db))
            let today = school.clock.date(of: Date())
            // Closed so that six years from closure is 30 days from today, and another one day later.
            let near = try await PurgeFixture.report(app, demo, text: "Near", file: "n.png")
            let far = try await PurgeFixture.report(app, demo, text: "Far", file: "f.png")
            let sixYearsBefore = { (day: CalendarDate) in
                CalendarDate(year: day.year - 6, month: day.month, day: day.day) ?? day
            }
            let nearDay = today.adding(days: 30)
            try await PurgeFixture.close(app, near, on: sixYearsBefore(nearDay))
            try await PurgeFixture.close(app, far, on: sixYearsBefore(today.adding(days: 31)))
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let before = try await app.count("purge_notices")
            let page = try await head.get(RetentionPaths.due())
            #expect(page.status == .ok)
            #expect(page.body.contains(nearDay.longForm))
            #expect(!page.body.contains(today.adding(days: 31).longForm))
            // Reading the list changes nothing.
            #expect(try await app.count("purge_notices") == before)
            // The night's run lists it; the headteacher's home page then says when.
            try await RecordsPurge.run(schoolID: schoolID, today: today, app: app)
            #expect(
                try await PurgeNotice.query(on: app.db).filter(\.$recordID == near).first()?.removeOn
                    == nearDay.description)
            #expect(try await PurgeNotice.query(on: app.db).filter(\.$recordID == far).first() == nil)
            // The case's own page says so too; the other closed case says it is kept and will be listed first.
            #expect(
                try await head.get(ConcernPaths.show(near)).body.contains(
                    "To be removed on \(nearDay.longForm) under the retention schedule"))
            let farPage = try await head.get(ConcernPaths.show(far)).body
            #expect(farPage.contains("Kept under the retention schedule") && farPage.contains("at least 30 days"))
            // Where the line names the list, it links to it for the headteacher, who may open it; the designated
            // safeguarding lead, who handles the case but may not open the list, reads its name without a link.
            let link = #"<a href="\#(RetentionPaths.due())">What will be removed</a>"#
            #expect(try await head.get(ConcernPaths.show(near)).body.contains("and listed on \(link)"))
            #expect(farPage.contains("It is listed on \(link) at least 30 days"))
            let dsl = try await Browser.signedIn(app, as: demo.account("st-cleopas", "dsl").email)
            #expect(try await dsl.get(RetentionPaths.due()).status == .forbidden)
            for id in [near, far] {
                let page = try await dsl.get(ConcernPaths.show(id)).body
                #expect(page.contains("listed on “What will be removed”"), "\(id)")
                #expect(!page.contains(link) && !page.contains(#"href="\#(RetentionPaths.due())""#), "\(id)")
            }
            let home = try await head.get("/")
            #expect(home.body.contains("will be removed from"))
            #expect(home.body.contains(RetentionPaths.due()))
            // Not on a teacher's home page; and the teacher may not read the list.
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            #expect(!(try await teacher.get("/")).body.contains("will be removed from"))
            #expect(try await teacher.get(RetentionPaths.due()).status == .forbidden)
            // A hold on the near case takes it off the list at once.
            let holds = try await head.get(RetentionPaths.holds())
            let reference = try #require(try await Case.find(near, on: app.db)).reference
            let placed = try await head.post(
                RetentionPaths.holds(), [("on", "case"), ("reference", reference), ("reason", "Needed.")],
                csrf: holds.csrf)
            #expect(placed.status == .seeOther)
            #expect(try await PurgeNotice.query(on: app.db).filter(\.$recordID == near).first() == nil)
            #expect(try await head.get(ConcernPaths.show(near)).body.contains("Kept under a legal hold placed"))
            let after = try await head.get(RetentionPaths.due())
            #expect(!after.body.contains(nearDay.longForm))
            #expect(after.body.contains("Due for removal, kept while a hold stands"))
        }
    }

    @Test("A shorter period that would list records says how many and from when, and saves only once confirmed")
    func shorterPeriodConfirmed() async throws {
        try await withSteward { app, demo in
            let schoolID = try await app.schoolID("st-cleopas")
            let school = try #require(try await School.find(schoolID, on: app.db))
            let today = school.clock.date(of: Date())
            // Closed five years and ten days ago: six years keeps it for another year; five lists it at once.
            let closedOn = CalendarDate(year: today.year - 5, month: today.month, day: 1) ?? today
            let seen = try await PurgeFixture.report(app, demo, text: "Seen", file: "s.png")
            try await PurgeFixture.close(app, seen, on: closedOn.adding(days: -10))
            // One about the headteacher, closed the same day, which she may not know of: not counted for her.
            let hidden = try await ConcernAccessWalkTests.reportAbout(app, demo, subject: "headteacher")
            try await PurgeFixture.close(app, hidden, on: closedOn.adding(days: -10))
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let path = RetentionPaths.schedule()
            let shorter = RetentionPageTests.periods(["cases": "5 years"])
            let shown = try await head.post(path, shorter, csrfFrom: path)
            #expect(shown.status == .ok)
            #expect(shown.body.contains("Nothing is saved yet"))
            let removeOn = today.adding(days: PurgePlanner.noticeDays).longForm
            #expect(shown.body.contains("5 years: 1 more record to be removed, the first on \(removeOn)"))
            #expect(try await app.count("retention_settings") == 0)
            #expect(try await app.count("purge_notices") == 0)
            let confirm = try #require(Reply.firstMatch(#"name="confirm" value="([^"]*)""#, in: shown.body))
            // A wrong or stale confirmation shows the list again and saves nothing.
            let stale = try await head.post(path, shorter + [("confirm", "x" + confirm.dropFirst())], csrfFrom: path)
            #expect(stale.status == .ok && stale.body.contains("Nothing is saved yet"))
            #expect(try await app.count("retention_settings") == 0)
            let saved = try await head.post(path, shorter + [("confirm", confirm)], csrfFrom: path)
            #expect(saved.location == path + "?done=periods")
            #expect(try await RetentionPageTests.months(app, school: "st-cleopas", rule: "cases") == 60)
            #expect(try await PurgeNotice.query(on: app.db).filter(\.$recordID == seen).first() != nil)
            // Longer again: nothing newly listed, so no question.
            #expect(
                try await head.post(path, RetentionPageTests.periods(["cases": "7 years"]), csrfFrom: path).location
                    == path + "?done=periods")
        }
    }
}
