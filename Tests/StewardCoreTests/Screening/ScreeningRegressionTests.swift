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

    @Test("Questions about words outside the draft are answered, not trapped")
    func outOfRangeTokens() {
        let text = ScreeningText("Mr. Smith came. Then he left")

        #expect(text.sameSentence(0, 2))
        #expect(!text.sameSentence(0, 4))
        #expect(!text.sameSentence(-1, 2) && !text.sameSentence(2, 99) && !text.sameSentence(99, 99))
        #expect(!text.startsSentence(99) && text.startsSentence(0) && text.startsSentence(3))
        #expect(text.text(-5, 2) == "Mr" && text.text(21, 999) == "he left" && text.text(9, 3).isEmpty)
    }

    @Test(
        "Drafts made of little but names, masks or remarks screen with exact spans",
        arguments: [
            String(repeating: "f*ck a*b s**t ", count: 2_000),
            String(repeating: "Well done Dick Smith for a brilliant effort! ", count: 500),
            String(repeating: "Dick Smith police lazy Mr Crook aged 7 ", count: 500),
            String(repeating: "*", count: 20_000), String(repeating: "Crook ", count: 2_000),
            // Found by an attacker: look-alike words, hashtags, written-out addresses and "f-ing", at a draft's
            // largest (each was once, or could have been, quadratic).
            String(repeating: "J\u{0430}ck ", count: 4_000), String(repeating: "#DickSmith #AbcDef ", count: 1_000),
            String(repeating: "a dot b at c dot com ", count: 1_000), String(repeating: "f-ing ", count: 3_000),
            String(repeating: "#fuckthis #ShitDay ", count: 1_000), String(repeating: "x at gmail.com ", count: 1_300),
            String(repeating: "\u{1D41D}\u{1D422}\u{1D41C}\u{1D424} ", count: 4_000),
        ])
    func denseDrafts(text: String) {
        let screener = Screener(
            context: ScreeningContext(
                pupils: [Pupil(legalForename: "Dick", surname: "Smith")],
                staff: [StaffMember(forename: "Ann", surname: "Crook")]))

        Self.expectSpans(screener.screen(text), in: text)
    }
}
