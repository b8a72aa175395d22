// The privacy checks' section of the governors' report (policy 4.1–4.3): who has done this term's check, by group,
// and how many checks in the period recorded contact from a pupil or family or asked for help. Never an answer.

import Fluent
import StewardCore

extension SelfChecksFeature {
    func reportSection(_ scope: ReportScope, on db: any Database) async throws -> ReportSectionFigures? {
        var section = ReportSectionFigures(
            key: "selfchecks", title: "Privacy settings checked", clauses: "4.1–4.3",
            purpose: "Each term everyone who works at the school checks the privacy settings of their own social "
                + "media, and says whether a pupil or a pupil's family has contacted them.")
        // Each school's check open on the last day; a trust's schools may keep different terms.
        var terms: Set<String> = []
        var audience: Set<PersonKind> = []
        var coverage: [ObligationCoverage] = []
        for school in scope.schoolIDs {
            let settings = try await SelfCheckSettings.of(school, on: db)
            let (round, figures, _) = try await SelfChecks.coverage(
                of: school, settings: settings, today: scope.asOf, on: db)
            guard let round else { continue }
            terms.insert(settings.termList.first { $0.starts == round.opensOn }?.name ?? "This term")
            audience.formUnion(round.audience)
            coverage.append(figures)
        }
        if coverage.isEmpty {
            section.notes.append("No term's check was open on \(scope.asOf.longForm).")
        } else {
            let term = terms.count == 1 ? terms.first ?? "This term" : "This term"
            section.addCoverageTable(
                key: "selfchecks-coverage", title: "\(term): checks done by \(scope.asOf.longForm)", done: "Checked",
                prefix: "selfchecks", coverage: coverage, kinds: PersonKind.allCases.filter(audience.contains),
                chart: "The share of each group who have done this term's privacy check.")
            section.headlines = [
                ("Privacy checks done", .percent(part: "selfchecks.all.met", whole: "selfchecks.all.asked"))
            ]
            if coverage.count < scope.schoolIDs.count {
                section.notes.append(
                    "Of the trust's schools, \(coverage.count) had a term's check open on \(scope.asOf.longForm).")
            }
        }
        let endOfPeriod = scope.clock.endOfDay(scope.asOf)
        let checks = try await SelfCheck.query(on: db).inSchools(scope.schoolIDs).filter(\.$completedAt < endOfPeriod)
            .field(\.$id).field(\.$schoolID).field(\.$completedAt).field(\.$contacted).field(\.$needsHelp).all()
            .filter { scope.contains($0.completedAt) }
        section.counts["selfchecks.done"] = checks.count
        section.counts["selfchecks.contacted"] = checks.filter(\.contacted).count
        section.counts["selfchecks.not-contacted"] = checks.filter { !$0.contacted }.count
        section.counts["selfchecks.help"] = checks.filter(\.needsHelp).count
        section.counts["selfchecks.no-help"] = checks.filter { !$0.needsHelp }.count
        section.sums.append(
            .init(total: "selfchecks.done", parts: ["selfchecks.contacted", "selfchecks.not-contacted"]))
        section.sums.append(.init(total: "selfchecks.done", parts: ["selfchecks.help", "selfchecks.no-help"]))
        section.tables.append(
            ReportTableFigures(
                key: "selfchecks-said", title: "What the checks done in the period said", columns: ["", "Checks"],
                rows: [
                    .init(label: "Checks done in the period", cells: [.count("selfchecks.done")]),
                    .init(
                        label: "Said a pupil or a pupil's family had contacted them (4.3)",
                        cells: [.count("selfchecks.contacted")]),
                    .init(label: "Asked for help with their settings", cells: [.count("selfchecks.help")]),
                ]))
        return section
    }
}
