// The termly privacy self-check (policy 4.1–4.3): staff check their settings on each platform they use, ask the
// online-safety lead for help, and report contact from pupils or families; the headteacher and governors see
// coverage.

import Fluent
import StewardCore
import Vapor

struct SelfChecksFeature: Feature {
    let name = "self-checks"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: SelfCheckController())
        try api.register(collection: SelfCheckAPIController())
    }

    var navigation: [NavigationEntry] {
        [
            NavigationEntry(
                title: "Privacy check", path: SelfCheckPaths.list(), action: .completeSelfCheck, order: 13)
        ]
    }

    var recurringJobs: [RecurringJob] {
        [
            RecurringJob(kind: SelfCheckReminders.dailyKind, schedule: .schoolTime(hour: 7, weekday: nil)) { job, app in
                try await Jobs.forSchool(job, app) { school, schoolID in
                    try await SelfCheckReminders.run(app: app, schoolID: schoolID, today: school.clock.date(of: Date()))
                }
            }
        ]
    }

    func work(for actor: Actor, person: Person, on db: any Database) async throws -> [WorkItem] {
        var items: [WorkItem] = []
        let settings = try await SelfCheckSettings.of(actor.schoolID, on: db)
        let today = Display.today
        if AccessPolicy.can(actor, .completeSelfCheck) == .allowed, let term = settings.openTerm(on: today) {
            let mine = try await SelfCheck.query(on: db).inSchool(of: actor).filter(\.$personID == actor.personID)
                .filter(\.$round == term.starts.dayNumber).count()
            let status = Obligations.status(
                in: settings.round(on: today), met: mine > 0 ? [term.starts.dayNumber] : [], kind: person.kind,
                startDate: person.startDate.flatMap(CalendarDate.init(parsing:)), today: today)
            if status.isOutstanding {
                items.append(
                    WorkItem(
                        title: "Complete this term's privacy check", href: SelfCheckPaths.list(),
                        status: SelfCheckController.describe(status), urgent: status.isOverdue))
            }
        }
        // Said "yes, a pupil or their family contacted me" (4.3) but has not reported it since: until they do.
        if let contacted = try await SelfCheck.query(on: db).inSchool(of: actor).filter(\.$personID == actor.personID)
            .filter(\.$contacted == true).sort(\.$completedAt, .descending).first()
        {
            let reported = try await Case.query(on: db).inSchool(of: actor).filter(\.$reporterID == actor.personID)
                .filter(\.$category == .contactFromPupilOrFamily).filter(\.$createdAt >= contacted.completedAt)
                .count()
            if reported == 0 {
                items.append(
                    WorkItem(
                        title: "Report the contact from a pupil or their family",
                        href: ConcernPaths.new()
                            + "?category=\(ConcernCategory.contactFromPupilOrFamily.rawValue)&from=self-check",
                        status:
                            "You said so in your privacy check on \(Display.date(contacted.completedAt)) (clause 4.3)",
                        urgent: true))
            }
        }
        if try await SelfChecks.mayFollowUp(actor, schoolID: actor.schoolID, settings: settings, on: db) {
            let open = try await SelfCheckHelp.query(on: db).inSchool(of: actor).filter(\.$closedAt == nil).count()
            if open > 0 {
                items.append(
                    WorkItem(
                        title: open == 1
                            ? "A colleague asked for help with their privacy settings"
                            : "\(open) colleagues asked for help with their privacy settings",
                        href: SelfCheckPaths.help(), status: "Follow up and close", urgent: false))
            }
        }
        return items
    }

    func seedDemo(_ school: DemoSchool, on db: any Database, audit: AuditWriter) async throws {
        try await SelfChecksDemo.seed(school, on: db, audit: audit)
    }

    var personalData: [PersonalData] {
        [
            PersonalData(title: "Privacy checks they completed", table: "self_checks", column: "person_id") {
                id, viewer, db in
                try await SelfCheck.query(on: db).filter(\.$personID == id).inSchools(viewer.schoolIDs)
                    .sort(\.$completedAt).all().filter { Self.mayRead($0.schoolID, of: $0.personID, viewer) }.map {
                        [
                            "term": $0.termName, "completed": Display.time($0.completedAt),
                            "platforms": $0.platforms, "answers": $0.answers, "contacted": $0.contacted ? "yes" : "no",
                            "note": $0.note,
                        ]
                    }
            },
            PersonalData(
                title: "Help they asked for with privacy settings", table: "self_check_help", column: "person_id",
                handling: .review("the colleague who helped, and their closing note")
            ) {
                id, viewer, db in
                try await SelfCheckHelp.query(on: db).filter(\.$personID == id).inSchools(viewer.schoolIDs)
                    .sort(\.$createdAt).all().filter { Self.mayRead($0.schoolID, of: $0.personID, viewer) }.map {
                        [
                            "asked": Display.time($0.createdAt), "items": $0.items, "closed": Display.time($0.closedAt),
                            "note": $0.closeNote ?? "",
                        ]
                    }
            },
            PersonalData(
                title: "Requests for help routed to them", table: "self_check_help", column: "lead_id",
                handling: .review("the colleagues who asked for help")
            ) {
                id, viewer, db in
                try await SelfCheckHelp.query(on: db).filter(\.$leadID == id).inSchools(viewer.schoolIDs)
                    .sort(\.$createdAt).all().filter { Self.mayRead($0.schoolID, of: $0.personID, viewer) }
                    .map { ["asked": Display.time($0.createdAt)] }
            },
            PersonalData(
                title: "Requests for help they closed", table: "self_check_help", column: "closed_by",
                handling: .review("the colleagues who asked for help")
            ) {
                id, viewer, db in
                try await SelfCheckHelp.query(on: db).filter(\.$closedBy == id).inSchools(viewer.schoolIDs)
                    .sort(\.$createdAt).all().filter { Self.mayRead($0.schoolID, of: $0.personID, viewer) }.map {
                        ["closed": Display.time($0.closedAt), "note": $0.closeNote ?? ""]
                    }
            },
            PersonalData(title: "Named the online-safety lead", table: "self_check_settings", column: "lead_id") {
                id, viewer, db in
                try await SelfCheckSettings.query(on: db).filter(\.$leadID == id).inSchools(viewer.schoolIDs).all()
                    .map { ["since": Display.time($0.updatedAt)] }
            },
            PersonalData(
                title: "Privacy check settings they changed", table: "self_check_settings", column: "updated_by"
            ) { id, viewer, db in
                try await SelfCheckSettings.query(on: db).filter(\.$updatedBy == id).inSchools(viewer.schoolIDs).all()
                    .map { ["at": Display.time($0.updatedAt)] }
            },
        ]
    }

    /// A check, and a request for help, are read only by the person who made it and the school's headteacher (the
    /// online-safety lead sees requests on their own page): the same rule here as on the pages.
    static func mayRead(_ schoolID: UUID, of personID: UUID, _ viewer: Actor) -> Bool {
        viewer.personID == personID || (viewer.rolesBySchool[schoolID]?.contains(.headteacher) ?? false)
    }

    var retention: [RetentionRule] {
        [
            RetentionRule(
                key: "self_checks", records: "Privacy self-checks and requests for help with privacy settings",
                period: nil,
                after: "kept under the retention schedule (Records kept), counted from when the person leaves",
                purge: nil)
        ]
    }
}
