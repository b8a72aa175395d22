// Who sees a concern, how a case moves, when handlers are reminded.

import Foundation
import StewardCore
import Testing

@Suite("Case rules")
struct CaseRulesTests {
    static let school = UUID()
    static let head = UUID()
    static let dsl = UUID()
    static let hr = UUID()
    static let chair = UUID()
    static let teacher = UUID()
    static let reporter = UUID()
    static let admin = UUID()
    static let governor = UUID()

    static func actor(_ id: UUID, _ roles: Set<Role>, school: UUID = school) -> Actor {
        Actor(personID: id, schoolID: school, rolesBySchool: [school: roles])
    }

    static let people: [(String, Actor)] = [
        ("headteacher", actor(head, [.headteacher, .staff])), ("dsl", actor(dsl, [.safeguardingLead, .staff])),
        ("hr", actor(hr, [.hr, .staff])), ("chair", actor(chair, [.chairOfGovernors, .governor])),
        ("teacher", actor(teacher, [.staff])), ("reporter", actor(reporter, [.staff])),
        ("trust admin", actor(admin, [.trustAdmin])), ("governor", actor(governor, [.governor])),
    ]

    static func view(_ facts: CaseFacts) -> [String: CaseVisibility] {
        Dictionary(uniqueKeysWithValues: people.map { ($0.0, CaseAccess.visibility(of: facts, to: $0.1)) })
    }

    @Test("An ordinary concern: handlers see it, the reporter its status, the subject and everyone else nothing")
    func ordinary() {
        let seen = Self.view(CaseFacts(schoolID: Self.school, reporterID: Self.reporter, subjectIDs: [Self.teacher]))
        #expect(seen["headteacher"] == .full(canHandle: true))
        #expect(seen["dsl"] == .full(canHandle: true))
        #expect(seen["reporter"] == .reporterStatus)
        for name in ["teacher", "hr", "chair", "trust admin", "governor"] {
            #expect(seen[name] == CaseVisibility.none, "\(name)")
        }
    }

    @Test("HR and named colleagues see a case only once added to it, and cannot move it")
    func added() {
        let seen = Self.view(
            CaseFacts(schoolID: Self.school, reporterID: Self.reporter, subjectIDs: [Self.teacher], addedIDs: [Self.hr])
        )
        #expect(seen["hr"] == .full(canHandle: false))
    }

    @Test("The subject never sees it, whatever their role, even if added")
    func subject() {
        let seen = Self.view(
            CaseFacts(schoolID: Self.school, reporterID: Self.reporter, subjectIDs: [Self.dsl], addedIDs: [Self.dsl]))
        #expect(seen["dsl"] == CaseVisibility.none)
        #expect(seen["headteacher"] == .full(canHandle: true))
    }

    @Test("A concern about the headteacher goes to the chair of governors; the headteacher cannot see it")
    func aboutHeadteacher() {
        let seen = Self.view(
            CaseFacts(
                schoolID: Self.school, reporterID: Self.reporter, subjectIDs: [Self.head], aboutHeadteacher: true))
        #expect(seen["chair"] == .full(canHandle: true))
        #expect(seen["headteacher"] == CaseVisibility.none)
        #expect(seen["dsl"] == CaseVisibility.none)
        #expect(seen["reporter"] == .reporterStatus)
    }

