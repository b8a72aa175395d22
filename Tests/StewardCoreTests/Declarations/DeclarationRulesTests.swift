// Declarations (policy 1.5) and the termly self-check (4.1–4.3), as issue 14 states them: who reviews, who sees,
// when the yearly round opens, and which term a day belongs to.

import Foundation
import StewardCore
import Testing

@Suite("Declaration and self-check rules")
struct DeclarationRulesTests {
    static func day(_ text: String) -> CalendarDate {
        CalendarDate(parsing: text) ?? CalendarDate(year: 2000, month: 1, day: 1)!
    }

    @Test(
        "The line manager reviews; the headteacher when there is none or they are the other party; the chair for a headteacher"
    )
    func routing() {
        let manager = UUID()
        let colleague = UUID()
        func route(
            head: Bool = false, manager m: UUID?, other: UUID?, otherHead: Bool = false, otherChair: Bool = false
        ) -> DeclarationReviewer {
            DeclarationRules.reviewer(
                declarerIsHeadteacher: head, lineManager: m, otherParty: other, otherPartyIsHeadteacher: otherHead,
                otherPartyIsChair: otherChair)
        }
        #expect(route(manager: manager, other: colleague) == .lineManager(manager))
        #expect(route(manager: manager, other: nil) == .lineManager(manager))
        #expect(route(manager: nil, other: colleague) == .headteacher)
        #expect(route(manager: manager, other: manager) == .headteacher)
        #expect(route(head: true, manager: manager, other: colleague) == .chairOfGovernors)
        #expect(route(head: true, manager: nil, other: nil) == .chairOfGovernors)
        #expect(route(manager: manager, other: colleague, otherHead: true) == .chairOfGovernors)
        // The headteacher declaring a relationship with the chair: nobody in the school may review it; the trust does.
        #expect(route(head: true, manager: nil, other: colleague, otherChair: true) == .trustAdministrator)
        // The chair as the other party of anyone else's declaration changes nothing.
        #expect(route(manager: manager, other: colleague, otherChair: true) == .lineManager(manager))
        #expect(route(manager: nil, other: colleague, otherChair: true) == .headteacher)
    }

    @Test(
        "Seen by the declarer, the reviewer, the headteacher and HR; the safeguarding lead once passed; never the other party"
    )
    func whoSees() {
        let declarer = UUID()
        let reviewer = UUID()
        let other = UUID()
        let someone = UUID()
        func sees(_ viewer: UUID, _ roles: Set<Role> = [.staff], passed: Bool = false) -> Bool {
            DeclarationRules.canSee(
                viewer: viewer, roles: roles, declarer: declarer, reviewer: reviewer, otherParty: other,
                passedToSafeguarding: passed)
        }
        #expect(sees(declarer) && sees(reviewer))
        #expect(sees(someone, [.headteacher]) && sees(someone, [.hr]))
        #expect(!sees(someone, [.safeguardingLead]) && sees(someone, [.safeguardingLead], passed: true))
        for role in Role.allCases where ![.headteacher, .hr].contains(role) {
            #expect(!sees(someone, [role]), "\(role)")
        }
        // The other party never, even as headteacher, HR or the one it was passed to.
        #expect(!sees(other, Set(Role.allCases), passed: true))
    }

    @Test("The yearly round opens on the 1st of the school's month, the latest on or before today")
    func yearlyRound() {
        let sept = DeclarationRules.round(month: 9, deadlineDays: 30, today: Self.day("2026-09-01"))
        #expect(sept.number == 2026 && sept.opensOn == Self.day("2026-09-01"))
        let august = DeclarationRules.round(month: 9, deadlineDays: 30, today: Self.day("2026-08-31"))
        #expect(august.number == 2025 && august.opensOn == Self.day("2025-09-01"))
        let january = DeclarationRules.round(month: 1, deadlineDays: 30, today: Self.day("2026-11-30"))
        #expect(january.opensOn == Self.day("2026-01-01"))
        #expect(DeclarationRules.round(month: 13, deadlineDays: 30, today: Self.day("2026-12-15")).opensOn.month == 12)
        #expect(DeclarationRules.starterDays == 14)
    }

    @Test("Terms: which term a day is in, the check's round and deadline, and refused term lists")
    func terms() throws {
        let terms = try SchoolTerms([
            SchoolTerm(name: "Spring", starts: Self.day("2027-01-05"), ends: Self.day("2027-03-26")),
            SchoolTerm(name: "Autumn", starts: Self.day("2026-09-02"), ends: Self.day("2026-12-18")),
        ])
        #expect(terms.terms.map(\.name) == ["Autumn", "Spring"])
        #expect(terms.term(on: Self.day("2026-09-02"))?.name == "Autumn")
        #expect(terms.term(on: Self.day("2026-12-18"))?.name == "Autumn")
        #expect(terms.term(on: Self.day("2026-12-19")) == nil)
        #expect(terms.round(on: Self.day("2026-09-01"), deadlineDays: 21) == nil)
        let autumn = try #require(terms.round(on: Self.day("2026-12-25"), deadlineDays: 21))
        #expect(
            autumn.number == Self.day("2026-09-02").dayNumber && autumn.opensOn == Self.day("2026-09-02")
                && autumn.deadlineDays == 21)
        let spring = try #require(terms.round(on: Self.day("2027-01-05"), deadlineDays: 500))
        #expect(
            spring.number == Self.day("2027-01-05").dayNumber
                && spring.deadlineDays == Self.day("2027-01-05").days(until: Self.day("2027-03-26")))
        let autumnTerm = try #require(terms.term(on: Self.day("2026-10-01")))
        #expect(
            terms.isOpen(autumnTerm, on: Self.day("2026-12-18"))
                && !terms.isOpen(autumnTerm, on: Self.day("2026-12-19")))
        #expect(throws: SchoolTerms.Invalid.self) {
            try SchoolTerms([SchoolTerm(name: "Odd", starts: Self.day("2026-09-10"), ends: Self.day("2026-09-09"))])
        }
        #expect(throws: SchoolTerms.Invalid.self) {
            try SchoolTerms([
                SchoolTerm(name: "A", starts: Self.day("2026-09-01"), ends: Self.day("2026-10-01")),
                SchoolTerm(name: "B", starts: Self.day("2026-10-01"), ends: Self.day("2026-12-01")),
            ])
        }
    }
}
