// Importing policies as schools write them, starting with our first customer's own.

import Foundation
import StewardCore
import Testing

@Suite("Importing a policy from Markdown")
struct PolicyImporterTests {
    static let stCleopas: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/Policies/st-cleopas-social-media-policy.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    @Test("St Cleopas's policy imports with every clause from 1.1 to 5.4 in place")
    func stCleopas() throws {
        let result = try PolicyImporter.parse(Self.stCleopas)
        let document = result.document
        #expect(document.title == "Use of Social Media Policy")
        #expect(document.sections.map(\.number) == ["1", "2", "3", "4", "5"])
        #expect(
            document.sections.map(\.title) == [
                "Introduction", "Policy Aims", "Responsibilities", "Use of Social Networking Sites",
                "Breaches of the Policy",
            ])
        let numbered = document.clauses.map(\.number).filter { $0.contains(".") }
        #expect(
            numbered == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"] + (1...9).map { "4.\($0)" }
                + (1...4).map { "5.\($0)" })
        #expect(document.clause("1.1")?.text.hasPrefix("St Cleopas C of E primary School recognizes") == true)
        #expect(document.clause("5.4")?.text.hasSuffix("support the affected colleagues.") == true)
        // Section 3's three lettered lists, each under its lead-in; the unlettered item between b) and d) is c).
        #expect(
            document.sections[2].clauses.map(\.number) == [
                "3a", "3b", "3c", "3d", "3-headteacher-a", "3-headteacher-b", "3-headteacher-c", "3-headteacher-d",
                "3-everyone-a", "3-everyone-b",
            ])
        #expect(document.clause("3c")?.text.hasPrefix("seek professional advice") == true)
        #expect(document.clause("3-headteacher-a")?.group == "The headteacher will:")
        #expect(document.clause("3-headteacher-a")?.anchor == "clause-3-headteacher-a")
        #expect(document.clause("4.3")?.anchor == "clause-4-3")
        // 4.8 was split by a page break; its second half is joined back.
        #expect(
            document.clause("4.8")?.text.contains("only those with administrator rights should communicate") == true)
        // The aims are bullets with the stray "·" gone; the mission statement is preamble.
        #expect(
            document.sections[1].items.first
                == .block(.init(.bullet, "to enable staff to use social tools safely and securely")))
        #expect(document.preamble.contains { $0.text == "Mission Statement:" })
        // Section 4's opening paragraph stays with it, before 4.1.
        if case .block(let intro)? = document.sections[3].items.first {
            #expect(intro.text.hasPrefix("For their own security"))
        } else {
            Issue.record("Section 4 starts with its paragraph")
        }
        #expect(result.notes.contains("1.4 refers to 6.1.14, which this policy does not have."))
        #expect(result.notes.contains { $0.contains("taken as c)") })
        #expect(result.notes.contains { $0.contains("after 4.8 continues it") })
    }

    @Test("The same words give the same hash; one changed word gives another")
    func hash() throws {
        let a = try PolicyImporter.parse(Self.stCleopas).document
        let b = try PolicyImporter.parse(Self.stCleopas + "\n\n").document
        #expect(a.contentHash == b.contentHash)
        #expect(a.contentHash.count == 64)
        let changed = try PolicyImporter.parse(
            Self.stCleopas.replacingOccurrences(of: "highest possible level", with: "highest level")
        ).document
        #expect(changed.contentHash != a.contentHash)
    }

    @Test("A new version differs clause by clause: added, removed, changed")
    func diff() throws {
        let old = try PolicyImporter.parse(Self.stCleopas).document
        var text = Self.stCleopas.replacingOccurrences(of: "highest possible level", with: "highest level")
        text = text.replacingOccurrences(
            of:
                "- 1.7 Annex C Online Safety within the DFE document 'Keeping Children Safe in Education' offers further guidance aimed as safeguarding and promoting the welfare of children.\n",
            with: "")
        text += "\n- 5.5 Staff may ask the headteacher for advice at any time.\n"
        let new = try PolicyImporter.parse(text).document
        let diff = PolicyDiff(from: old, to: new)
        #expect(diff.changes.map(\.number) == ["4.1", "5.5", "1.7"])
        #expect(diff.changes[0] == .changed(old: old.clause("4.1")!, new: new.clause("4.1")!))
        #expect(PolicyDiff(from: old, to: old).isEmpty)
    }

    @Test("Headings at any level, numbers in paragraphs, sections written as list items, lettered items in brackets")
    func messyDocuments() throws {
        let text = """
            Acceptable Use Policy
            =====================

            #### 1) Scope
            1.1. This applies to everyone.

            1.2 It applies at home too,
            when using school devices.

            * 2. Rules
            * 2.1 Be kind.
            * (a) in lessons
            * (b) online

            Section 3: Review
            3.1 Reviewed every year (see clause 2.1 and section 9).
            """
        let result = try PolicyImporter.parse(text)
        let document = result.document
        #expect(document.title == "Acceptable Use Policy")
        #expect(document.sections.map(\.number) == ["1", "2", "3"])
        #expect(document.sections.map(\.title) == ["Scope", "Rules", "Review"])
        #expect(document.clauses.map(\.number) == ["1.1", "1.2", "2.1", "2a", "2b", "3.1"])
        #expect(document.clause("1.2")?.text == "It applies at home too, when using school devices.")
        #expect(result.notes == ["3.1 refers to 9, which this policy does not have."])
    }

    @Test("A clause out of place, a repeated number and an empty section are reported, not lost")
    func notes() throws {
        let result = try PolicyImporter.parse(
            """
            # Policy
            ## 1. One
            - 1.1 First.
            - 1.1 Again.
            ## 2. Two
            ## 3. Three
            - 5.1 Stray.
            """)
        #expect(result.document.clauses.map(\.number) == ["1.1", "1.1 (2)", "5.1"])
        #expect(result.notes.contains("Clause 1.1 appears twice; the second is numbered 1.1 (2)."))
        #expect(result.notes.contains("Clause 5.1 has no section 5 heading; one was made for it."))
        #expect(result.notes.contains("Section 2 (Two) has nothing in it."))
    }

    @Test("Not text, empty, over 1 MB or without a single clause: refused with a reason")
    func refusals() throws {
        #expect(throws: PolicyImporter.Refused.self) { try PolicyImporter.import([]) }
        #expect(throws: PolicyImporter.Refused.self) {
            try PolicyImporter.import([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 1])
        }
        #expect(throws: PolicyImporter.Refused.self) {
            try PolicyImporter.import(Array(repeating: 0x41, count: PolicyImporter.maxBytes + 1))
        }
        #expect(throws: PolicyImporter.Refused.self) {
            try PolicyImporter.parse("# A policy\n\n## Scope\n\n## Rules\n")
        }
        // Words with no numbers at all are a policy too: numbered by Steward, and said so.
        let plain = try PolicyImporter.parse("# A policy\n\nJust some words, no clauses at all.\n")
        #expect(plain.document.title == "A policy")
        #expect(plain.document.clauses.map(\.number) == ["1.1"])
        #expect(plain.notes.first?.contains("has no clause numbers") == true)
    }

    @Test("HTML and script are kept as the words they are, for the page to show as text")
    func markupIsText() throws {
        let result = try PolicyImporter.parse("# P\n## 1. One\n- 1.1 <script>alert(1)</script> <b>bold</b>\n")
        #expect(result.document.clause("1.1")?.text == "<script>alert(1)</script> <b>bold</b>")
    }
}