    @Test("Another school's handlers see nothing")
    func otherSchool() {
        let elsewhere = Self.actor(UUID(), [.headteacher], school: UUID())
        #expect(
            CaseAccess.visibility(of: CaseFacts(schoolID: Self.school, reporterID: Self.reporter), to: elsewhere)
                == .none)
        #expect(
            CaseAccess.visibility(of: CaseFacts(schoolID: Self.school, reporterID: Self.reporter), to: nil) == .none)
    }

    @Test("A case moves only along the allowed transitions")
    func transitions() {
        #expect(CaseTransitions.canMove(from: .new, to: .triage))
        #expect(!CaseTransitions.canMove(from: .new, to: .outcome))
        #expect(CaseTransitions.canMove(from: .investigation, to: .outcome))
        #expect(!CaseTransitions.canMove(from: .closed, to: .closed))
        for state in CaseState.allCases { #expect(CaseTransitions.allowed[state] != nil, "\(state)") }
    }

    @Test("Triage is due by the end of the next working day; a quiet case is overdue after 14 days")
    func deadlines() {
        // Friday 27 November 2026, 16:00 UTC → due by the end of Monday 30 November.
        let friday = Date(timeIntervalSince1970: 1_795_795_200)
        #expect(CaseDeadlines.triageDue(reported: friday, clock: .london) == Date(timeIntervalSince1970: 1_796_083_200))
        #expect(
            !CaseDeadlines.isOverdue(
                state: .new, reported: friday, lastEntry: friday, now: friday + 86_400 * 2, clock: .london))
        #expect(
            CaseDeadlines.isOverdue(
                state: .new, reported: friday, lastEntry: friday, now: friday + 86_400 * 4, clock: .london))
        #expect(
            CaseDeadlines.isOverdue(
                state: .investigation, reported: friday, lastEntry: friday, now: friday + 86_400 * 15, clock: .london))
        #expect(
            !CaseDeadlines.isOverdue(
                state: .closed, reported: friday, lastEntry: friday, now: friday + 86_400 * 99, clock: .london))
    }

    /// A moment written as `2026-07-05T23:30` UTC.
    static func utc(_ text: String) -> Date {
        let d = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let day = CalendarDate(year: d[0], month: d[1], day: d[2])?.dayNumber ?? 0
        return Date(timeIntervalSince1970: TimeInterval(day * 86_400 + d[3] * 3_600 + d[4] * 60))
    }

    @Test("Triage deadlines run on the school's days: late on a summer Sunday in London is already Monday")
    func deadlinesOnTheSchoolsClock() throws {
        let london = SchoolClock.london
        // Sunday 5 July 2026 23:30 UTC is Monday 00:30 BST: due by the end of Tuesday 7 July BST (23:00 UTC).
        #expect(
            CaseDeadlines.triageDue(reported: Self.utc("2026-07-05T23:30"), clock: london)
                == Self.utc("2026-07-07T23:00"))
        // Half an hour earlier it is still Sunday in London: due by the end of Monday.
        #expect(
            CaseDeadlines.triageDue(reported: Self.utc("2026-07-05T22:59"), clock: london)
                == Self.utc("2026-07-06T23:00"))
        // Friday 27 March 2026 18:00 GMT: due by the end of Monday 30 March, which is in summer time by then.
        #expect(
            CaseDeadlines.triageDue(reported: Self.utc("2026-03-27T18:00"), clock: london)
                == Self.utc("2026-03-30T23:00"))
        // Friday 23 October 2026 18:00 BST: due by the end of Monday 26 October, back on GMT.
        #expect(
            CaseDeadlines.triageDue(reported: Self.utc("2026-10-23T17:00"), clock: london)
                == Self.utc("2026-10-27T00:00"))
        // Both sides of the deadline.
        let due = Self.utc("2026-07-07T23:00")
        let reported = Self.utc("2026-07-05T23:30")
        #expect(
            !CaseDeadlines.isOverdue(state: .new, reported: reported, lastEntry: reported, now: due - 1, clock: london))
        #expect(CaseDeadlines.isOverdue(state: .new, reported: reported, lastEntry: reported, now: due, clock: london))
        // New York's Sunday evening is still Sunday.
        let newYork = try #require(SchoolClock(identifier: "America/New_York"))
        #expect(
            CaseDeadlines.triageDue(reported: Self.utc("2026-07-05T23:30"), clock: newYork)
                == Self.utc("2026-07-07T04:00"))
    }
}
