// `steward school time-zone --school SLUG [--set ZONE]`: shows or sets a school's time zone.

import Fluent
import StewardCore
import Vapor

/// `steward school time-zone`: shows a school's time zone, or sets it (audited) and moves its morning mail with it.
public struct SchoolTimeZoneCommand: ApplicationCommand {
    public var school: String
    /// The new zone's IANA name; nil to show the current one.
    public var zone: String?

    public init(school: String, zone: String?) {
        self.school = school
        self.zone = zone
    }

    public func run(in app: Application) async throws {
        let db = app.db
        let slug = self.school
        guard let school = try await School.query(on: db).filter(\.$slug == slug).first() else {
            throw CommandFailure.usage("--school: give the short name of an existing school.")
        }
        guard let raw = zone else {
            app.console.print(school.timeZone)
            return
        }
        guard let clock = SchoolClock(identifier: raw) else {
            throw CommandFailure.usage(
                "'\(String(raw.prefix(64)))' is not a time zone Steward knows. Use a name such as Europe/London.")
        }
        let schoolID = try school.requireID()
        let before = school.timeZone
        try await AuditLog.write(on: db, context: .command("school time-zone", app)) { db, audit in
            try await School.query(on: db).filter(\.$id == schoolID).set(\.$timeZone, to: clock.identifier).update()
            try await audit.append(
                "school.time_zone_changed", schoolID: schoolID, details: ["from": before, "to": clock.identifier])
        }
        // Morning mail moves to the new clock from its next run.
        try await Jobs.rescheduleSchoolTime(schoolID: schoolID, clock: clock, on: db)
        app.console.print("\(school.name) now keeps \(clock.identifier) time.")
    }
}
