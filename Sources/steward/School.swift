// `steward school time-zone`: a school's settings from the command line.

import App
import ArgumentParser
import StewardCore

extension Steward {
    /// `steward school …`.
    struct School: SubcommandGroup {
        static let configuration = CommandConfiguration(
            abstract: "A school's settings: show or set its time zone (school time-zone).",
            subcommands: [TimeZoneCommand.self])

        /// `steward school time-zone --school SLUG [--set ZONE]`.
        struct TimeZoneCommand: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "time-zone",
                abstract: "Show or set the time zone of a school's dates, deadlines and 07:00 mail.",
                discussion: """
                    Europe/London unless set. A change is audited, and the next morning mail moves with it. Use a \
                    place name such as Europe/Dublin or America/New_York, or UTC; not an abbreviation (BST) or a \
                    fixed offset (Etc/GMT+5), which would not follow summer time.
                    """)

            @Option(help: "The school's short name (slug), e.g. st-cleopas.")
            var school: String

            @Option(
                name: .customLong("set"),
                help: ArgumentHelp("The new time zone; leave out to show the current one.", valueName: "zone"))
            var zone: String?

            @OptionGroup var options: ApplicationOptions

            func validate() throws {
                if let zone, SchoolClock(identifier: zone) == nil {
                    throw ValidationError(
                        "'\(String(zone.prefix(64)))' is not a time zone Steward knows. Use a name such as Europe/London."
                    )
                }
            }

            func run() async throws {
                try await options.run(SchoolTimeZoneCommand(school: school, zone: zone))
            }
        }
    }
}
