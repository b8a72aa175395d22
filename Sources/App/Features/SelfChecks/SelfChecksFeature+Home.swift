// This term's privacy checks as a home-page figure for governors, the headteacher and trust administrators.

import Fluent
import StewardCore
import Vapor

extension SelfChecksFeature {
    func figures(for actor: Actor, schoolID: UUID, on db: any Database) async throws -> [HomeFigure] {
        guard AccessPolicy.can(actor, .viewObligationFigures, .schoolRecord(schoolID: schoolID)) == .allowed else {
            return []
        }
        let settings = try await SelfCheckSettings.of(schoolID, on: db)
        let (round, coverage, _) = try await SelfChecks.coverage(
            of: schoolID, settings: settings, today: Display.today, on: db)
        return [
            ObligationFigure.figure(
                "Privacy checks this term", round == nil ? nil : coverage, href: SelfCheckPaths.coverage(),
                closed: "No term's check is open")
        ]
    }
}
