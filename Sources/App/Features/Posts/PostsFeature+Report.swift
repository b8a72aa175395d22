// The official accounts' section of the governors' report (policy 4.4–4.9): what approvers decided on drafts in the
// period, what the screening found in them, and what was posted. Never a name, a post or an account.

import Fluent
import Foundation
import StewardCore

extension PostsFeature {
    func reportSection(_ scope: ReportScope, on db: any Database) async throws -> ReportSectionFigures? {
        var section = ReportSectionFigures(
            key: "posts", title: "Posts on the school's official accounts", clauses: "4.4–4.9",
            purpose: "Every post is screened and approved by a second person before it goes out; the headteacher "
                + "alone may approve one over a finding that blocks it, and gives a reason.")
        let endOfPeriod = scope.clock.endOfDay(scope.asOf)
        let decisions = try await DraftReview.query(on: db).inSchools(scope.schoolIDs)
            .filter(\.$createdAt < endOfPeriod).all().filter { scope.contains($0.createdAt) }
        let findings = decisions.map { Self.findings(of: $0) }
        let overridden = decisions.filter { $0.decision == .approved && !$0.overrideReason.isEmpty }.count
        let approved = decisions.filter { $0.decision == .approved }.count
        section.addCountTable(
            key: "posts-decisions", title: "Decisions on drafts", column: "Decision", unit: "Decisions",
            total: "posts.decisions",
            rows: [
                ("Approved", "posts.approved.plain", approved - overridden),
                (
                    "Approved over a finding that blocks (headteacher, with a reason)", "posts.approved.override",
                    overridden
                ),
                ("Returned with comments", "posts.returned", decisions.count - approved),
            ], chart: "How approvers decided on the drafts sent to them in the period.")

        // What the screening found, in the drafts as each approver saw them: a decision counts once per kind found.
        var rows: [ReportTableFigures.Row] = []
        let blocked = findings.filter { $0.contains { $0.severity == .block } }.count
        section.counts["posts.blocked"] = blocked
        rows.append(.init(label: "Any finding that blocks approval", cells: [.count("posts.blocked")]))
        for category in FindingCategory.allCases {
            let name = "posts.finding.\(category.rawValue)"
            section.counts[name] = findings.filter { $0.contains { $0.category == category } }.count
            rows.append(.init(label: "\(category.title) (\(category.clause))", cells: [.count(name)]))
        }
        section.counts["posts.clean"] = findings.filter(\.isEmpty).count
        rows.append(.init(label: "Nothing found", cells: [.count("posts.clean")]))
        section.tables.append(
            ReportTableFigures(
                key: "posts-findings", title: "What the screening found in the drafts decided",
                columns: ["Finding", "Decisions"], rows: rows))
        // Every approval over a blocking finding had one; the rest of the blocked were returned.
        section.counts["posts.blocked.returned"] = blocked - overridden
        section.sums.append(
            .init(total: "posts.blocked", parts: ["posts.approved.override", "posts.blocked.returned"]))

        let published = try await Draft.query(on: db).inSchools(scope.schoolIDs).filter(\.$publishedAt < endOfPeriod)
            .all().filter { $0.publishedAt.map(scope.contains) ?? false }.count
        section.counts["posts.published"] = published
        section.tables.append(
            ReportTableFigures(
                key: "posts-published", title: "Posts published", columns: ["", "Posts"],
                rows: [.init(label: "Published in the period, and archived", cells: [.count("posts.published")])]))
        section.headlines = [("Decisions on posts", .count("posts.decisions"))]
        section.notes.append(
            "A decision is counted once for each kind of finding the draft had when it was decided; a draft may be "
                + "returned, changed and decided again.")
        return section
    }

    /// The findings an approver saw, as the decision stored them.
    private static func findings(of review: DraftReview) -> [Finding] {
        (try? JSONDecoder().decode([Finding].self, from: Data(review.findings.utf8))) ?? []
    }
}
