// The policies' section of the governors' report (policy 1.1 and 3 a–d): who has acknowledged each policy, by group,
// and how that moved week by week.

import Fluent
import StewardCore

extension PoliciesFeature {
    func reportSection(_ scope: ReportScope, on db: any Database) async throws -> ReportSectionFigures? {
        var section = ReportSectionFigures(
            key: "policies", title: "Policies read and acknowledged", clauses: "1.1, 3 a–d",
            purpose: "Everyone the policy applies to reads and acknowledges its current version; the governing body "
                + "makes sure it is followed.")
        let policies = try await PolicyLibrary.publishedPolicies(of: scope.schoolID, on: db)
        guard !policies.isEmpty else {
            section.notes = ["No policy had been published by \(scope.asOf.longForm)."]
            return section
        }
        let (coverage, _) = try await PolicyLibrary.coverage(
            of: policies, in: scope.schoolID, on: db, today: scope.asOf)
        for (index, policy) in policies.enumerated() {
            guard let id = policy.id, let figures = coverage[id] else { continue }
            section.addCoverageTable(
                key: "policy-\(index + 1)", title: "\(policy.title): acknowledged by \(scope.asOf.longForm)",
                done: "Acknowledged", prefix: "policies.\(index)", coverage: figures, kinds: PersonKind.allCases,
                chart: "The share of each group who have acknowledged the current version of \(policy.title).")
        }
        section.tables.append(try await Self.weekByWeek(policies, scope, on: db, into: &section))
        // The last week ends on the day the tables above stand on: its figures are theirs added up.
        let last = "policies.week.\(scope.weekEnds.count - 1)"
        let tables = policies.indices.filter { section.counts["policies.\($0).all.asked"] != nil }
        for field in ["asked", "met"] {
            section.sums.append(.init(total: "\(last).\(field)", parts: tables.map { "policies.\($0).all.\(field)" }))
        }
        return section
    }

    /// The share of all acknowledgements asked for that had been given, at the end of each week of the period.
    private static func weekByWeek(
        _ policies: [Policy], _ scope: ReportScope, on db: any Database, into section: inout ReportSectionFigures
    ) async throws -> ReportTableFigures {
        var rows: [ReportTableFigures.Row] = []
        for (index, day) in scope.weekEnds.enumerated() {
            let (coverage, _) = try await PolicyLibrary.coverage(of: policies, in: scope.schoolID, on: db, today: day)
            var asked = 0
            var met = 0
            for figures in coverage.values {
                asked += figures.total.asked
                met += figures.total.met
            }
            let prefix = "policies.week.\(index)"
            section.counts["\(prefix).asked"] = asked
            section.counts["\(prefix).met"] = met
            section.counts["\(prefix).open"] = asked - met
            section.known.insert("\(prefix).asked")
            section.sums.append(.init(total: "\(prefix).asked", parts: ["\(prefix).met", "\(prefix).open"]))
            rows.append(
                .init(
                    label: day.longForm,
                    cells: [
                        .percent(part: "\(prefix).met", whole: "\(prefix).asked"), .count("\(prefix).met"),
                        .count("\(prefix).asked"),
                    ]))
        }
        return ReportTableFigures(
            key: "policies-weekly", title: "Acknowledgements given, week by week",
            columns: ["Week ending", "Share", "Acknowledged", "Asked"], rows: rows,
            chart: .init(
                kind: .line, column: 0,
                summary: "The share of acknowledgements asked for that had been given, at the end of each week."))
    }
}
