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

    /// The feature's records that name a person, and how to read them.
    var personalData: [PersonalData] { get }

    /// How long the feature keeps each kind of record, and what removes it when that time is up.
    var retention: [RetentionRule] { get }
}

extension Feature {
    var navigation: [NavigationEntry] { [] }
    var recurringJobs: [RecurringJob] { [] }
    var personalData: [PersonalData] { [] }
    var retention: [RetentionRule] { [] }
}

/// One entry in the navigation: shown when `action` is allowed, in ascending `order`.
struct NavigationEntry: Sendable {
    var title: String
    var path: String
    var action: Action
    var order: Int
}

/// Work that falls due again and again.
struct RecurringJob: Sendable {
    enum Schedule: Sendable {
        /// One job for the whole instance: first at `firstDue(now)`, then every `seconds`.
        case every(seconds: Int, firstDue: @Sendable (Date) -> Date)
        /// One job per school, at `hour`:00 on the school's own clock every day (on `weekday` only, 0 Sunday …
        /// 6 Saturday, when given), so morning mail goes at 07:00 in London in winter and in summer alike.
        case schoolTime(hour: Int, weekday: Int?)
    }

    var kind: String
    var schedule: Schedule
    /// Runs one job; a school-time job names its school (`job.$school.id`) and runs on that school's clock.
    var run: JobHandler

    /// Seconds between runs, as stored on the job (a recurring job is one with an interval).
    var interval: Int {
        switch schedule {
        case .every(let seconds, _): seconds
        case .schoolTime(_, let weekday): weekday == nil ? 86_400 : 7 * 86_400
        }
    }
}

/// Records of one kind that name a person: the table and column that name them, and how to read them for that
/// person as `viewer` may see them (a confidential record follows its own access rule here too).
struct PersonalData: Sendable {
    var title: String
    var table: String
    var column: String
    var read: @Sendable (_ personID: UUID, _ viewer: Actor, _ db: any Database) async throws -> [[String: String]]
}

/// How long records of one kind are kept: `period` after `after`, then removed by `purge` (which answers how many
/// it removed). A rule with no period keeps its records until the school sets one.
struct RetentionRule: Sendable {
    var key: String
    var records: String
    var period: TimeInterval?
    var after: String
    var purge: (@Sendable (_ db: any Database, _ now: Date) async throws -> Int)?
}

/// What Steward holds about one person, feature by feature.
struct HeldRecords: Sendable, Encodable {
    var feature: String
    var title: String
    var rows: [[String: String]]
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
                held.append(HeldRecords(feature: feature.name, title: source.title, rows: rows))
            }
        }
        return held
    }

    /// Every recurring job of every feature.
    static var recurringJobs: [RecurringJob] { all.flatMap(\.recurringJobs) }

    /// Every retention rule of every feature.
    static var retention: [RetentionRule] { all.flatMap(\.retention) }

    /// Every navigation entry of every feature, in order.
    static var navigation: [NavigationEntry] { all.flatMap(\.navigation).sorted { $0.order < $1.order } }
}
