// Each school's own clock: the time zone its dates, deadlines and morning mail follow (Europe/London unless set).

import Fluent
import FluentSQL
import StewardCore

/// Adds `schools.time_zone`, an IANA zone name such as `Europe/London`; every existing school gets London.
struct AddSchoolTimeZone: AsyncMigration {
    var name: String { "2026-11-30-school-time-zone" }

    func prepare(on database: any Database) async throws {
        try await database.schema("schools")
            .field("time_zone", .string, .required, .sql(.default(SchoolClock.defaultIdentifier)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("schools").deleteField("time_zone").update()
    }
}
