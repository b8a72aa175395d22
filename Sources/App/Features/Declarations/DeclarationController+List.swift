// The declarations page: this year's confirmation, the person's own declarations, those routed or passed to them,
// and (for the headteacher and HR) every declaration of the school they may see.

import Fluent
import StewardCore
import Vapor

extension DeclarationController {
    struct Row: Encodable, Sendable {
        var id: String
        var who: String
        var nature: String
        var since: String
        var status: String
        var declarer: String
        var closed: Bool
    }

    struct Confirmation: Encodable, Sendable {
        var year: Int
        var status: String
        var overdue: Bool
        var met: Bool
        var lastConfirmed: String
        var openCount: Int
    }

    struct IndexContent: Encodable, Sendable {
        var confirmation: Confirmation?
        var canDeclare: Bool
        var mine: [Row]
        var toReview: [Row]
        var school: [Row]
        var showSchool: Bool
        var canSeeFigures: Bool
        var canManage: Bool
    }

    /// How a party reads in a list: "Pupil: Amy Smith, Oak" or "Parent or carer: Jo Smith (Amy Smith, Oak)".
    static func who(_ declaration: Declaration) -> String {
        switch declaration.partyKind {
        case .pupil: "Pupil: \(declaration.partyPupilLabel)"
        case .parent: "Parent or carer: \(declaration.partyName) (of \(declaration.partyPupilLabel))"
        case .colleague: "Colleague: \(declaration.partyName)"
        case .governor: "Governor: \(declaration.partyName)"
        case .contractor: "Contractor: \(declaration.partyName)"
        case .other: declaration.partyName
        }
    }

    static func rows(_ declarations: [Declaration], on db: any Database) async throws -> [Row] {
        let ids = Set(declarations.map(\.declarerID))
        let people = ids.isEmpty ? [] : try await Person.query(on: db).filter(\.$id ~~ ids).all()
        return try declarations.map { d in
            Row(
                id: try d.requireID().uuidString, who: who(d), nature: d.nature.title,
                since: d.sinceDate?.longForm ?? d.since, status: status(d),
                declarer: people.first { $0.id == d.declarerID }?.fullName ?? "", closed: d.isClosed)
        }
    }

    /// Where `person` stands with this year's confirmation (nil when they are not asked, such as a governor).
    static func confirmation(
        for person: Person, schoolID: UUID, on db: any Database, today: CalendarDate
    ) async throws -> (ObligationRound, ObligationStatus, [DeclarationConfirmation]) {
        let round = try await DeclarationSettings.of(schoolID, on: db).round(today: today)
        let done = try await DeclarationConfirmation.query(on: db).inSchool(schoolID)
            .filter(\.$personID == person.requireID()).sort(\.$confirmedAt, .descending).all()
        let status = Obligations.status(
            in: round, met: Set(done.map(\.year)), kind: person.kind,
            startDate: person.startDate.flatMap(CalendarDate.init(parsing:)), today: today,
            starterDays: DeclarationRules.starterDays)
        return (round, status, done)
    }

