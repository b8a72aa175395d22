// Each school's screener, built from its roster, staff and terms once and rebuilt only when one of them changes.

import Fluent
import Foundation
import NIOConcurrencyHelpers
import StewardCore
import Vapor

/// Each school's screener, kept between requests: built from the database once, rebuilt when the school's screening
/// generation moves on (a roster import, a change of staff, new terms). The generation lives in the database, so
/// every app instance of a trust sees the change.
final class SchoolScreening: Sendable {
    struct Built: Sendable {
        var generation: Int
        var screener: Screener
        var clauses: ClauseMap
        var policyID: UUID?
    }

    private let built = NIOLockedValueBox<[UUID: Built]>([:])

    /// The school's screener as it is now, building it if the roster, staff or terms changed since last time.
    func screener(for schoolID: UUID, on db: any Database) async throws -> Built {
        let settings = try await Self.settings(for: schoolID, on: db)
        if let cached = built.withLockedValue({ $0[schoolID] }), cached.generation == settings.generation {
            return cached
        }
        let fresh = try await build(schoolID: schoolID, settings: settings, on: db)
        built.withLockedValue { $0[schoolID] = fresh }
        return fresh
    }

    /// Builds a school's screener from the database, without keeping it (the benchmark times this).
    func build(schoolID: UUID, settings: ScreeningSettings, on db: any Database) async throws -> Built {
        let pupils = try await RosterPupil.query(on: db).inSchool(schoolID).all().map(\.pupil)
        let staff = try await Person.active(in: schoolID, on: db)
            .map { StaffMember(forename: $0.forename, surname: $0.surname) }
        let terms = (try? ScreeningTerms(parsing: settings.terms)) ?? ScreeningTerms()
        let context = ScreeningContext(pupils: pupils, staff: staff, terms: terms)
        return Built(
            generation: settings.generation, screener: Screener(context: context), clauses: settings.clauses,
            policyID: settings.policyID)
    }

    /// The school's settings row, created with the defaults the first time it is asked for.
    static func settings(for schoolID: UUID, on db: any Database) async throws -> ScreeningSettings {
        if let found = try await ScreeningSettings.query(on: db).inSchool(schoolID).first() { return found }
        let fresh = ScreeningSettings(schoolID: schoolID)
        do {
            try await fresh.create(on: db)
            return fresh
        } catch {
            // Two requests raced to create it: the other one won.
            if let found = try await ScreeningSettings.query(on: db).inSchool(schoolID).first() { return found }
            throw error
        }
    }

    /// Tells every instance that the school's roster, staff or terms changed: call in the write that changed them.
    static func changed(_ schoolID: UUID, on db: any Database) async throws {
        let settings = try await settings(for: schoolID, on: db)
        settings.generation += 1
        try await settings.update(on: db)
    }
}

extension ScreeningSettings {
    /// The clause each kind of finding cites: the school's map over St Cleopas's numbers.
    var clauses: ClauseMap {
        (try? JSONDecoder().decode(ClauseMap.self, from: Data(clauseMap.utf8))) ?? .standard
    }
}
