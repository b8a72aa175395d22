// Cutting a draft at its findings' edges for display: the pieces rebuild the draft and mark exactly the right scalars.

import PropertyBased
import StewardCore
import Testing

@Suite("Marking findings in a draft")
struct MarkedTextTests {
    static func finding(_ start: Int, _ end: Int, _ severity: Severity = .warn) -> Finding {
        Finding(category: .negativeRemark, kind: nil, severity: severity, start: start, end: end, text: "", message: "")
    }

    /// Letters, spaces, accents written as two scalars, emoji of several scalars, and hidden characters.
    static let pieces = ["a", "B", " ", "é", "e\u{0301}", "👩‍🏫", "🇬🇧", "\u{200B}", "\n", "李", "\u{202E}"]

    static let text = Gen.element(of: pieces).compactMap { $0 }.array(of: 0...30).map { $0.joined() }

    static let findings = zip(Gen.int(in: -3...70), Gen.int(in: -3...70), Gen.element(of: Severity.allCases))
        .map { start, end, severity in finding(start, end, severity ?? .info) }.array(of: 0...8)

    /// Every invariant the page relies on, checked against the findings as given (not as the code clamps them).
    static func expectInvariants(_ segments: [MarkedSegment], _ text: String, _ findings: [Finding]) {
        let scalars = Array(text.unicodeScalars)
        #expect(segments.flatMap { Array($0.text.unicodeScalars) } == scalars, "\(segments)")
        #expect(segments.allSatisfy { !$0.text.unicodeScalars.isEmpty })
        #expect(zip(segments, segments.dropFirst()).allSatisfy { $0.findings != $1.findings })
        var offset = 0
        for segment in segments {
            #expect(
                segment.findings == segment.findings.sorted() && Set(segment.findings).count == segment.findings.count)
            #expect(segment.severity == segment.findings.map { findings[$0].severity }.max())
            for _ in segment.text.unicodeScalars {
                let covering = findings.indices.filter { findings[$0].start <= offset && offset < findings[$0].end }
                #expect(segment.findings == covering, "scalar \(offset) of \(text.debugDescription)")
                offset += 1
            }
        }
    }

    @Test("Overlapping findings split the text where each starts and ends, with the worst severity of each run")
    func overlapping() {
        let findings = [Self.finding(0, 5, .info), Self.finding(3, 8, .block), Self.finding(10, 10)]

        let segments = MarkedText.segments("Well done everyone", findings: findings)

        #expect(
            segments == [
                MarkedSegment(text: "Wel", findings: [0], severity: .info),
                MarkedSegment(text: "l ", findings: [0, 1], severity: .block),
                MarkedSegment(text: "don", findings: [1], severity: .block),
                MarkedSegment(text: "e everyone", findings: [], severity: nil),
            ])
    }

    @Test("Empty text, no findings, empty, reversed and outside spans")
    func edges() {
        #expect(MarkedText.segments("", findings: [Self.finding(0, 3)]) == [])
        #expect(MarkedText.segments("abc", findings: []) == [MarkedSegment(text: "abc", findings: [], severity: nil)])
        #expect(
            MarkedText.segments("abc", findings: [Self.finding(2, 1), Self.finding(1, 1), Self.finding(9, 12)])
                == [MarkedSegment(text: "abc", findings: [], severity: nil)])
        #expect(
            MarkedText.segments("abc", findings: [Self.finding(-5, 1), Self.finding(2, 99)]) == [
                MarkedSegment(text: "a", findings: [0], severity: .warn),
                MarkedSegment(text: "b", findings: [], severity: nil),
                MarkedSegment(text: "c", findings: [1], severity: .warn),
            ])
        #expect(
            MarkedText.segments("ab", findings: [Self.finding(0, 2), Self.finding(0, 2)])
                == [MarkedSegment(text: "ab", findings: [0, 1], severity: .warn)])
    }

    @Test("Offsets count Unicode scalars, and a cut inside an accented letter leaves valid text either side")
    func scalars() {
        let text = "Zoe\u{0301} 👩‍🏫"  // Z o e ◌́ space 👩 ZWJ 🏫

        let segments = MarkedText.segments(text, findings: [Self.finding(3, 4), Self.finding(5, 8)])

        #expect(
            segments.map { Array($0.text.unicodeScalars) }
                == ["Zoe", "\u{0301}", " ", "👩‍🏫"].map { Array($0.unicodeScalars) })
        #expect(segments.map(\.findings) == [[], [0], [], [1]])
    }

    @Test("The invariants hold for any text and any findings, however awkward their offsets")
    func anyInput() async {
        await propertyCheck(count: 400, input: Self.text, Self.findings) { text, findings in
            Self.expectInvariants(MarkedText.segments(text, findings: findings), text, findings)
        }
    }

    @Test("A 20,000-character draft with 500 findings is cut quickly")
    func large() {
        let text = String(repeating: "Well done to Year 6 for a brilliant term! ", count: 480)
        let count = text.unicodeScalars.count
        let findings = (0..<500).map { Self.finding(($0 * 37) % count, ($0 * 37) % count + 5 + $0 % 40) }
        let clock = ContinuousClock()

        var segments: [MarkedSegment] = []
        let elapsed = clock.measure { segments = MarkedText.segments(text, findings: findings) }

        #expect(count >= 20_000)
        #expect(elapsed < .seconds(2))
        Self.expectInvariants(segments, text, findings)
    }
}
