// This term's privacy checks by group: figures for governors; with who is outstanding and their line managers for
// the headteacher. Never anyone's answers.

import Fluent
import StewardCore
import Vapor

extension SelfCheckController {
    struct CoverageContent: Encodable, Sendable {
        var term: String
        var deadline: String
        var groups: [ObligationRows.Group]
        var total: ObligationRows.Group
        var openHelp: Int
        var contacts: Int
        var names: Bool
        var outstanding: [ObligationRows.Outstanding]
    }

    func coverage(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let today = Display.today
        let settings = try await SelfCheckSettings.of(actor.schoolID, on: req.db)
        let (round, coverage, people) = try await SelfChecks.coverage(
            of: actor.schoolID, settings: settings, today: today, on: req.db)
        let names = AccessPolicy.can(actor, .viewObligationCoverage) == .allowed
        let rows =
            names
            ? try await ObligationRows.outstanding(coverage, people: people, schoolID: actor.schoolID, on: req.db) : []
        var contacts = 0
        if let round {
            contacts = try await SelfCheck.query(on: req.db).inSchool(of: actor).filter(\.$round == round.number)
                .filter(\.$contacted == true).count()
        }
        let openHelp = try await SelfCheckHelp.query(on: req.db).inSchool(of: actor).filter(\.$closedAt == nil).count()
        let term = settings.termList.last { round?.opensOn == $0.starts }
        let content = CoverageContent(
            term: term?.name ?? "", deadline: round.map { $0.opensOn.adding(days: $0.deadlineDays).longForm } ?? "",
            groups: ObligationRows.groups(coverage).groups, total: ObligationRows.groups(coverage).total,
            openHelp: openHelp, contacts: contacts, names: names,
            outstanding: rows)
        return try await req.page("selfchecks/coverage", title: "Privacy checks this term", content)
    }
}
