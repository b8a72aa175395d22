// Declarations of relationships with people connected to the school (policy 1.5): made to the line manager,
// confirmed every year, seen only by those the issue names.

import Fluent
import StewardCore
import Vapor

struct DeclarationsFeature: Feature {
    let name = "declarations"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: DeclarationController())
        try api.register(collection: DeclarationAPIController())
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(title: "Declarations", path: DeclarationPaths.list(), action: .viewDeclarations, order: 12)]
    }

    var recurringJobs: [RecurringJob] {
        [
            RecurringJob(kind: DeclarationReminders.kind, schedule: .schoolTime(hour: 7, weekday: nil)) { job, app in
                try await Jobs.forSchool(job, app) { school, schoolID in
                    try await DeclarationReminders.run(
                        app: app, schoolID: schoolID, today: school.clock.date(of: Date()))
                }
            }
        ]
    }

    func react(to change: SchoolChange, on db: any Database, audit: AuditWriter) async throws {
        if case .left(let personID, let schoolID) = change {
            try await DeclarationReminders.reroute(from: personID, schoolID: schoolID, on: db, audit: audit)
        }
    }

    func work(for actor: Actor, person: Person, on db: any Database) async throws -> [WorkItem] {
        var items: [WorkItem] = []
        let today = Display.today
        if AccessPolicy.can(actor, .declare) == .allowed {
            let (round, status, _) = try await DeclarationController.confirmation(
                for: person, schoolID: actor.schoolID, on: db, today: today)
            switch status {
            case .due(let deadline):
                items.append(
                    WorkItem(
                        title: "Confirm your declarations for \(round.number)", href: DeclarationPaths.list(),
                        status: "Due by \(deadline.longForm)", urgent: false))
            case .overdue:
                items.append(
                    WorkItem(
                        title: "Confirm your declarations for \(round.number)", href: DeclarationPaths.list(),
                        status: PolicyController.describeForOthers(status), urgent: true))
            default: break
            }
        }
        let routed = try await Declarations.routedTo(actor, on: db)
        let reviewing = try await Declaration.query(on: db).inSchool(of: actor).filter(\.$closedOn == nil)
            .filter(\.$outcome == .plan).filter(\.$reviewOn <= today.adding(days: 7).description).all()
            .filter { Declarations.isReviewer($0, actor) && Declarations.canSee($0, actor) }
        let ids = Set((routed + reviewing).map(\.declarerID))
        let people = ids.isEmpty ? [] : try await Person.query(on: db).filter(\.$id ~~ ids).all()
        func declarer(_ d: Declaration) -> String { people.first { $0.id == d.declarerID }?.fullName ?? "a colleague" }
        for d in routed {
            let passed = Declarations.isPassedTo(d, actor)
            items.append(
                WorkItem(
                    title: passed
                        ? "A declaration passed to you, from \(declarer(d))"
                        : "Review a declaration from \(declarer(d))",
                    href: DeclarationPaths.show(try d.requireID()),
                    status: "Declared \(Display.date(d.createdAt))", urgent: false))
        }
        for d in reviewing {
            let due = d.reviewOn.flatMap(CalendarDate.init(parsing:))
            items.append(
                WorkItem(
                    title: "Review the plan agreed with \(declarer(d))", href: DeclarationPaths.show(try d.requireID()),
                    status: "Review by \(due?.longForm ?? "")", urgent: due.map { $0 < today } ?? false))
        }
        return items
    }

    func seedDemo(_ school: DemoSchool, on db: any Database, audit: AuditWriter) async throws {
        try await DeclarationsDemo.seed(school, on: db, audit: audit)
    }

    /// Of `declarations`, those `viewer` may see by their own rule.
    static func visible(_ declarations: [Declaration], to viewer: Actor) -> [Declaration] {
        declarations.filter { Declarations.canSee($0, viewer) }
    }

    var personalData: [PersonalData] {
        @Sendable func rows(_ ds: [Declaration]) -> [[String: String]] {
            ds.map {
                [
                    "declared": Display.time($0.createdAt), "party": $0.partyKind.rawValue, "name": $0.partyName,
                    "pupil": $0.partyPupilLabel, "nature": $0.nature.rawValue, "detail": $0.detail, "since": $0.since,
                    "platforms": $0.platforms, "outcome": $0.outcome?.rawValue ?? "", "closed_on": $0.closedOn ?? "",
                ]
            }
        }
        return [
            PersonalData(
                title: "Relationships they declared", table: "declarations", column: "declarer_id",
                handling: .review("the person the relationship is with, who may be a pupil or parent")
            ) {
                id, viewer, db in
                rows(
                    Self.visible(
                        try await Declaration.query(on: db).filter(\.$declarerID == id).inSchools(viewer.schoolIDs)
                            .sort(\.$createdAt).all(), to: viewer))
            },
            PersonalData(
                title: "Declarations naming them", table: "declarations", column: "party_person_id",
                handling: .decide("a declaration about them is never shown to them: its declarer and its content")
            ) {
                id, viewer, db in
                rows(
                    Self.visible(
                        try await Declaration.query(on: db).filter(\.$partyPersonID == id).inSchools(viewer.schoolIDs)
                            .sort(\.$createdAt).all(), to: viewer))
            },
            PersonalData(
                title: "Declarations routed to them", table: "declarations", column: "reviewer_id",
                handling: .review("the colleagues who declared relationships")
            ) {
                id, viewer, db in
                Self.visible(
                    try await Declaration.query(on: db).filter(\.$reviewerID == id).inSchools(viewer.schoolIDs)
                        .sort(\.$createdAt).all(), to: viewer
                ).map { ["declaration": $0.id?.uuidString ?? "", "declared": Display.time($0.createdAt)] }
            },
            PersonalData(
                title: "Declarations they closed", table: "declarations", column: "closed_by",
                handling: .review("the colleagues who declared relationships")
            ) {
                id, viewer, db in
                Self.visible(
                    try await Declaration.query(on: db).filter(\.$closedBy == id).inSchools(viewer.schoolIDs).all(),
                    to: viewer
                ).map { ["declaration": $0.id?.uuidString ?? "", "closed_on": $0.closedOn ?? ""] }
            },
            PersonalData(
                title: "Declaration outcomes they recorded", table: "declaration_outcomes", column: "recorded_by",
                handling: .review("the colleague whose declaration it was, and the person it named")
            ) { id, viewer, db in
                let outcomes = try await DeclarationOutcome.query(on: db).filter(\.$recordedBy == id)
                    .inSchools(viewer.schoolIDs).sort(\.$recordedAt).all()
                let declarations = try await Declaration.query(on: db)
                    .filter(\.$id ~~ Set(outcomes.map(\.declarationID))).all()
                let seen = Set(Self.visible(declarations, to: viewer).compactMap(\.id))
                return outcomes.filter { seen.contains($0.declarationID) }.map {
                    [
                        "at": Display.time($0.recordedAt), "outcome": $0.kind.rawValue, "text": $0.text,
                        "review_on": $0.reviewOn ?? "",
                    ]
                }
            },
            PersonalData(
                title: "Yearly confirmations of their declarations", table: "declaration_confirmations",
                column: "person_id"
            ) { id, viewer, db in
                try await DeclarationConfirmation.query(on: db).filter(\.$personID == id).inSchools(viewer.schoolIDs)
                    .sort(\.$confirmedAt).all().map {
                        [
                            "year": String($0.year), "nil_return": String($0.nilReturn),
                            "at": Display.time($0.confirmedAt),
                        ]
                    }
            },
            PersonalData(
                title: "Declaration settings they changed", table: "declaration_settings", column: "updated_by"
            ) { id, viewer, db in
                try await DeclarationSettings.query(on: db).filter(\.$updatedBy == id).inSchools(viewer.schoolIDs)
                    .all().map { ["changed": Display.time($0.updatedAt)] }
            },
            PersonalData(
                title: "Reminders about declarations and privacy checks", table: "obligation_reminders",
                column: "person_id"
            ) { id, viewer, db in
                try await ObligationReminder.query(on: db).filter(\.$personID == id).inSchools(viewer.schoolIDs)
                    .sort(\.$sentAt).all().map {
                        [
                            "about": $0.obligation, "round": String($0.round), "kind": $0.kind,
                            "sent": Display.time($0.sentAt),
                        ]
                    }
            },
        ]
    }

    var retention: [RetentionRule] {
        [
            RetentionRule(
                key: "declarations",
                records: "Declarations of relationships, their outcomes, and yearly confirmations and nil returns",
                period: nil,
                after: "kept under the retention schedule (Records kept), counted from when the person leaves",
                purge: nil),
            RetentionRule(
                key: "obligation_reminders", records: "Reminders sent about declarations and privacy checks",
                period: 2 * 365 * 86_400, after: "sent",
                purge: { db, now in
                    try await ObligationReminder.query(on: db)
                        .filter(\.$sentAt < now.addingTimeInterval(-2 * 365 * 86_400)).deleteCounting()
                }),
        ]
    }
}