    func index(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let today = Display.today
        let canDeclare = AccessPolicy.can(actor, .declare) == .allowed
        var confirmation: Confirmation?
        let mine = try await Declaration.query(on: req.db).inSchool(of: actor)
            .filter(\.$declarerID == actor.personID).sort(\.$createdAt, .descending).all()
        let open = mine.filter { !$0.isClosed }
        if canDeclare {
            let (round, status, done) = try await Self.confirmation(
                for: person, schoolID: actor.schoolID, on: req.db, today: today)
            if status != .notRequired {
                let text: String =
                    switch status {
                    case .met:
                        "You confirmed your declarations for \(round.number) on \(Display.date(done.first?.confirmedAt)). Thank you."
                    case .due(let deadline): "Please confirm by \(deadline.longForm)."
                    case .overdue: PolicyController.describeForOthers(status) + "."
                    case .notRequired: ""
                    }
                confirmation = Confirmation(
                    year: round.number, status: text, overdue: status.isOverdue,
                    met: !status.isOutstanding, lastConfirmed: Display.date(done.first?.confirmedAt),
                    openCount: open.count)
            }
        }
        let routed = try await Declarations.routedTo(actor, on: req.db)
        let showSchool = !actor.roles.isDisjoint(with: [.headteacher, .hr])
        var school: [Declaration] = []
        if showSchool {
            let all = try await Declaration.query(on: req.db).inSchool(of: actor).filter(\.$closedOn == nil)
                .sort(\.$createdAt, .descending).all()
            school = all.filter { Declarations.canSee($0, actor) && $0.declarerID != actor.personID }
        }
        // Reading others' declarations in a list is audited like opening one; how many is not written down (the
        // count would tell others of declarations they may not see).
        if !school.isEmpty || !routed.isEmpty {
            try await req.write { _, audit in try await audit.append("declaration.list_viewed") }
        }
        let content = IndexContent(
            confirmation: confirmation, canDeclare: canDeclare, mine: try await Self.rows(mine, on: req.db),
            toReview: try await Self.rows(routed, on: req.db), school: try await Self.rows(school, on: req.db),
            showSchool: showSchool,
            canSeeFigures: AccessPolicy.can(actor, .viewObligationFigures) == .allowed,
            canManage: AccessPolicy.can(actor, .manageObligations) == .allowed)
        let done = req.query[String.self, at: "done"] ?? ""
        let notices = [
            "confirmed": "Thank you: your declarations are confirmed for this year.",
            "nil-return": "Thank you: you have told us you have nothing to declare this year.",
            "settings":
                "Saved. This year's confirmation now runs from the 1st of the month you chose; what staff already "
                + "confirmed this year still counts.",
        ]
        return try await req.page("declarations/index", title: "Declarations", content, notice: notices[done])
    }

    struct ConfirmForm: Content {
        /// `accurate` (my open declarations are still right) or `nothing` (a nil return).
        var answer: String?
    }

    /// This year's confirmation: "still accurate" needs at least one open declaration, a nil return needs none.
    /// Once a year; a second press is a no-op.
    func confirm(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let form = try req.content.decode(ConfirmForm.self)
        let today = Display.today
        let (round, status, _) = try await Self.confirmation(
            for: person, schoolID: actor.schoolID, on: req.db, today: today)
        guard status != .notRequired else {
            throw Abort(.badRequest, reason: "You are not asked to confirm declarations.")
        }
        guard let answer = form.answer, ["accurate", "nothing"].contains(answer) else {
            throw Abort(.badRequest, reason: "Choose whether your declarations are accurate or you have none.")
        }
        let year = round.number
        let recorded = try await req.write { db, audit -> Bool in
            let already = try await DeclarationConfirmation.query(on: db).inSchool(of: actor)
                .filter(\.$personID == actor.personID).filter(\.$year == year).first()
            if already != nil { return true }
            let open = try await Declaration.query(on: db).inSchool(of: actor).filter(\.$declarerID == actor.personID)
                .filter(\.$closedOn == nil).count()
            if answer == "nothing", open > 0 { return false }
            if answer == "accurate", open == 0 { return false }
            try await DeclarationConfirmation(
                schoolID: actor.schoolID, personID: actor.personID, year: year, nilReturn: answer == "nothing",
                openCount: open
            ).create(on: db)
            try await audit.append(
                "declaration.confirmed", target: "person:\(actor.personID.uuidString)",
                details: ["year": String(year)])
            return true
        }
        guard recorded else {
            throw Abort(
                .badRequest,
                reason: answer == "nothing"
                    ? "You have open declarations, so this cannot be a nil return. Close any that have ended first."
                    : "You have no open declarations: choose “I have nothing to declare”.")
        }
        return req.redirect(
            to: DeclarationPaths.list() + (answer == "nothing" ? "?done=nil-return" : "?done=confirmed"),
            redirectType: .normal)
    }
}
