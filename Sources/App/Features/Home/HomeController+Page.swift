// What the home page shows: the view model, as the template reads it.

import Fluent
import SQLKit
import StewardCore
import Vapor

extension HomeController {
    struct HomeContent: Encodable, Sendable {
        var forename: String
        var roles: [String]
        var kind: String
        var twoFactorEnabled: Bool
        var twoFactorOffered: Bool
        var links: [NavItem]
        /// What each feature has waiting for this person, most pressing and newest first.
        var work: [WorkItem]
        /// The current school's figures this person may see (governors, the headteacher, trust administrators).
        var figures: [HomeFigure]
        /// For a trust administrator of several schools: every school side by side.
        var schools: [SchoolFigures]
        /// The column headings of that table: every school offers the same figures.
        var figureTitles: [String] { schools.first?.figures.map(\.title) ?? [] }

        enum CodingKeys: String, CodingKey {
            case forename, roles, kind, twoFactorEnabled, twoFactorOffered, links, work, figures, schools, figureTitles
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(forename, forKey: .forename)
            try container.encode(roles, forKey: .roles)
            try container.encode(kind, forKey: .kind)
            try container.encode(twoFactorEnabled, forKey: .twoFactorEnabled)
            try container.encode(twoFactorOffered, forKey: .twoFactorOffered)
            try container.encode(links, forKey: .links)
            try container.encode(work, forKey: .work)
            try container.encode(figures, forKey: .figures)
            try container.encode(schools, forKey: .schools)
            try container.encode(figureTitles, forKey: .figureTitles)
        }
    }

    /// One school's row in a trust administrator's table.
    struct SchoolFigures: Encodable, Equatable, Sendable {
        var id: String
        var name: String
        var current: Bool
        var figures: [HomeFigure]
    }

    /// The kept parts of `actor`'s home page: each feature's whose work follows the audit log, in the features' order,
    /// and the table of schools for a trust administrator of several.
    static func partNames(for actor: Actor) -> [String] {
        let features = Features.all.filter(\.workFollowsTheAuditLog).map(\.name)
        return actor.schools(where: [.trustAdmin]).count > 1 ? features + [HomeCache.trustPart] : features
    }

    /// Makes the parts `names` of `actor`'s home page afresh and keeps them, made when the audit log's head was at
    /// `stamp`; without a stamp (no audit head) nothing is kept, and id 0 marks a part made for one page only.
    static func remake(
        _ names: [String], for actor: Actor, person: Person, stamp: Int64?, into cache: HomeCache,
        on db: any Database
    ) async throws -> [String: HomeCache.Kept] {
        // Nothing is written while the parts are read, so the features share what more than one of them reads.
        let made = try await ReadMemo.sharing {
            var made: [String: HomeCache.Part] = [:]
            for name in names { made[name] = try await part(name, for: actor, person: person, on: db) }
            return made
        }
        return made.reduce(into: [:]) { kept, pair in
            let id = cache.keep(pair.value, pair.key, for: HomeCache.Key(actor), stamp: stamp) ?? 0
            kept[pair.key] = HomeCache.Kept(part: pair.value, id: id)
        }
    }

    /// The part `name` of `actor`'s home page, read afresh.
    static func part(
        _ name: String, for actor: Actor, person: Person, on db: any Database
    ) async throws -> HomeCache.Part {
        if name == HomeCache.trustPart { return HomeCache.Part(schools: try await trustSchools(for: actor, on: db)) }
        guard let feature = Features.all.first(where: { $0.name == name }) else { return HomeCache.Part() }
        return HomeCache.Part(
            work: try await feature.work(for: actor, person: person, on: db),
            figures: try await feature.figures(for: actor, schoolID: actor.schoolID, on: db))
    }

    /// Every feature's figures about `schoolID` that `actor` may see there, on that school's clock.
    static func figures(for actor: Actor, schoolID: UUID, _ db: any Database) async throws -> [HomeFigure] {
        var figures: [HomeFigure] = []
        for feature in Features.all { figures += try await feature.figures(for: actor, schoolID: schoolID, on: db) }
        return figures
    }

    /// The schools a trust administrator looks after, each with its figures, when there is more than one.
    static func trustSchools(for actor: Actor, on db: any Database) async throws -> [SchoolFigures] {
        let ids = actor.schools(where: [.trustAdmin])
        guard ids.count > 1 else { return [] }
        var rows: [SchoolFigures] = []
        for school in try await School.query(on: db).filter(\.$id ~~ Array(ids)).sort(\.$name).all() {
            let id = try school.requireID()
            let figures = try await Display.$clock.withValue(school.clock) {
                try await Self.figures(for: actor, schoolID: id, db)
            }
            rows.append(
                SchoolFigures(id: id.uuidString, name: school.name, current: id == actor.schoolID, figures: figures))
        }
        return rows
    }
}
