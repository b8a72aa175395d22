// The seam every feature implements: its routes, its navigation, its recurring work, what it holds about a person
// and how long it keeps things. The platform and records management ask every feature the same questions.

import Fluent
import StewardCore
import Vapor

protocol Feature: Sendable {
    /// A short, stable name, used in subject-access exports and retention reports.
    var name: String { get }

    /// Registers the feature's pages (session, form token and access checks in front) and API routes (bearer
    /// tokens and access checks in front).
    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws

    /// The feature's entries in the navigation, each shown only to those its action allows.
    var navigation: [NavigationEntry] { get }

    /// Work that recurs on its own, with what it does.
    var recurringJobs: [RecurringJob] { get }

    /// Kinds of one-off background job the feature queues, with what each does.
    var jobs: [String: JobHandler] { get }

    /// The feature's records that name a person, and how to read them.
    var personalData: [PersonalData] { get }

    /// How long the feature keeps each kind of record, and what removes it when that time is up.
    var retention: [RetentionRule] { get }

    /// The feature's records that lines of the retention schedule cover: when each may go, and how to remove them
    /// (the daily purge, `RecordsPurge`, decides when, and keeps what a legal hold covers).
    var scheduledRecords: [ScheduledRecords] { get }

    /// What follows, for this feature, from a change to the school's people or pupils (inside the same write).
    func react(to change: SchoolChange, on db: any Database, audit: AuditWriter) async throws

    /// The person's own work in this feature, for the top of their home page.
    func work(for actor: Actor, person: Person, on db: any Database) async throws -> [WorkItem]

    /// Whether everything the feature's work depends on changes only by audited writes, so the home page may keep it
    /// until the audit log moves (`HomeCache`). False for work that changes unaudited (mail the outbox could not
    /// deliver): it is read afresh for every home page.
    var workFollowsTheAuditLog: Bool { get }

    /// The feature's figures about `schoolID` that `actor` may see there (none when they may not), for the home pages
    /// of governors, the headteacher and trust administrators.
    func figures(for actor: Actor, schoolID: UUID, on db: any Database) async throws -> [HomeFigure]

    /// The feature's section of the governors' termly report: its counts and how they add up, before the small-number
    /// rule (nil when the feature has nothing to report).
    func reportSection(_ scope: ReportScope, on db: any Database) async throws -> ReportSectionFigures?

    /// Adds the feature's example records to a demo school, so a newcomer sees it working (inside the demo's write).
    func seedDemo(_ school: DemoSchool, on db: any Database, audit: AuditWriter) async throws
}

extension Feature {
    var navigation: [NavigationEntry] { [] }
    var recurringJobs: [RecurringJob] { [] }
    var jobs: [String: JobHandler] { [:] }
    var workFollowsTheAuditLog: Bool { true }
    var personalData: [PersonalData] { [] }
    var retention: [RetentionRule] { [] }
    var scheduledRecords: [ScheduledRecords] { [] }
    func react(to change: SchoolChange, on db: any Database, audit: AuditWriter) async throws {}
    func work(for actor: Actor, person: Person, on db: any Database) async throws -> [WorkItem] { [] }
    func figures(for actor: Actor, schoolID: UUID, on db: any Database) async throws -> [HomeFigure] { [] }
    func reportSection(_ scope: ReportScope, on db: any Database) async throws -> ReportSectionFigures? { nil }
    func seedDemo(_ school: DemoSchool, on db: any Database, audit: AuditWriter) async throws {}
}

extension Features {
    /// Everything every feature holds about `personID`, read as `viewer` may see it; nothing at all when the
    /// person is not in one of the viewer's schools.
    static func heldRecords(about personID: UUID, viewer: Actor, on db: any Database) async throws -> [HeldRecords] {
        guard try await SchoolScope.find(Person.self, personID, for: viewer, on: db) != nil else { return [] }
        var held: [HeldRecords] = []
        for feature in all {
            for source in feature.personalData {
                let rows = try await source.read(personID, viewer, db)
                held.append(
                    HeldRecords(feature: feature.name, title: source.title, rows: rows, handling: source.handling))
            }
        }
        return held
    }

    /// Every feature's section of a report, in the features' order, with the small-number rule applied to them all
    /// at once.
    static func report(_ scope: ReportScope, on db: any Database) async throws -> ReportContent {
        ReportContent(try await sections(scope, on: db))
    }

    /// A trust's report: every feature's section over all of `schools` together, then a table comparing the schools,
    /// each counted as its own report would count it; the rule applied to all of it at once.
    static func trustReport(
        _ scope: ReportScope, schools: [(id: UUID, name: String)], on db: any Database
    ) async throws -> ReportContent {
        let trust = try await sections(scope, on: db)
        var each: [(name: String, sections: [ReportSectionFigures])] = []
        for school in schools {
            var own = scope
            own.schoolIDs = [school.id]
            each.append((school.name, try await sections(own, on: db)))
        }
        return ReportContent(trust + [ReportComparison.section(trust: trust, schools: each)])
    }

    private static func sections(_ scope: ReportScope, on db: any Database) async throws -> [ReportSectionFigures] {
        var sections: [ReportSectionFigures] = []
        for feature in all {
            if let section = try await feature.reportSection(scope, on: db) { sections.append(section) }
        }
        return sections
    }

    /// Every recurring job of every feature.
    static var recurringJobs: [RecurringJob] { all.flatMap(\.recurringJobs) }

    /// Every retention rule of every feature.
    static var retention: [RetentionRule] { all.flatMap(\.retention) }

    /// Every feature's records under the retention schedule.
    static var scheduledRecords: [ScheduledRecords] { all.flatMap(\.scheduledRecords) }

    /// Every navigation entry of every feature, in order.
    static var navigation: [NavigationEntry] { all.flatMap(\.navigation).sorted { $0.order < $1.order } }
}
