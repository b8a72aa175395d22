// Properties that hold for every roster, staff list, terms list and draft, checked on random awkward ones.

import PropertyBased
import StewardCore
import Testing

@Suite("Screening holds for any input")
struct ScreeningPropertyTests {
    /// Spans lie inside the text and slice it back to each finding's text; findings come in order.
    static func expectWellFormed(_ findings: [Finding], in text: String) {
        let scalars = Array(text.unicodeScalars)
        for finding in findings {
            guard finding.start >= 0, finding.start <= finding.end, finding.end <= scalars.count else {
                Issue.record("A finding outside the text: \(finding)")
                continue
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[finding.start..<finding.end])
            #expect(String(view) == finding.text, "\(finding)")
        }
        let keys = findings.map { ($0.start, $0.end, $0.category.rawValue) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 }, "findings out of order: \(findings)")
    }

    @Test("Screening returns, with exact spans in order, whatever the roster, staff, terms and draft")
    func anyInput() async {
        await propertyCheck(
            count: 150, input: HostileInput.roster, HostileInput.staff, HostileInput.terms, HostileInput.text
        ) { pupils, staff, terms, text in
            let screener = Screener(context: ScreeningContext(pupils: pupils, staff: staff, terms: terms))

            let findings = screener.screen(text, taggedPupils: pupils)

            Self.expectWellFormed(findings, in: text)
        }
    }

    @Test("A draft that is only a pupil's name, or only punctuation, screens cleanly")
    func onlyANameOrPunctuation() async {
        await propertyCheck(count: 150, input: HostileInput.roster, Gen.int(in: 0...2)) { pupils, shape in
            let screener = Screener(context: ScreeningContext(pupils: pupils))
            let texts =
                pupils.flatMap { [$0.legalForename, $0.surname, $0.displayName, $0.preferredForename ?? ""] }
                + [HostileInput.marks.joined(), String(repeating: HostileInput.marks[shape], count: 5)]

            for text in texts {
                Self.expectWellFormed(screener.screen(text), in: text)
            }
        }
    }

    @Test("Findings do not depend on the order of the roster or the staff list")
    func rosterOrder() async {
        await propertyCheck(
            count: 120, input: HostileInput.roster, HostileInput.staff, HostileInput.text, Gen.int(in: 0...5)
        ) { pupils, staff, text, turn in
            let rotated = Array(
                pupils.dropFirst(turn % max(pupils.count, 1)) + pupils.prefix(turn % max(pupils.count, 1)))
            let forwards = Screener(context: ScreeningContext(pupils: pupils, staff: staff))
            let backwards = Screener(context: ScreeningContext(pupils: pupils.reversed(), staff: staff.reversed()))
            let turned = Screener(context: ScreeningContext(pupils: rotated, staff: staff))

            let expected = forwards.screen(text)

            #expect(backwards.screen(text) == expected, "\(text)")
            #expect(turned.screen(text) == expected, "\(text)")
        }
    }

    @Test("Duplicate names with mixed consents are screened as strictly as the strictest of them")
    func duplicateNames() async {
        await propertyCheck(count: 100, input: HostileInput.name, HostileInput.name, Gen.bool.array(of: 2...4)) {
            forename, surname, consents in
            let pupils = consents.map { Pupil(legalForename: forename, surname: surname, nameOnSocialMedia: $0) }
            let screener = Screener(context: ScreeningContext(pupils: pupils))
            let text = "Well done \(forename) \(surname) for a brilliant effort!"

            let findings = screener.screen(text)

            Self.expectWellFormed(findings, in: text)
            if consents.contains(false) {
                #expect(
                    !findings.contains { $0.category == .pupilName && $0.severity == .info && $0.kind == "full-name" })
            }
        }
    }

    /// Found by mutation testing (issue 21): only full names were screened with mixed consents, so treating a
    /// shared forename as consented when any one pupil consents went unnoticed.
    @Test("A forename shared by pupils with mixed consents is never passed as consented")
    func sharedForenameMixedConsents() async {
        await propertyCheck(count: 100, input: Gen.bool.array(of: 2...4)) { consents in
            let surnames = ["Smith", "Brown", "Okafor", "Nowak"]
            let pupils = consents.enumerated().map {
                Pupil(legalForename: "Jack", surname: surnames[$0.offset], nameOnSocialMedia: $0.element)
            }
            let screener = Screener(context: ScreeningContext(pupils: pupils))
            let text = "Well done to Jack for his reading this week!"

            let findings = screener.screen(text).filter { $0.category == .pupilName }

            Self.expectWellFormed(findings, in: text)
            if consents.contains(false) {
                #expect(!findings.isEmpty, "consents \(consents)")
                #expect(findings.allSatisfy { $0.severity != .info }, "consents \(consents): \(findings)")
            } else {
                #expect(findings.allSatisfy { $0.severity == .info }, "all consent: \(findings)")
            }
        }
    }
}
