// The policies' section of the governors' report (policy 1.1 and 3 a–d): who has acknowledged each policy, by group,
// and how that moved week by week.

import Fluent
import Foundation
import StewardCore

extension PoliciesFeature {
    func reportSection(_ scope: ReportScope, on db: any Database) async throws -> ReportSectionFigures? {
        var section = ReportSectionFigures(
            key: "policies", title: "Policies read and acknowledged", clauses: "1.1, 3 a–d",
            purpose: "Everyone the policy applies to reads and acknowledges its current version; the governing body "
                + "makes sure it is followed.")
        // Each school's published policies; a trust's schools' policies of one title are counted together.
        var policies: [(UUID, [Policy])] = []
        var byTitle: [String: [PolicyCoverage]] = [:]
        for school in scope.schoolIDs {
            let published = try await PolicyLibrary.publishedPolicies(of: school, on: db)
            guard !published.isEmpty else { continue }
            policies.append((school, published))
            let (coverage, _) = try await PolicyLibrary.coverage(of: published, in: school, on: db, today: scope.asOf)
            for policy in published {
                guard let id = policy.id, let figures = coverage[id] else { continue }
                byTitle[policy.title, default: []].append(figures)
            }
        }
        guard !policies.isEmpty else {
            section.notes = ["No policy had been published by \(scope.asOf.longForm)."]
            return section
        }
        let titles = byTitle.keys.sorted()
        for (index, title) in titles.enumerated() {
            section.addCoverageTable(
                key: "policy-\(index + 1)", title: "\(title): acknowledged by \(scope.asOf.longForm)",
                done: "Acknowledged", prefix: "policies.title.\(title)", coverage: byTitle[title] ?? [],
                kinds: PersonKind.allCases,
                chart: "The share of each group who have acknowledged the current version of \(title).")
        }
        section.tables.append(try await Self.weekByWeek(policies, scope, on: db, into: &section))
        // The last week ends on the day the tables above stand on: its figures are theirs added up.
        let last = "policies.week.\(scope.weekEnds.count - 1)"
        // Counts are named by the policy's title, so that a trust's count of a policy is its schools' added up.
        let tables = titles.filter { section.counts["policies.title.\($0).all.asked"] != nil }
        for field in ["asked", "met"] {
            section.sums.append(
                .init(total: "\(last).\(field)", parts: tables.map { "policies.title.\($0).all.\(field)" }))
        }
        section.headlines = [("Policies acknowledged", .percent(part: "\(last).met", whole: "\(last).asked"))]
        return section
    }

    /// The share of all acknowledgements asked for that had been given, at the end of each week of the period.
    private static func weekByWeek(
        _ policies: [(UUID, [Policy])], _ scope: ReportScope, on db: any Database,
        into section: inout ReportSectionFigures
    ) async throws -> ReportTableFigures {
        var rows: [ReportTableFigures.Row] = []
        // Each school's figures for every week at once: one reading of its people and acknowledgements.
        var weeks: [[CalendarDate: [UUID: PolicyCoverage]]] = []
        for (school, published) in policies {
            weeks.append(try await PolicyLibrary.coverage(of: published, in: school, on: db, days: scope.weekEnds).0)
        }
        for (index, day) in scope.weekEnds.enumerated() {
            var asked = 0
            var met = 0
            for school in weeks {
                for figures in (school[day] ?? [:]).values {
                    asked += figures.total.asked
                    met += figures.total.met
                }
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
