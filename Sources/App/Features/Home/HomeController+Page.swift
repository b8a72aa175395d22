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
    struct SchoolFigures: Encodable, Sendable {
        var id: String
        var name: String
        var current: Bool
        var figures: [HomeFigure]
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
