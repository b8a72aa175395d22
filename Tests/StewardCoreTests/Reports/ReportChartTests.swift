// Charts drawn on the server: a title and description for screen readers, text escaped, nothing drawn for a hidden
// count, and only black, white and greys.

import Foundation
import StewardCore
import Testing

@Suite("Report charts")
struct ReportChartTests {
    static let points = [
        ReportChart.Point(label: "Contact <from> a pupil & \"family\"", shown: .count(12)),
        ReportChart.Point(label: "Misuse", shown: .fewerThanFive),
        ReportChart.Point(label: "Other", shown: .withheld),
        ReportChart.Point(label: "None", shown: .count(0)),
    ]

    @Test("Bars: labelled for screen readers, every text escaped, a bar only for a shown count above 0")
    func bars() throws {
        let chart = ReportChart(kind: .bars, title: "Kinds <b>", summary: "How many & which", points: Self.points)
        let svg = chart.svg(id: "k\"1")
        #expect(svg.hasPrefix("<svg ") && svg.hasSuffix("</svg>"))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("aria-labelledby=\"k&quot;1-title k&quot;1-desc\""))
        #expect(svg.contains("<title id=\"k&quot;1-title\">Kinds &lt;b&gt;</title>"))
        #expect(svg.contains("<desc id=\"k&quot;1-desc\">How many &amp; which</desc>"))
        #expect(svg.contains("Contact &lt;from&gt; a pupil &amp; &quot;f…</text>"), "cut at 27 characters")
        #expect(!svg.contains("<from>") && !svg.contains("<b>"))
        #expect(svg.components(separatedBy: "<rect").count - 1 == 1, "one bar: the 12")
        #expect(svg.contains(">fewer than 5</text>") && svg.contains(">not shown</text>") && svg.contains(">0</text>"))
        #expect(!svg.contains("<script") && !svg.contains("style="))
        // Greyscale: every colour is a grey (equal red, green and blue).
        for match in svg.matches(of: /#([0-9a-fA-F]{3})\b/) {
            let digits = Array(match.1)
            #expect(digits[0] == digits[1] && digits[1] == digits[2], "\(match.0)")
        }
    }

    @Test("A line: a point per shown value, broken where one is hidden, scaled to 100 for percentages")
    func line() {
        let points = [
            ReportChart.Point(label: "1 Sept", shown: .count(40)),
            ReportChart.Point(label: "8 Sept", shown: .count(60)),
            ReportChart.Point(label: "15 Sept", shown: .withheld),
            ReportChart.Point(label: "22 Sept", shown: .count(90)),
            ReportChart.Point(label: "29 Sept", shown: .count(100)),
        ]
        let svg = ReportChart(kind: .line, title: "Weekly", summary: "Share", points: points, unit: "%").svg(id: "w")
        #expect(svg.components(separatedBy: "<circle").count - 1 == 4)
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2, "two runs: before and after the gap")
        #expect(svg.contains(">100%</text>") && svg.contains(">0%</text>"))
        let empty = ReportChart(kind: .line, title: "None", summary: "Nothing", points: []).svg(id: "e")
        #expect(empty.hasSuffix("</svg>") && !empty.contains("<circle"))
    }

    @Test("Control characters XML does not allow are dropped, not written into the drawing")
    func controlCharacters() {
        let svg = ReportChart(
            kind: .bars, title: "A\u{0}B\u{1B}C", summary: "x",
            points: [.init(label: "\u{FFFF}L", shown: .count(5))]
        ).svg(id: "c")
        #expect(svg.contains(">ABC</title>") && svg.contains(">L</text>"))
    }
}
