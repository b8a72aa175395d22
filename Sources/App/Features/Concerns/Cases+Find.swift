// Finding the case a route names: only in the actor's schools, only if they may see anything of it, and behind
// the step-up the route declares when they would see it in full.

import Fluent
import StewardCore
import Vapor

extension Cases {
    /// The case named by the route, found only in the actor's schools, if the actor may see anything of it
    /// (otherwise "not found"); when they would see it in full and the route declares a step-up, it must be fresh.
    /// Over the API, a reporter whose token lacks the cases scope sees their own report's status instead.
    static func find(_ req: Request) async throws -> (Case, CaseVisibility) {
        let (actor, _) = try req.requireActor()
        let item = try await req.record(Case.self, "caseID", for: .viewConcerns)
        let visibility = CaseAccess.visibility(of: try await Cases.facts(item, on: req.db), to: actor)
        if visibility == .none { throw Abort(.notFound) }
        if case .full = visibility, StepUp.isOwed(req) {
            if req.isAPI && item.reporterID == actor.personID { return (item, .reporterStatus) }
            throw StepUpRequired()
        }
        return (item, visibility)
    }
}
