// `steward school time-zone --school SLUG [--set ZONE]`: shows or sets a school's time zone.

import Fluent
import StewardCore
import Vapor

struct SchoolTimeZoneCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "school", help: "The school's short name (slug), e.g. st-cleopas")
        var school: String?
        @Option(name: "set", help: "An IANA time zone such as Europe/London; leave out to show the current one")
        var zone: String?
    }

    var help: String {
        "Show or set the time zone of a school's dates, deadlines and 07:00 mail (default Europe/London)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        guard let slug = signature.school, let school = try await School.query(on: db).filter(\.$slug == slug).first()
        else {
            context.console.error("--school: give the short name of an existing school.")
            throw CommandExit(64)
        }
        guard let raw = signature.zone else {
            context.console.print(school.timeZone)
            return
        }
        guard let clock = SchoolClock(identifier: raw) else {
            context.console.error(
                "'\(String(raw.prefix(64)))' is not a time zone Steward knows. Use a name such as Europe/London.")
            throw CommandExit(64)
        }
        let schoolID = try school.requireID()
        let before = school.timeZone
        try await AuditLog.write(on: db, context: .command("school time-zone", context.application)) { db, audit in
            try await School.query(on: db).filter(\.$id == schoolID).set(\.$timeZone, to: clock.identifier).update()
            try await audit.append(
                "school.time_zone_changed", schoolID: schoolID, details: ["from": before, "to": clock.identifier])
        }
        // Morning mail moves to the new clock from its next run.
        try await Jobs.rescheduleSchoolTime(schoolID: schoolID, clock: clock, on: db)
        context.console.print("\(school.name) now keeps \(clock.identifier) time.")
    }
}
