// The declarations' section of the governors' report (policy 1.5): who has confirmed their declarations this year,
// by group, and the relationships declared in the period by who the other person is and where each review stands.
// Never a name, and never a declaration about someone who reads the report.

import Fluent
import Foundation
import StewardCore

extension DeclarationsFeature {
    func reportSection(_ scope: ReportScope, on db: any Database) async throws -> ReportSectionFigures? {
        var section = ReportSectionFigures(
            key: "declarations", title: "Relationships declared", clauses: "1.5",
            purpose: "Staff and volunteers declare relationships with pupils, families and others connected to the "
                + "school, and confirm their declarations every year; each is reviewed by their line manager.")
        var years: Set<Int> = []
        var audience: Set<PersonKind> = []
        var coverage: [ObligationCoverage] = []
        var readers: Set<UUID> = []
        for school in scope.schoolIDs {
            let (round, figures, _) = try await DeclarationController.coverage(
                schoolID: school, on: db, today: scope.asOf)
            years.insert(round.number)
            audience.formUnion(round.audience)
            coverage.append(figures)
            readers.formUnion(try await FigureReaders.people(of: school, on: db))
        }
        let year = years.count == 1 ? years.first.map { "for \($0)" } ?? "" : "this year"
        section.addCoverageTable(
            key: "declarations-confirmed", title: "Declarations confirmed \(year), by \(scope.asOf.longForm)",
            done: "Confirmed", prefix: "declarations.confirmed", coverage: coverage,
            kinds: PersonKind.allCases.filter(audience.contains),
            chart: "The share of each group who have confirmed their declarations this year.")

        // The same declarations every page of figures counts (`DeclarationRules.countsInFigures`).
        let endOfPeriod = scope.clock.endOfDay(scope.asOf)
        let declared = try await Declaration.query(on: db).inSchools(scope.schoolIDs)
            .filter(\.$createdAt < endOfPeriod).all()
            .filter {
                scope.contains($0.createdAt)
                    && DeclarationRules.countsInFigures(otherParty: $0.partyPersonID, figureReaders: readers)
            }
        section.addCountTable(
            key: "declarations-parties", title: "Relationships declared, by who the other person is",
            column: "The other person", unit: "Declarations", total: "declarations.total",
            rows: DeclarationParty.allCases.map { party in
                (party.title, "declarations.party.\(party.rawValue)", declared.filter { $0.partyKind == party }.count)
            }, chart: "How many relationships were declared in the period, by who the other person is.")

        // Where each stands on the last day: ended, else the last outcome recorded by then, else waiting.
        let ids = declared.compactMap(\.id)
        let outcomes =
            ids.isEmpty
            ? []
            : try await DeclarationOutcome.query(on: db).filter(\.$declarationID ~~ ids)
                .filter(\.$recordedAt < endOfPeriod).all()
        let latest = Dictionary(grouping: outcomes, by: \.declarationID).compactMapValues {
            $0.max { $0.recordedAt < $1.recordedAt }?.kind
        }
        let asOf = scope.asOf.description
        let ended = declared.filter { ($0.closedOn ?? "9999") <= asOf }
        let open = declared.filter { ($0.closedOn ?? "9999") > asOf }
        // Built a row at a time, with its type written: as one literal joined by `+`, this took the compiler 47 s.
        let waiting: Int = open.filter { latest[$0.id ?? UUID()] == nil }.count
        var review: [(String, String, Int)] = [("Waiting for review", "declarations.waiting", waiting)]
        for kind in DeclarationOutcomeKind.allCases {
            let count: Int = open.filter { latest[$0.id ?? UUID()] == kind }.count
            review.append((kind.title, "declarations.outcome.\(kind.rawValue)", count))
        }
        review.append(("The relationship has ended", "declarations.ended", ended.count))
        section.addCountTable(
            key: "declarations-review", title: "Where those declarations stand on \(scope.asOf.longForm)",
            column: "Review", unit: "Declarations", total: "declarations.total", rows: review)
        section.headlines = [
            (
                "Declarations confirmed",
                .percent(part: "declarations.confirmed.all.met", whole: "declarations.confirmed.all.asked")
            )
        ]
        section.notes.append(
            "A declaration whose other person is the headteacher, a governor or a trust administrator is not counted "
                + "here: they read this report, and must not learn of it.")
        return section
    }
}
