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
    /// headlines of the trust's sections. Each school's counts are copied under a name of their own, and each of the
    /// trust's is said to be the schools' added up, so that the rule sees that a school's figure could be worked out
    /// from the trust's and the other schools', and hides what it must. A school without a headline's figure (no
    /// policy published, no term's check open) shows a dash.
    public static func section(
        trust: [ReportSectionFigures], schools: [(name: String, sections: [ReportSectionFigures])]
    ) -> ReportSectionFigures {
        let headlines = trust.flatMap(\.headlines)
        var section = ReportSectionFigures(
            key: "schools", title: "The trust's schools compared", clauses: "3",
            purpose: "Each school's main figures for the same days, beside the whole trust's.")
        var rows: [ReportTableFigures.Row] = []
        var parts: [String: [String]] = [:]
        for (index, school) in schools.enumerated() {
            var counts: [String: Int] = [:]
            for own in school.sections { counts.merge(own.counts) { first, _ in first } }
            let known = Set(school.sections.flatMap(\.known))
            let forced = Set(school.sections.flatMap(\.forced))
            let own = school.sections.flatMap(\.headlines)
            let prefix = "schools.\(index)."
            var cells: [ReportTableFigures.Cell] = []
            for headline in headlines {
                guard let mine = own.first(where: { $0.label == headline.label && $0.cell == headline.cell }),
                    mine.cell.names.allSatisfy({ counts[$0] != nil })
                else {
                    cells.append(.text("–"))
                    continue
                }
                for name in mine.cell.names where section.counts[prefix + name] == nil {
                    section.counts[prefix + name] = counts[name]
                    if known.contains(name) { section.known.insert(prefix + name) }
                    if forced.contains(name) { section.forced.insert(prefix + name) }
                    parts[name, default: []].append(prefix + name)
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
