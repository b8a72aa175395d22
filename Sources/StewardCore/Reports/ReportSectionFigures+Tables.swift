// The shapes of table that sections share: counts that add up to a total, and who has done something by group.

extension ReportSectionFigures {
    /// Appends a table of one count per row that add up to `total`, then an "All" row, with a bar chart when `chart`
    /// describes one. Each row is (label, count name, count).
    public mutating func addCountTable(
        key: String, title: String, column: String, unit: String, total: String, rows: [(String, String, Int)],
        chart: String? = nil
    ) {
        for (_, name, count) in rows { counts[name] = count }
        counts[total] = rows.reduce(0) { $0 + $1.2 }
        sums.append(.init(total: total, parts: rows.map(\.1)))
        tables.append(
            ReportTableFigures(
                key: key, title: title, columns: [column, unit],
                rows: rows.map { .init(label: $0.0, cells: [.count($0.1)]) }
                    + [.init(label: "All", cells: [.count(total)])],
                chart: chart.map { .init(kind: .bars, column: 0, summary: $0) }))
    }

    /// Appends a table of who has done something (acknowledged, confirmed, checked), a row per group of `kinds` and
    /// one for everyone, the figures of each of `coverage` (a school's, or each of a trust's schools) added up: asked, done, the share, not yet due and overdue. How many are in each group is no secret
    /// (the board knows how many governors it has), so the rule assumes the reader knows it; in a group of fewer
    /// than 5, even a 0 would say what each of them did, so those rows show nothing.
    public mutating func addCoverageTable(
        key: String, title: String, done: String, prefix: String, coverage: [ObligationCoverage], kinds: [PersonKind],
        chart: String
    ) {
        var rows: [ReportTableFigures.Row] = []
        for kind in kinds {
            rows.append(
                coverageRow(
                    kind.title + "s", prefix: "\(prefix).\(kind.rawValue)",
                    coverage.reduce(.init()) { $0 + ($1.byKind[kind] ?? .init()) }))
        }
        rows.append(coverageRow("Everyone", prefix: "\(prefix).all", coverage.reduce(.init()) { $0 + $1.total }))
        for field in ["asked", "met", "due", "overdue"] {
            sums.append(
                .init(total: "\(prefix).all.\(field)", parts: kinds.map { "\(prefix).\($0.rawValue).\(field)" }))
        }
        tables.append(
            ReportTableFigures(
                key: key, title: title, columns: ["Group", "Asked", done, "Share", "Not yet due", "Overdue"],
                rows: rows, chart: .init(kind: .bars, column: 2, summary: chart)))
    }

    /// One group's row: asked = done + not yet due + overdue.
    private mutating func coverageRow(
        _ label: String, prefix: String, _ figures: ObligationCoverage.Figures
    ) -> ReportTableFigures.Row {
        counts["\(prefix).asked"] = figures.asked
        counts["\(prefix).met"] = figures.met
        counts["\(prefix).due"] = figures.due
        counts["\(prefix).overdue"] = figures.overdue
        known.insert("\(prefix).asked")
        if (1..<SmallNumbers.smallest).contains(figures.asked) {
            forced.formUnion(["\(prefix).met", "\(prefix).due", "\(prefix).overdue"])
        }
        sums.append(.init(total: "\(prefix).asked", parts: ["\(prefix).met", "\(prefix).due", "\(prefix).overdue"]))
        return .init(
            label: label,
            cells: [
                .count("\(prefix).asked"), .count("\(prefix).met"),
                .percent(part: "\(prefix).met", whole: "\(prefix).asked"),
                .count("\(prefix).due"), .count("\(prefix).overdue"),
            ])
    }
}
