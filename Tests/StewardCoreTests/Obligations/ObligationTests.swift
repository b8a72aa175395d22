// The one obligation engine (issue 14: "reuse one obligation engine … rather than copying the policy code"): who
// must do what by when, at the edges of every rule, with the policy library's rules (1.1, 3a–b) as its first user.

import Foundation
import StewardCore
import Testing

@Suite("The obligation engine")
struct ObligationTests {
    static func day(_ text: String) -> CalendarDate {
        CalendarDate(parsing: text) ?? CalendarDate(year: 2000, month: 1, day: 1)!
    }

    static let round = ObligationRound(
        number: 2, opensOn: day("2026-09-01"), deadlineDays: 14, audience: [.employee, .volunteer])

    func status(
        met: Set<Int> = [], kind: PersonKind = .employee, start: String? = nil, today: String,
        starterDays: Int? = nil
    ) -> ObligationStatus {
        Obligations.status(
            in: Self.round, met: met, kind: kind, startDate: start.map(Self.day), today: Self.day(today),
            starterDays: starterDays)
    }

    @Test("Due up to and on the deadline day, overdue by one the day after")
    func deadlineEdges() {
        let deadline = Self.day("2026-09-15")
        #expect(status(today: "2026-09-01") == .due(deadline: deadline))
        #expect(status(today: "2026-09-15") == .due(deadline: deadline))
        #expect(status(today: "2026-09-16") == .overdue(deadline: deadline, days: 1))
        #expect(status(today: "2026-10-15") == .overdue(deadline: deadline, days: 30))
    }

    @Test("This round or a later one meets it; an earlier one does not; outside the audience nothing is asked")
    func meetingAndAudience() {
        #expect(status(met: [2], today: "2026-12-01") == .met(round: 2))
        #expect(status(met: [1, 3], today: "2026-12-01") == .met(round: 3))
        #expect(status(met: [1], today: "2026-09-02") == .due(deadline: Self.day("2026-09-15")))
        #expect(status(kind: .governor, today: "2026-12-01") == .notRequired)
        #expect(
            Obligations.status(in: nil, met: [], kind: .employee, startDate: nil, today: Self.day("2026-12-01"))
                == .notRequired)
    }

    @Test("A new starter's deadline runs from their start day, and from the starter's days when given")
    func newStarters() {
        // Started before or on the day the round opened: the round's own deadline.
        #expect(status(start: "2020-01-06", today: "2026-09-02") == .due(deadline: Self.day("2026-09-15")))
        #expect(status(start: "2026-09-01", today: "2026-09-02") == .due(deadline: Self.day("2026-09-15")))
        // The day after: their own 14 days, or the starter's 10 (a fortnight of school days, say).
        #expect(status(start: "2026-09-02", today: "2026-09-02") == .due(deadline: Self.day("2026-09-16")))
        #expect(
            status(start: "2026-10-05", today: "2026-10-20", starterDays: 10)
                == .overdue(deadline: Self.day("2026-10-15"), days: 5))
        // A starter's days never apply to someone who was already there.
        #expect(
            status(start: "2025-01-01", today: "2026-09-10", starterDays: 3) == .due(deadline: Self.day("2026-09-15")))
    }

    @Test("Coverage counts each group, leaves out those not asked, and lists the most overdue first")
    func coverage() {
        let ids = (0..<5).map { _ in UUID() }
        let people = [
            ObligationCoverage.Person(id: ids[0], kind: .employee, startDate: nil, met: [2]),
            ObligationCoverage.Person(id: ids[1], kind: .employee, startDate: nil, met: []),
            ObligationCoverage.Person(id: ids[2], kind: .volunteer, startDate: Self.day("2026-10-01"), met: []),
            ObligationCoverage.Person(id: ids[3], kind: .governor, startDate: nil, met: []),
            ObligationCoverage.Person(id: ids[4], kind: .volunteer, startDate: nil, met: [1]),
        ]
        let figures = ObligationCoverage(round: Self.round, people: people, today: Self.day("2026-10-10"))
        #expect(figures.total.asked == 4 && figures.total.met == 1)
        #expect(figures.total.overdue == 2 && figures.total.due == 1)
        #expect(figures.total.percent == 25)
        #expect(figures.byKind[.governor]?.asked == 0 && figures.byKind[.governor]?.percent == 100)
        #expect(figures.byKind[.volunteer]?.asked == 2)
        #expect(figures.outstanding.map(\.id) == [ids[1], ids[4], ids[2]])
    }

    @Test("Reminders: once 3 days before, weekly when overdue, the line manager once at 14 days overdue")
    func reminders() {
        let schedule = ReminderSchedule()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let today = Self.day("2026-09-12")
        func due(_ status: ObligationStatus, manager: Bool = true, sent: [ReminderKind: Date] = [:]) -> [ReminderKind] {
            schedule.due(status, today: today, now: now, hasLineManager: manager) { sent[$0] }
        }
        #expect(due(.due(deadline: Self.day("2026-09-15"))) == [.beforeDeadline])
        #expect(due(.due(deadline: Self.day("2026-09-16"))) == [])
        #expect(due(.due(deadline: Self.day("2026-09-15")), sent: [.beforeDeadline: now]) == [])
        #expect(due(.overdue(deadline: Self.day("2026-09-11"), days: 1)) == [.overdue])
        let week = 7 * 86_400.0 - 3_600
        #expect(due(.overdue(deadline: today, days: 3), sent: [.overdue: now.addingTimeInterval(-week)]) == [.overdue])
        #expect(due(.overdue(deadline: today, days: 3), sent: [.overdue: now.addingTimeInterval(-week + 1)]) == [])
        #expect(due(.overdue(deadline: today, days: 13), sent: [.overdue: now]) == [])
        #expect(due(.overdue(deadline: today, days: 14), sent: [.overdue: now]) == [.lineManager])
        #expect(due(.overdue(deadline: today, days: 14), manager: false, sent: [.overdue: now]) == [])
        #expect(due(.overdue(deadline: today, days: 30), sent: [.overdue: now, .lineManager: now]) == [])
        #expect(due(.met(round: 2)) == [] && due(.notRequired) == [])
    }
}
