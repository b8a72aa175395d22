// What a feature offers a governors' report: its tables, as named counts and how they add up, before the
// small-number rule is applied to the report as a whole.

/// One section of a report as a feature counts it: raw counts that never leave the server as they are.
public struct ReportSectionFigures: Sendable {
    /// Stable, short: "policies", "concerns".
    public var key: String
    public var title: String
    /// The clauses of the policy the section answers ("3 a–d, 5.4").
    public var clauses: String
    /// One sentence on what the section is for, above its tables.
    public var purpose: String
    public var tables: [ReportTableFigures]
    /// Every count the tables name, by name. Names are unique across the report: prefix them with the key.
    public var counts: [String: Int]
    public var sums: [SmallNumbers.Sum]
    /// Names for one count shown in several places.
    public var same: [[String]]
    /// Counts hidden even when 0 (see `SmallNumbers.shown`).
    public var forced: Set<String> = []
    /// Counts a reader knows anyway (see `SmallNumbers.shown`).
    public var known: Set<String> = []
    /// Sentences under the tables.
    public var notes: [String]
    /// Sentences shown only when the named count is shown (a median over the concerns triaged, when how many were
    /// triaged may be shown); otherwise a sentence saying the figure is not shown.
    public var conditionalNotes: [(text: String, count: String)] = []
    /// The section's few figures that compare schools side by side in a trust's report ("Concerns reported"), each
    /// a cell of the section's own counts.
    public var headlines: [(label: String, cell: ReportTableFigures.Cell)] = []

    public init(
        key: String, title: String, clauses: String, purpose: String, tables: [ReportTableFigures] = [],
        counts: [String: Int] = [:], sums: [SmallNumbers.Sum] = [], same: [[String]] = [], notes: [String] = []
    ) {
        self.key = key
        self.title = title
        self.clauses = clauses
        self.purpose = purpose
        self.tables = tables
        self.counts = counts
        self.sums = sums
        self.same = same
        self.notes = notes
    }
}

/// One table of a section: rows of cells, each cell a named count, a percentage of two, or words.
public struct ReportTableFigures: Sendable {
    public enum Cell: Sendable, Equatable {
        case count(String)
        /// `part` as a percentage of `whole`, shown only when both are.
        case percent(part: String, whole: String)
        case text(String)
    }

    public struct Row: Sendable {
        public var label: String
        public var cells: [Cell]

        public init(label: String, cells: [Cell]) {
            self.label = label
            self.cells = cells
        }
    }

    /// What the chart beside the table draws: one column's values, as bars or a line.
    public struct ChartPlan: Sendable {
        public var kind: ReportChart.Kind
        public var column: Int
        public var summary: String

        public init(kind: ReportChart.Kind, column: Int, summary: String) {
            self.kind = kind
            self.column = column
            self.summary = summary
        }
    }

    public var key: String
    public var title: String
    /// The heading of the label column, then of each cell column.
    public var columns: [String]
    public var rows: [Row]
    public var chart: ChartPlan?

    public init(key: String, title: String, columns: [String], rows: [Row], chart: ChartPlan? = nil) {
        self.key = key
        self.title = title
        self.columns = columns
        self.rows = rows
        self.chart = chart
    }
}
