// The concerns list: the cases the reader may see, and what they reported themselves.

import Crypto
import Fluent
import StewardCore
import Vapor

extension ConcernController {
    // MARK: - Lists

    func index(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let all = try await Case.query(on: req.db).inSchool(of: actor)
            .sort(\.$createdAt, .descending).all()
        var handling: [CaseRow] = []
        var reported: [CaseRow] = []
        let now = Date()
        let facts = try await Cases.facts(of: all, on: req.db)
        for item in all {
            guard let itemFacts = item.id.flatMap({ facts[$0] }) else { continue }
            let visibility = CaseAccess.visibility(of: itemFacts, to: actor)
            let row = CaseRow(
                id: item.id?.uuidString ?? "", reference: item.reference, category: item.category.title,
                state: item.state.title, reported: Display.date(item.createdAt),
                overdue: CaseDeadlines.isOverdue(
                    state: item.state, reported: item.createdAt, lastEntry: item.lastEntryAt, now: now,
                    clock: Display.clock))
            switch visibility {
            case .full: handling.append(row)
            case .reporterStatus:
                var mine = row
                mine.state = item.state.reporterTitle
                mine.overdue = false
                reported.append(mine)
            case .none: break
            }
        }
        let notice: String? =
            req.query[String.self, at: "done"] == "reported"
            ? "Thank you. Your concern has been passed on in confidence. Its reference is \(req.query[String.self, at: "ref"] ?? "")."
            : nil
        return try await req.page(
            "concerns/index", title: "Concerns",
            IndexContent(
                handling: handling, reported: reported,
                isHandler: !actor.roles.isDisjoint(with: [.headteacher, .safeguardingLead, .chairOfGovernors]),
                canSeeFigures: AccessPolicy.can(actor, .viewCaseFigures) == .allowed),
            notice: notice)
    }
}
