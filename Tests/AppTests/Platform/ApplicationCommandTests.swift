// The operator's commands as the command line hands them over once it has parsed their options (issue 19, item 10):
// their work in the configured application, and the message and exit status of everything the operator can fix.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Application commands")
struct ApplicationCommandTests {
    /// Runs `command` and answers the failure it was refused with, or nil if it was not.
    static func failure(_ command: some ApplicationCommand, in app: Application) async -> CommandFailure? {
        do {
            try await command.run(in: app)
            return nil
        } catch let failure as CommandFailure {
            return failure
        } catch {
            Issue.record("\(error)")
            return nil
        }
    }

    @Test("A school's time zone is set, audited and kept, and the audit log still verifies")
    func work() async throws {
        try await withSteward { app, _ in
            try await SchoolTimeZoneCommand(school: "st-cleopas", zone: "Europe/Dublin").run(in: app)

            try await AuditVerifyCommand().run(in: app)
            let school = try await School.query(on: app.db).filter(\.$slug == "st-cleopas").first()
            #expect(school?.timeZone == "Europe/Dublin")
            let audited = try await AuditEntry.query(on: app.db).filter(\.$action == "school.time_zone_changed").count()
            #expect(audited == 1)
        }
    }

    @Test("What the operator can fix is refused with a message: 64 a bad value, 65 bad data, 66 no file, 1 no one")
    func failures() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("steward-commands-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let badStaff = dir.appendingPathComponent("staff.csv").path
        try Data("Forename,Surname,Email\nAnn,Lee,not-an-address\n".utf8).write(to: URL(fileURLWithPath: badStaff))
        let missing = dir.appendingPathComponent("missing").path

        try await withSteward { app, _ in
            let cases: [(any ApplicationCommand, Int32, String)] = [
                (SchoolTimeZoneCommand(school: "st-cleopas", zone: "BST"), 64, "not a time zone"),
                (SchoolTimeZoneCommand(school: "nowhere", zone: nil), 64, "--school"),
                (TokenCreateCommand(email: "not-an-email", name: "MIS", days: nil), 64, "--email"),
                (TokenCreateCommand(email: "hr@stcleopas.example.org", name: "MIS", days: 5), 64, "--days"),
                (TokenCreateCommand(email: "nobody@example.org", name: "MIS", days: nil), 1, "nobody@example.org"),
                (MailTestCommand(to: "office@example.org", count: 0), 64, "--count"),
                (
                    ImportPeopleCommand(school: "st-cleopas", file: missing, dryRun: true, full: false), 64,
                    "Cannot read"
                ),
                (ImportPeopleCommand(school: "st-cleopas", file: badStaff, dryRun: true, full: false), 65, "line 2"),
                (ImportPupilsCommand(school: "nowhere", file: badStaff, dryRun: true, full: false), 64, "nowhere"),
                (
                    PolicyImportCommand(school: "st-cleopas", file: missing, publish: false, minor: nil, deadline: nil),
                    66, "Cannot read"
                ),
                (
                    PolicyImportCommand(
                        school: "nowhere", file: badStaff, publish: true, minor: nil, deadline: nil), 1, "nowhere"
                ),
            ]
            for (command, code, words) in cases {
                let failure = await Self.failure(command, in: app)
                #expect(failure?.code == code, "\(command)")
                #expect(failure?.message.contains(words) == true, "\(command): \(failure?.message ?? "no failure")")
            }
        }
    }
}
