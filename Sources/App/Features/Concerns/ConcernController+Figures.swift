// Concern figures by kind and stage, without names, for governors and the headteacher.

import Fluent
import StewardCore
import Vapor

extension ConcernController {
    /// Counts by kind and stage, and outcomes: what governors need (policy 5.4: "inform governors"), with no
    /// names, references or dates that could point at anyone.
    func figures(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        // Counts leave out the cases whose existence this viewer must not learn (the subject's; a headteacher's
        // about the headteacher): `CaseAccess.countsInFigures`.
        let cases = try await Case.query(on: req.db).inSchool(of: actor)
            .field(\.$id).field(\.$category).field(\.$state).field(\.$outcome).field(\.$schoolID)
            .field(\.$subjectPersonID).field(\.$aboutHeadteacher).all()
            .filter {
                CaseAccess.countsInFigures(
                    schoolID: $0.schoolID, subjectIDs: $0.subjectPersonID.map { [$0] } ?? [],
                    aboutHeadteacher: $0.aboutHeadteacher, for: actor)
            }
        let states = CaseState.allCases
        let rows = ConcernCategory.allCases.map { category in
            let mine = cases.filter { $0.category == category }
            return FigureRow(
                title: category.title,
                counts: states.map { state in Cell(label: state.title, count: mine.filter { $0.state == state }.count)
                },
                total: mine.count)
        }
        let outcomes = CaseOutcome.allCases.map { outcome in
            FigureRow(title: outcome.title, counts: [], total: cases.filter { $0.outcome == outcome }.count)
        }
        return try await req.page(
            "concerns/figures", title: "Concerns in figures",
            FiguresContent(states: states.map(\.title), rows: rows, outcomes: outcomes, total: cases.count))
    }
}
