// This year's declaration confirmations as a home-page figure for governors, the headteacher and trust administrators.

import Fluent
import StewardCore
import Vapor

extension DeclarationsFeature {
    func figures(for actor: Actor, schoolID: UUID, on db: any Database) async throws -> [HomeFigure] {
        guard AccessPolicy.can(actor, .viewObligationFigures, .schoolRecord(schoolID: schoolID)) == .allowed else {
            return []
        }
        let (_, coverage, _) = try await DeclarationController.coverage(
            schoolID: schoolID, on: db, today: Display.today)
        return [
            ObligationFigure.figure(
                "Declarations confirmed this year", coverage, href: DeclarationPaths.coverage(),
                closed: "Nobody is asked yet")
        ]
    }
}
