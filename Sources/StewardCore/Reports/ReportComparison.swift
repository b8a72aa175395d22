// A trust's report compares its schools side by side: each school's headline figures in a row, the trust's beneath,
// under the same small-number rule as every other table.

extension ReportTableFigures.Cell {
    /// The counts the cell shows.
    public var names: [String] {
        switch self {
        case .count(let name): [name]
        case .percent(let part, let whole): [part, whole]
        case .text: []
        }
    }

    /// The same cell over counts renamed with `prefix`.
    func prefixed(_ prefix: String) -> Self {
        switch self {
        case .count(let name): .count(prefix + name)
        case .percent(let part, let whole): .percent(part: prefix + part, whole: prefix + whole)
        case .text: self
        }
    }
}

public enum ReportComparison {
    /// The section comparing `schools` (each with its own sections, as its own report would count them) under the
    /// headlines of the trust's sections. A school without a headline's figure (no policy published, no term's check
    /// open) shows a dash.
    ///
    /// The trust's reader also reads each school's own report. So every count of every school is copied here under a
    /// name of its own (most are never shown), taken as known to the reader when the school's own report for the same
    /// days would show it, and each count of the trust's is said to be the schools' added up: the rule then sees a
    /// school's small count that the trust's figure, less the other schools' shown ones, would give away, in any
    /// table, and hides what it must.
    public static func section(
        trust: [ReportSectionFigures], schools: [(name: String, sections: [ReportSectionFigures])]
    ) -> ReportSectionFigures {
        let headlines = trust.flatMap(\.headlines)
        var section = ReportSectionFigures(
            key: "schools", title: "The trust's schools compared", clauses: "3",
            purpose: "Each school's main figures for the same days, beside the whole trust's.")
        var rows: [ReportTableFigures.Row] = []
        var parts: [String: [String]] = [:]
        var trustCounts: Set<String> = []
        for own in trust { trustCounts.formUnion(own.counts.keys) }
        for (index, school) in schools.enumerated() {
            var counts: [String: Int] = [:]
            for own in school.sections { counts.merge(own.counts) { first, _ in first } }
            let forced = Set(school.sections.flatMap(\.forced))
            // What the school's own report for these days shows: the reader may have it beside this one.
            let ownReport = SmallNumbers.shown(
                counts, sums: school.sections.flatMap(\.sums), same: school.sections.flatMap(\.same),
                forced: forced, known: Set(school.sections.flatMap(\.known)))
            let prefix = "schools.\(index)."
            for (name, value) in counts where trustCounts.contains(name) {
                section.counts[prefix + name] = value
                if ownReport[name]?.value != nil { section.known.insert(prefix + name) }
                if forced.contains(name) { section.forced.insert(prefix + name) }
                parts[name, default: []].append(prefix + name)
            }
            let own = school.sections.flatMap(\.headlines)
            var cells: [ReportTableFigures.Cell] = []
            for headline in headlines {
                guard let mine = own.first(where: { $0.label == headline.label && $0.cell == headline.cell }),
                    mine.cell.names.allSatisfy({ counts[$0] != nil })
                else {
                    cells.append(.text("–"))
                    continue
                }
                cells.append(mine.cell.prefixed(prefix))
            }
            rows.append(.init(label: school.name, cells: cells))
        }
        rows.append(.init(label: "The whole trust", cells: headlines.map(\.cell)))
        for (total, names) in parts.sorted(by: { $0.key < $1.key }) {
            section.sums.append(.init(total: total, parts: names))
        }
        section.tables.append(
            ReportTableFigures(
                key: "schools-compared", title: "The trust's schools compared",
                columns: ["School"] + headlines.map(\.label), rows: rows))
        return section
    }
}
