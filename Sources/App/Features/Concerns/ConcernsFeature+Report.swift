// The concerns' section of the governors' report (policy 3, 4.3, 5.4): counts by kind, stage and outcome, how long
// triage took, open cases by age, staff harmed online and the support offered, and referrals. Never a name.

import Fluent
import Foundation
import StewardCore

extension ConcernsFeature {
    func reportSection(_ scope: ReportScope, on db: any Database) async throws -> ReportSectionFigures? {
        var section = ReportSectionFigures(
            key: "concerns", title: "Concerns and cases", clauses: "3, 4.3, 5.4",
            purpose: "Concerns reported in the period, how they were handled, and support for staff harmed online; "
                + "governors are informed without names.")
        // The cases every figure counts (`CaseAccess.countsInFigures`): the report is read by the headteacher and
        // every governor, so a concern about one of them is not counted, here or on any page of figures.
        var readers: Set<UUID> = []
        for school in scope.schoolIDs { readers.formUnion(try await FigureReaders.people(of: school, on: db)) }
        let countable = try await CaseFigures.countable(Case.query(on: db).inSchools(scope.schoolIDs), readers: readers)
            .all().filter { CaseFigures.counts($0, readers: readers) }
        section.notes.append(
            "Concerns about the headteacher, a governor or a trust administrator are not counted in this report, "
                + "which they read: the chair of governors handles them and tells the governing body as it decides.")
        let endOfPeriod = scope.clock.endOfDay(scope.asOf)
        let reported = countable.filter { scope.contains($0.createdAt) && $0.createdAt < endOfPeriod }
        let ids = countable.compactMap(\.id)
        let entries =
            ids.isEmpty
            ? [] : try await CaseEntry.query(on: db).filter(\.$caseID ~~ ids).filter(\.$createdAt < endOfPeriod).all()
        let entriesByCase = Dictionary(grouping: entries, by: \.caseID)
        section.counts["concerns.total"] = reported.count

        // By kind, and by where each stands now.
        section.addCountTable(
            key: "concerns-kinds", title: "Concerns reported, by kind", column: "Kind", unit: "Concerns",
            total: "concerns.total",
            rows: ConcernCategory.allCases.map { category in
                (
                    category.neutralTitle, "concerns.kind.\(category.rawValue)",
                    reported.filter { $0.category == category }.count
                )
            }, chart: "How many concerns of each kind were reported in the period.")
        section.addCountTable(
            key: "concerns-stages", title: "Where those concerns stand", column: "Stage", unit: "Concerns",
            total: "concerns.total",
            rows: CaseState.allCases.map { state in
                (
                    state.title, "concerns.state.\(state.rawValue)",
                    reported.filter { Self.state(of: $0, entriesByCase) == state }.count
                )
            }, chart: nil)
        section.addCountTable(
            key: "concerns-outcomes", title: "Outcomes recorded", column: "Outcome", unit: "Concerns",
            total: "concerns.total",
            rows: CaseOutcome.allCases.map { outcome in
                (outcome.title, "concerns.outcome.\(outcome.rawValue)", reported.filter { $0.outcome == outcome }.count)
            } + [("None recorded yet", "concerns.outcome.none", reported.filter { $0.outcome == nil }.count)],
            chart: nil)

        // Steps taken: each counts the concerns with at least one such step; a concern may have several.
        let steps: [CaseActionKind] = [
            .hrAdvice, .disciplinaryOpened, .policeReferral, .ladoReferral, .governorsInformed,
        ]
        var stepRows: [ReportTableFigures.Row] = []
        for step in steps {
            let name = "concerns.step.\(step.rawValue)"
            section.counts[name] =
                reported.filter { item in
                    (entriesByCase[item.id ?? UUID()] ?? []).contains { $0.action == step }
                }.count
            stepRows.append(.init(label: step.title, cells: [.count(name)]))
        }
        section.tables.append(
            ReportTableFigures(
                key: "concerns-steps", title: "Advice sought and referrals made", columns: ["Step", "Concerns"],
                rows: stepRows))

        // Staff harmed online (5.4): whether support was offered.
        let harmed = reported.filter { $0.category == .onlineAbuseOfStaff }
        let supported = harmed.filter { item in
            (entriesByCase[item.id ?? UUID()] ?? []).contains { $0.action == .supportOffered }
        }.count
        section.counts["concerns.harmed.all"] = harmed.count
        section.counts["concerns.harmed.supported"] = supported
        section.counts["concerns.harmed.not"] = harmed.count - supported
        section.sums.append(
            .init(total: "concerns.harmed.all", parts: ["concerns.harmed.supported", "concerns.harmed.not"]))
        section.same.append(["concerns.harmed.all", "concerns.kind.\(ConcernCategory.onlineAbuseOfStaff.rawValue)"])
        section.tables.append(
            ReportTableFigures(
                key: "concerns-harmed", title: "Staff harmed online (5.4)", columns: ["", "Concerns"],
                rows: [
                    .init(label: "Online abuse of staff reported", cells: [.count("concerns.harmed.all")]),
                    .init(label: "Support offered", cells: [.count("concerns.harmed.supported")]),
                    .init(label: "No support recorded yet", cells: [.count("concerns.harmed.not")]),
                ]))

        // Open cases by age on the last day, whenever they were reported. Those reported in the period are the
        // stages table's open ones: said as a sum, so that the two tables cannot be subtracted one from the other.
        let open = countable.filter { $0.createdAt < endOfPeriod && Self.state(of: $0, entriesByCase) != .closed }
        let openBefore = open.filter { !scope.contains($0.createdAt) }.count
        section.counts["concerns.open.earlier"] = openBefore
        section.sums.append(
            .init(
                total: "concerns.open.all",
                parts: ["concerns.open.earlier"]
                    + CaseState.allCases.filter { $0 != .closed }.map { "concerns.state.\($0.rawValue)" }))
        let bands: [(String, ClosedRange<Int>)] = [
            ("Under a week", 0...6), ("One to four weeks", 7...27), ("Four weeks to three months", 28...90),
            ("Over three months", 91...Int.max),
        ]
        section.counts["concerns.open.all"] = open.count
        section.addCountTable(
            key: "concerns-open", title: "Cases open on \(scope.asOf.longForm), by age", column: "Open for",
            unit: "Concerns",
            total: "concerns.open.all",
            rows: bands.enumerated().map { index, band in
                (
                    band.0, "concerns.open.\(index)",
                    open.filter { band.1.contains(scope.clock.date(of: $0.createdAt).days(until: scope.asOf)) }.count
                )
            }, chart: "How long the cases still open have been open.")
        if let index = section.tables.indices.last {
            section.tables[index].rows.append(
                .init(label: "Of all these, reported before the period", cells: [.count("concerns.open.earlier")]))
        }

        // Triaged: every concern no longer new at the end of the period. The note's figures are shown only when
        // that count is, so that it says nothing of how many were not.
        let triagedCount = reported.count - (section.counts["concerns.state.\(CaseState.new.rawValue)"] ?? 0)
        section.counts["concerns.triaged"] = triagedCount
        section.sums.append(
            .init(total: "concerns.total", parts: ["concerns.triaged", "concerns.state.\(CaseState.new.rawValue)"]))
        section.conditionalNotes.append((Self.triageNote(reported, entriesByCase), "concerns.triaged"))
        section.headlines = [
            ("Concerns reported", .count("concerns.total")), ("Cases open at the end", .count("concerns.open.all")),
        ]
        return section
    }

