// Concern figures by kind and stage, without names, for governors and the headteacher: for a period, and as a
// spreadsheet.

import Fluent
import StewardCore
import Vapor

extension ConcernController {
    /// The figures of the cases of `actor`'s school reported in `period`.
    static func figureRows(
        for actor: Actor, period: FiguresPeriod, on db: any Database
    ) async throws -> (rows: [FigureRow], outcomes: [FigureRow], total: Int) {
        // One rule for every figure, whoever reads it (`CaseAccess.countsInFigures`): the governors' report, the home
        // page and this page count the same cases.
        let readers = try await FigureReaders.people(of: actor.schoolID, on: db)
        let cases = try await CaseFigures.countable(Case.query(on: db).inSchool(of: actor), readers: readers)
            .field(\.$id).field(\.$category).field(\.$state).field(\.$outcome).field(\.$schoolID)
            .field(\.$subjectPersonID).field(\.$aboutHeadteacher).field(\.$createdAt).all()
            .filter { CaseFigures.counts($0, readers: readers) && period.contains($0.createdAt) }
        let rows = ConcernCategory.allCases.map { category in
            let mine = cases.filter { $0.category == category }
            return FigureRow(
                title: category.neutralTitle,
                counts: CaseState.allCases.map { state in
                    Cell(label: state.title, count: mine.filter { $0.state == state }.count)
                },
                total: mine.count)
        }
        let outcomes = CaseOutcome.allCases.map { outcome in
            FigureRow(title: outcome.title, counts: [], total: cases.filter { $0.outcome == outcome }.count)
        }
        return (rows, outcomes, cases.count)
    }

    /// Counts by kind and stage, and outcomes: what governors need (policy 5.4: "inform governors"), with no
    /// names, references or dates that could point at anyone.
    func figures(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let period = FiguresPeriod(req, wholeMonths: true)
        let (rows, outcomes, total) = try await Self.figureRows(for: actor, period: period, on: req.db)
        return try await req.page(
            "concerns/figures", title: "Concerns in figures",
            FiguresContent(
                states: CaseState.allCases.map(\.title), rows: rows, outcomes: outcomes, total: total,
                period: period.description, from: period.typedFrom, to: period.typedTo,
                csv: ConcernPaths.figuresCSV() + period.query, errors: FormErrors(period.errors)),
            status: period.errors.isEmpty ? .ok : .badRequest)
    }

    /// The same figures as a spreadsheet: one row per kind, a column per stage, then the outcomes.
    func figuresCSV(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let period = FiguresPeriod(req, wholeMonths: true)
        guard period.errors.isEmpty else { throw Abort(.badRequest, reason: period.errors[0].message) }
        let (rows, outcomes, total) = try await Self.figureRows(for: actor, period: period, on: req.db)
        var csv = CSVWriter(header: ["Kind"] + CaseState.allCases.map(\.title) + ["All"])
        for row in rows { csv.append([row.title] + row.counts.map { String($0.count) } + [String(row.total)]) }
        csv.append(["All kinds"] + CaseState.allCases.map { _ in "" } + [String(total)])
        csv.append([])
        csv.append(["Outcome", "Cases"])
        for row in outcomes { csv.append([row.title, String(row.total)]) }
        let span = [period.from?.description, period.to?.description].compactMap { $0 }.joined(separator: "-to-")
        return CSVDownload.response(csv, filename: "concern-figures-\(span.isEmpty ? "all-time" : span).csv")
    }
}