@Suite("Who must acknowledge a policy, and by when")
struct PolicyComplianceTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(parsing: text)! }
    static let all: Set<PersonKind> = [.employee, .governor, .volunteer]

    static func version(
        _ number: Int, material: Bool, on day: String, days: Int = 14, audience: Set<PersonKind> = all
    )
        -> PublishedVersion
    {
        PublishedVersion(
            number: number, requiresAcknowledgement: material, publishedOn: date(day), deadlineDays: days,
            audience: audience)
    }

    @Test("Due within 14 days of publication, then overdue by the day")
    func deadlines() {
        let v1 = [Self.version(1, material: true, on: "2026-11-02")]
        #expect(
            PolicyCompliance.status(
                versions: v1, acknowledged: [], kind: .employee, startDate: nil, today: Self.date("2026-11-10"))
                == .due(deadline: Self.date("2026-11-16")))
        #expect(
            PolicyCompliance.status(
                versions: v1, acknowledged: [], kind: .employee, startDate: nil, today: Self.date("2026-11-25"))
                == .overdue(deadline: Self.date("2026-11-16"), days: 9))
        #expect(
            PolicyCompliance.status(
                versions: v1, acknowledged: [1], kind: .employee, startDate: nil, today: Self.date("2026-11-25"))
                == .met(round: 1))
        // Both sides of the deadline (issue 21): the day itself is still due, the day after is one day overdue.
        #expect(
            PolicyCompliance.status(
                versions: v1, acknowledged: [], kind: .employee, startDate: nil, today: Self.date("2026-11-16"))
                == .due(deadline: Self.date("2026-11-16")))
        #expect(
            PolicyCompliance.status(
                versions: v1, acknowledged: [], kind: .employee, startDate: nil, today: Self.date("2026-11-17"))
                == .overdue(deadline: Self.date("2026-11-16"), days: 1))
    }

    @Test("A new starter's deadline runs from their start date")
    func newStarter() {
        let v1 = [Self.version(1, material: true, on: "2026-09-01")]
        #expect(
            PolicyCompliance.status(
                versions: v1, acknowledged: [], kind: .volunteer, startDate: Self.date("2026-11-23"),
                today: Self.date("2026-11-25")) == .due(deadline: Self.date("2026-12-07")))
    }

    @Test("A minor correction asks no one again; a material change asks everyone")
    func versions() {
        let minor = [
            Self.version(1, material: true, on: "2026-09-01"), Self.version(2, material: false, on: "2026-10-01"),
        ]
        #expect(
            PolicyCompliance.status(
                versions: minor, acknowledged: [1], kind: .employee, startDate: nil, today: Self.date("2026-11-25"))
                == .met(round: 1))
        let material = minor + [Self.version(3, material: true, on: "2026-11-20")]
        #expect(
            PolicyCompliance.status(
                versions: material, acknowledged: [1], kind: .employee, startDate: nil,
                today: Self.date("2026-11-25")) == .due(deadline: Self.date("2026-12-04")))
    }

    @Test("Outside the audience, nothing is asked")
    func audience() {
        let staffOnly = [Self.version(1, material: true, on: "2026-09-01", audience: [.employee])]
        #expect(
            PolicyCompliance.status(
                versions: staffOnly, acknowledged: [], kind: .governor, startDate: nil, today: Self.date("2026-11-25"))
                == .notRequired)
    }

    @Test("Adding days crosses months, leap days and years")
    func dayArithmetic() {
        #expect(Self.date("2028-02-20").adding(days: 14) == Self.date("2028-03-05"))
        #expect(Self.date("2026-12-25").adding(days: 14) == Self.date("2027-01-08"))
        #expect(Self.date("2026-01-01").days(until: Self.date("2027-01-01")) == 365)
    }
}

