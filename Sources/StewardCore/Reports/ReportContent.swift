// A report's figures as governors read them: words and shown counts only, never a raw count under 5, ready to be
// frozen when the report is published.

import Crypto
import Foundation

/// The figures of a report after the small-number rule: what is shown, stored and hashed when published.
public struct ReportContent: Sendable, Equatable, Codable {
    public struct Section: Sendable, Equatable, Codable {
        public var key: String
        public var title: String
        public var clauses: String
        public var purpose: String
        public var tables: [Table]
        public var notes: [String]
    }

    public struct Table: Sendable, Equatable, Codable {
        public var key: String
        public var title: String
        public var columns: [String]
        /// Each row: its label, then the words of each cell.
        public var rows: [[String]]
        public var chart: ReportChart?
    }

    public var sections: [Section]
    /// Whether any count was withheld (not under 5 itself, but hidden so that another cannot be worked out).
    public var withheldAny: Bool
    /// Whether any count was shown as "fewer than 5".
    public var fewerThanFiveAny: Bool

    /// Applies the small-number rule to the counts of every section at once (a count in one section can give away
    /// one in another when they share a total) and keeps only what may be shown.
    public init(_ figures: [ReportSectionFigures]) {
        var counts: [String: Int] = [:]
        for section in figures { counts.merge(section.counts) { first, _ in first } }
        let shown = SmallNumbers.shown(
            counts, sums: figures.flatMap(\.sums), same: figures.flatMap(\.same),
            forced: Set(figures.flatMap(\.forced)), known: Set(figures.flatMap(\.known)))
        func words(_ cell: ReportTableFigures.Cell) -> (String, ShownCount?) {
            switch cell {
            case .count(let name):
                let value = shown[name] ?? .withheld
                return (value.text, value)
            case .percent(let part, let whole):
                guard let percent = SmallNumbers.percent(shown[part], of: shown[whole]) else { return ("–", nil) }
                return ("\(percent)%", .count(percent))
            case .text(let text):
                return (text, nil)
            }
        }
        sections = figures.map { section in
            Section(
                key: section.key, title: section.title, clauses: section.clauses, purpose: section.purpose,
                tables: section.tables.map { table in
                    let cells = table.rows.map { row in row.cells.map(words) }
                    let chart = table.chart.map { plan in
                        ReportChart(
                            kind: plan.kind, title: table.title, summary: plan.summary,
                            points: zip(table.rows, cells).map { row, cells in
                                let shown = plan.column < cells.count ? cells[plan.column].1 : nil
                                return ReportChart.Point(label: row.label, shown: shown ?? .withheld)
                            },
                            unit: table.rows.first.map { row in
                                if plan.column < row.cells.count, case .percent = row.cells[plan.column] { return "%" }
                                return ""
                            } ?? "")
                    }
                    return Table(
                        key: table.key, title: table.title, columns: table.columns,
                        rows: zip(table.rows, cells).map { row, cells in [row.label] + cells.map(\.0) }, chart: chart)
                },
                notes: section.notes
                    + section.conditionalNotes.map { note in
                        shown[note.count]?.value != nil && !note.text.isEmpty
                            ? note.text
                            : "This figure is not shown for this period, so that no small number can be worked out."
                    })
        }
        withheldAny = shown.values.contains(.withheld)
        fewerThanFiveAny = shown.values.contains(.fewerThanFive)
    }

    /// The content as JSON with sorted keys: the same figures always give the same bytes.
    public func canonicalJSON() throws -> Data { try Self.canonicalJSON(self) }

    /// Any value as JSON with sorted keys and slashes as they are: the bytes a report's fingerprint is taken of.
    public static func canonicalJSON(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        // Slashes as they are, so that any JSON tool's sorted-keys output of the same value gives the same hash.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// The SHA-256 of `text` as lower-case hex: what a published report carries to show it was not changed.
    public static func hash(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
