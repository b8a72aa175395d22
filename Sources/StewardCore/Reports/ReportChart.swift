// Charts for a report, drawn as SVG on the server: no script, a title and a description for screen readers, and
// shapes and words rather than colours, so they read the same printed in grey.

/// A chart of one table of a report, drawn as SVG. The same figures are always in a table beside it.
public struct ReportChart: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// One horizontal bar per row, its count written at its end.
        case bars
        /// A line through one value per row, in order (a percentage week by week).
        case line
    }

    public var kind: Kind
    public var title: String
    /// Said by a screen reader after the title: what the chart shows, in words.
    public var summary: String
    /// One point per row: its label and what is shown for it.
    public var points: [Point]
    /// What a value means ("%" for percentages, empty for counts).
    public var unit: String

    public struct Point: Sendable, Equatable, Codable {
        public var label: String
        public var shown: ShownCount

        public init(label: String, shown: ShownCount) {
            self.label = label
            self.shown = shown
        }
    }

    public init(kind: Kind, title: String, summary: String, points: [Point], unit: String = "") {
        self.kind = kind
        self.title = title
        self.summary = summary
        self.points = points
        self.unit = unit
    }

    /// The chart as an `<svg>` element, every text in it escaped. `id` makes its title and description ids unique
    /// on the page.
    public func svg(id: String) -> String {
        switch kind {
        case .bars: barsSVG(id: Self.escape(id))
        case .line: lineSVG(id: Self.escape(id))
        }
    }

    private static let width = 640
    private static let labelWidth = 220

    private func header(id: String, height: Int) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(Self.width) \(height)\" "
            + "width=\"100%\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">"
            + "<title id=\"\(id)-title\">\(Self.escape(title))</title>"
            + "<desc id=\"\(id)-desc\">\(Self.escape(summary))</desc>"
    }

    private func barsSVG(id: String) -> String {
        let row = 28
        let height = max(row, points.count * row) + 8
        let largest = max(1, points.compactMap(\.shown.value).max() ?? 1)
        let room = Self.width - Self.labelWidth - 120
        var out = header(id: id, height: height)
        for (index, point) in points.enumerated() {
            let y = 4 + index * row
            out +=
                "<text x=\"\(Self.labelWidth - 8)\" y=\"\(y + 18)\" text-anchor=\"end\" font-size=\"14\" "
                + "fill=\"#000\">\(Self.escape(Self.clipped(point.label)))</text>"
            let length = point.shown.value.map { $0 == 0 ? 0 : max(2, $0 * room / largest) } ?? 0
            if length > 0 {
                out +=
                    "<rect x=\"\(Self.labelWidth)\" y=\"\(y + 4)\" width=\"\(length)\" height=\"18\" "
                    + "fill=\"#444\" stroke=\"#000\"/>"
            }
            let words = point.shown.value.map { "\($0)\(unit)" } ?? point.shown.text
            out +=
                "<text x=\"\(Self.labelWidth + length + 6)\" y=\"\(y + 18)\" font-size=\"14\" fill=\"#000\">"
                + "\(Self.escape(words))</text>"
        }
        return out + "</svg>"
    }

    private func lineSVG(id: String) -> String {
        let height = 220
        let top = 16
        let bottom = 180
        let left = 48
        let right = Self.width - 16
        let largest = unit == "%" ? 100 : max(1, points.compactMap(\.shown.value).max() ?? 1)
        var out = header(id: id, height: height)
        // Axis and its scale, labelled in words and numbers.
        out += "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(right)\" y2=\"\(bottom)\" stroke=\"#000\"/>"
        out += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(bottom)\" stroke=\"#000\"/>"
        out +=
            "<text x=\"\(left - 6)\" y=\"\(top + 5)\" text-anchor=\"end\" font-size=\"12\" fill=\"#000\">"
            + "\(largest)\(Self.escape(unit))</text>"
        out +=
            "<text x=\"\(left - 6)\" y=\"\(bottom + 4)\" text-anchor=\"end\" font-size=\"12\" fill=\"#000\">"
            + "0\(Self.escape(unit))</text>"
        let step = points.count > 1 ? (right - left - 20) / (points.count - 1) : 0
        var path: [String] = []
        for (index, point) in points.enumerated() {
            let x = left + 10 + index * step
            guard let value = point.shown.value else {
                // A hidden value breaks the line; the table beside the chart says why.
                path.append("")
                continue
            }
            let y = bottom - min(value, largest) * (bottom - top) / largest
            path.append("\(x),\(y)")
            out += "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"4\" fill=\"#000\"/>"
        }
        for run in path.split(separator: "", omittingEmptySubsequences: true) where run.count > 1 {
            out +=
                "<polyline points=\"\(run.joined(separator: " "))\" fill=\"none\" stroke=\"#000\" stroke-width=\"2\"/>"
        }
        if let first = points.first, let last = points.last {
            out +=
                "<text x=\"\(left + 10)\" y=\"\(bottom + 20)\" font-size=\"12\" fill=\"#000\">"
                + "\(Self.escape(Self.clipped(first.label)))</text>"
            out +=
                "<text x=\"\(right)\" y=\"\(bottom + 20)\" text-anchor=\"end\" font-size=\"12\" fill=\"#000\">"
                + "\(Self.escape(Self.clipped(last.label)))</text>"
        }
        return out + "</svg>"
    }

    /// Labels longer than the space for them are cut with an ellipsis; the table beside has them whole.
    static func clipped(_ label: String) -> String {
        label.count > 28 ? String(label.prefix(27)) + "…" : label
    }

    /// Text and attribute values escaped for XML.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Characters XML 1.0 does not allow at all are dropped.
            case _ where character.value < 0x20 && character != "\n" && character != "\t": continue
            case "\u{FFFE}", "\u{FFFF}": continue
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