@Suite("Questions about a policy")
struct PolicyQuestionTests {
    static let text = """
        Q: Who must you tell if a pupil messages you on social media?
        - Nobody
        * Your line manager
        - The pupil's parents

        q: May you post photos of pupils on your own accounts?
        * No, unless your own child attends and it is a family event
        - Yes
        """

    @Test("The plain format reads into questions and back")
    func roundTrip() throws {
        let questions = try PolicyQuestions.parse(Self.text).get()
        #expect(questions.count == 2)
        #expect(questions[0].answer == 1)
        #expect(questions[1].options.count == 2)
        #expect(try PolicyQuestions.parse(PolicyQuestions.format(questions)).get() == questions)
        #expect(try PolicyQuestions.parse("").get().isEmpty)
    }

    @Test("Every mistake is named with its line")
    func mistakes() {
        guard
            case .failure(let invalid) = PolicyQuestions.parse(
                "- stray\nQ: One?\n- a\n- b\nQ: Two?\n* a\n* b\nnonsense")
        else {
            Issue.record("Mistakes are refused")
            return
        }
        #expect(
            invalid.errors.map(\.message) == [
                "Line 1 is an answer before any question (start with Q:).",
                "Question on line 2 needs exactly one right answer, marked with *.",
                "Line 8 is neither a question (Q: …) nor an answer (- wrong, * right).",
                "Question on line 5 needs exactly one right answer, marked with *.",
            ])
    }

    @Test("Wrong or missing answers are numbered from 1")
    func marking() throws {
        let questions = try PolicyQuestions.parse(Self.text).get()
        #expect(PolicyQuestions.wrong(questions, answers: [1, 0]).isEmpty)
        #expect(PolicyQuestions.wrong(questions, answers: [0, 0]) == [1])
        #expect(PolicyQuestions.wrong(questions, answers: [1, nil]) == [2])
        #expect(PolicyQuestions.wrong(questions, answers: []) == [1, 2])
    }

    @Test("Thousands of repeated clause numbers and sections are numbered apart, each once")
    func manyRepeats() throws {
        let repeats = String(repeating: "1.1 Staff must be kind.\n", count: 3_000)
        let sections = (1...3_000).map { "\($0).1 Staff must be kind." }.joined(separator: "\n")

        let repeated = try PolicyImporter.parse(repeats).document
        let many = try PolicyImporter.parse(sections).document

        #expect(repeated.clauses.count == 3_000)
        #expect(repeated.clauses.last?.number == "1.1 (3000)")
        #expect(Set(repeated.clauses.map(\.number)).count == 3_000)
        #expect(many.sections.count == 3_000)
    }
}
