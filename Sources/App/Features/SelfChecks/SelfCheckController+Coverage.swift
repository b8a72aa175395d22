// This term's privacy checks by group: figures for governors; with who is outstanding and their line managers for
// the headteacher. Never anyone's answers.

import Fluent
import StewardCore
import Vapor

extension SelfCheckController {
    struct GroupRow: Encodable, Sendable {
        var group: String
        var asked: Int
        var done: Int
        var due: Int
        var overdue: Int
        var percent: Int

        init(_ group: String, _ figures: ObligationCoverage.Figures) {
            self.group = group
            asked = figures.asked
            done = figures.met
            due = figures.due
            overdue = figures.overdue
            percent = figures.percent
        }
    }

    struct PersonRow: Encodable, Sendable {
        var id: String
        var name: String
        var group: String
        var status: String
        var overdue: Bool
        var lineManager: String
    }

    struct CoverageContent: Encodable, Sendable {
        var term: String
        var deadline: String
        var groups: [GroupRow]
        var total: GroupRow
        var openHelp: Int
        var contacts: Int
        var names: Bool
        var outstanding: [PersonRow]
    }

    /// The groups the check asks (4.1–4.3 are about staff: governors are not asked).
    static let askedKinds: [PersonKind] = [.employee, .volunteer]

    func coverage(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let today = Display.today
        let settings = try await SelfCheckSettings.of(actor.schoolID, on: req.db)
        let (round, coverage, people) = try await SelfChecks.coverage(
            of: actor.schoolID, settings: settings, today: today, on: req.db)
        let names = AccessPolicy.can(actor, .viewObligationCoverage) == .allowed
        var rows: [PersonRow] = []
        if names {
            let managerIDs = Set(coverage.outstanding.compactMap { people[$0.id]?.$lineManager.id })
            let managers = try await Person.query(on: req.db).inSchool(of: actor).filter(\.$id ~~ managerIDs).all()
            rows = coverage.outstanding.compactMap { entry in
                guard let person = people[entry.id] else { return nil }
                return PersonRow(
                    id: entry.id.uuidString, name: "\(person.surname), \(person.forename)", group: person.kind.title,
                    status: Self.describe(entry.status), overdue: entry.status.isOverdue,
                    lineManager: managers.first { $0.id == person.$lineManager.id }?.fullName ?? "")
            }
        }
        var contacts = 0
        if let round {
            contacts = try await SelfCheck.query(on: req.db).inSchool(of: actor).filter(\.$round == round.number)
                .filter(\.$contacted == true).count()
        }
        let openHelp = try await SelfCheckHelp.query(on: req.db).inSchool(of: actor).filter(\.$closedAt == nil).count()
        let term = settings.termList.last { round?.opensOn == $0.starts }
        let content = CoverageContent(
            term: term?.name ?? "", deadline: round.map { $0.opensOn.adding(days: $0.deadlineDays).longForm } ?? "",
            groups: Self.askedKinds.map { GroupRow($0.title + "s", coverage.byKind[$0] ?? .init()) },
            total: GroupRow("Everyone", coverage.total), openHelp: openHelp, contacts: contacts, names: names,
            outstanding: rows)
        return try await req.page("selfchecks/coverage", title: "Privacy checks this term", content)
    }
}
