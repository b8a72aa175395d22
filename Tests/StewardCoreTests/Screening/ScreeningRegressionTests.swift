// Inputs that once crashed the engines, each kept as a test so that it never crashes them again.

import StewardCore
import Testing

@Suite("Inputs that once crashed screening")
struct ScreeningRegressionTests {
    /// Every finding's span slices the original text back to its `text`, in code points.
    static func expectSpans(_ findings: [Finding], in text: String) {
        let scalars = Array(text.unicodeScalars)
        for finding in findings {
            #expect(finding.start >= 0 && finding.start <= finding.end && finding.end <= scalars.count, "\(finding)")
            guard finding.start >= 0, finding.start <= finding.end, finding.end <= scalars.count else { continue }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[finding.start..<finding.end])
            #expect(String(view) == finding.text, "\(finding)")
        }
    }

    @Test(
        "A pupil called Dick at the start of a sentence is a pupil's name, not a remark",
        arguments: ["Dick scored a goal today.", "Well done to Dick. Dick scored a goal today!", "Dick"])
    func pupilCalledDick(text: String) {
        let screener = Screener(
            context: ScreeningContext(pupils: [Pupil(legalForename: "Dick", surname: "Smith")]))

        let findings = screener.screen(text)

        Self.expectSpans(findings, in: text)
        #expect(findings.contains { $0.category == .pupilName && $0.text == "Dick" && $0.severity == .warn })
        #expect(!findings.contains { $0.category == .negativeRemark }, "\(findings)")
        #expect(!findings.contains { $0.category == .offensiveLanguage && $0.severity > .info }, "\(findings)")
    }

    @Test(
        "A member of staff called Crook at the start of a sentence is a colleague's name, not a remark",
        arguments: ["Crook led the assembly today.", "Thanks to Mr Crook. Crook led the assembly today.", "Crook"])
    func staffCalledCrook(text: String) {
        let screener = Screener(context: ScreeningContext(staff: [StaffMember(forename: "Ann", surname: "Crook")]))

        let findings = screener.screen(text)

        Self.expectSpans(findings, in: text)
        #expect(findings.allSatisfy { $0.severity == .info }, "\(findings)")
    }

    @Test("A remark about a person whose name is also a flagged word is still found")
    func remarkBesideSuchAName() {
        let screener = Screener(
            context: ScreeningContext(
                pupils: [Pupil(legalForename: "Dick", surname: "Smith")],
                staff: [StaffMember(forename: "Ann", surname: "Crook")]))

        let findings = screener.screen("Mrs Crook is lazy.")

        #expect(findings.contains { $0.category == .negativeRemark && $0.text == "lazy" }, "\(findings)")
    }
}
