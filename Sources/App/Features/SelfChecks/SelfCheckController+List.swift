// The privacy check's home: this term's status and deadline, the way in, one's past checks, and links for the lead,
// the headteacher and governors.

import Fluent
import StewardCore
import Vapor

extension SelfCheckController {
    func index(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let today = Display.today
        let settings = try await SelfCheckSettings.of(actor.schoolID, on: req.db)
        let mine = try await SelfCheck.query(on: req.db).inSchool(of: actor).filter(\.$personID == actor.personID)
            .sort(\.$completedAt, .descending).all()
        let open = Self.openTerm(settings, today: today)
        var status = ""
        var overdue = false
        var canStart = false
        if let open {
            let met = Set(mine.map(\.round))
            let round = settings.round(on: today)
            let state = Obligations.status(
                in: round, met: met, kind: person.kind,
                startDate: person.startDate.flatMap(CalendarDate.init(parsing:)), today: today)
            if let done = mine.first(where: { $0.round == open.round }) {
                status = "Done on \(Display.date(done.completedAt))"
            } else {
                status = Self.describe(state)
                overdue = state.isOverdue
                canStart = true
            }
        } else if let next = settings.termList.first(where: { $0.starts > today }) {
            status = "No term is open today. The next check opens on \(next.starts.longForm), when \(next.name) starts."
        } else {
            status = "The school has not set its terms yet: the headteacher sets them in the privacy check's settings."
        }
        var openTasks = 0
        let follows = try await SelfChecks.mayFollowUp(
            actor, schoolID: actor.schoolID, settings: settings, on: req.db)
        if follows {
            openTasks = try await SelfCheckHelp.query(on: req.db).inSchool(of: actor).filter(\.$closedAt == nil)
                .count()
        }
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "completed": "Thank you: your privacy check for this term is saved."
            case "help":
                "Thank you: your privacy check is saved. The online-safety lead has been asked to help you with "
                    + "what you marked “I need help”."
            default: nil
            }
        let content = ListContent(
            term: open?.term.name ?? "", status: status, overdue: overdue, canStart: canStart,
            checks: mine.map {
                CheckRow(
                    id: $0.id?.uuidString ?? "", term: $0.termName, completed: Display.date($0.completedAt),
                    needsHelp: $0.needsHelp)
            }, followsUp: follows, openTasks: openTasks,
            canSeeCoverage: AccessPolicy.can(actor, .viewObligationFigures) == .allowed,
            canManage: AccessPolicy.can(actor, .manageObligations) == .allowed)
        return try await req.page("selfchecks/index", title: "Privacy check", content, notice: notice)
    }

    struct CheckRow: Encodable, Sendable {
        var id: String
        var term: String
        var completed: String
        var needsHelp: Bool
    }

    struct ListContent: Encodable, Sendable {
        var term: String
        var status: String
        var overdue: Bool
        var canStart: Bool
        var checks: [CheckRow]
        var followsUp: Bool
        var openTasks: Int
        var canSeeCoverage: Bool
        var canManage: Bool
    }
}
