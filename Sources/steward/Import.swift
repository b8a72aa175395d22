// `steward import people|pupils`: the school's MIS exports, checked whole before anything is written.

import App
import ArgumentParser

extension Steward {
    /// `steward import …`.
    struct Import: SubcommandGroup {
        static let configuration = CommandConfiguration(
            abstract: "Import staff or pupils from the school's MIS exports (import people, import pupils).",
            subcommands: [People.self, Pupils.self])

        /// What both imports take.
        struct ImportOptions: ParsableArguments {
            @Option(help: "The school's slug, e.g. st-cleopas.")
            var school: String

            @Flag(name: .customLong("dry-run"), help: "Show what would change and write nothing.")
            var dryRun = false
        }

        /// `steward import people --school SLUG FILE.csv [--dry-run] [--full]`.
        struct People: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import staff from a CSV export; nothing is written unless every row is good.",
                discussion: """
                    Any column order, UTF-8 or Windows-1252, commas or semicolons, UK or ISO dates. Exits 65 naming \
                    the rows to fix.
                    """)

            @OptionGroup var importOptions: ImportOptions

            @Argument(help: ArgumentHelp("The staff CSV exported from the school's MIS.", valueName: "file.csv"))
            var file: String

            @Flag(help: "The file lists everyone: deactivate active people missing from it.")
            var full = false

            @Flag(
                help: ArgumentHelp(
                    "Deactivate them even when that leaves the school without its only headteacher, safeguarding "
                        + "lead or chair, or removes governors or volunteers (refused otherwise)."))
            var confirmDeactivations = false

            @OptionGroup var options: ApplicationOptions

            func run() async throws {
                try await options.run(
                    ImportPeopleCommand(
                        school: importOptions.school, file: file, dryRun: importOptions.dryRun, full: full,
                        confirmDeactivations: confirmDeactivations))
            }
        }

        /// `steward import pupils --school SLUG FILE.csv [--dry-run] [--full]`.
        struct Pupils: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import the pupil roster and its consents from a CSV export; all rows or none.",
                discussion: "Exits 65 naming the rows to fix.")

            @OptionGroup var importOptions: ImportOptions

            @Argument(help: ArgumentHelp("The pupil roster CSV exported from the school's MIS.", valueName: "file.csv"))
            var file: String

            @Flag(help: "The file is the whole roster: remove pupils missing from it.")
            var full = false

            @OptionGroup var options: ApplicationOptions

            func run() async throws {
                try await options.run(
                    ImportPupilsCommand(
                        school: importOptions.school, file: file, dryRun: importOptions.dryRun, full: full))
            }
        }
    }
}
