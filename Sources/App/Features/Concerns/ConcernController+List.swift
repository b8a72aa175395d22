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
                id: item.id?.uuidString ?? "", reference: item.reference, category: item.category.neutralTitle,
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
        // The reference is shown only when it is one of the reader's own reports: the address cannot put words in
        // Steward's mouth.
        let asked = req.query[String.self, at: "ref"] ?? ""
        let own = all.first { $0.reference == asked && $0.reporterID == actor.personID }
        let notice: String? =
            req.query[String.self, at: "done"] == "reported"
            ? "Thank you. Your concern has been passed on in confidence."
                + (own.map { " Its reference is \($0.reference)." } ?? "")
                + (own != nil && req.query[String.self, at: "remind"] == "block"
                    ? " If you have not yet, block them now and report them to the platform (clause 4.3)." : "")
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