    /// Where a case stood at the end of the period: its last move before then, or new.
    private static func state(of item: Case, _ entries: [UUID: [CaseEntry]]) -> CaseState {
        let moves = (entries[item.id ?? UUID()] ?? []).filter { $0.stateTo != nil }.sorted {
            $0.createdAt < $1.createdAt
        }
        return moves.last?.stateTo ?? .new
    }

    /// The median and longest time from report to the first move out of "new".
    private static func triageNote(_ reported: [Case], _ entries: [UUID: [CaseEntry]]) -> String {
        let hours: [Double] = reported.compactMap { item in
            let first = (entries[item.id ?? UUID()] ?? []).filter { $0.stateFrom == .new }.map(\.createdAt).min()
            return first.map { $0.timeIntervalSince(item.createdAt) / 3600 }
        }.sorted()
        guard !hours.isEmpty else { return "" }
        let middle = hours.count / 2
        let median = hours.count % 2 == 1 ? hours[middle] : (hours[middle - 1] + hours[middle]) / 2
        return "Time from report to triage: median \(Self.duration(median)), longest \(Self.duration(hours.last ?? 0))."
    }

    static func duration(_ hours: Double) -> String {
        if hours < 1 { return "under an hour" }
        if hours < 48 { return "\(Int(hours.rounded())) hours" }
        return "\(Int((hours / 24).rounded())) days"
    }
}
