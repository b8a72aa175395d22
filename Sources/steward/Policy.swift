// `steward policy import`: a policy from Markdown, plain text, Word or PDF into the library.

import App
import ArgumentParser

extension Steward {
    /// `steward policy …`.
    struct Policy: SubcommandGroup {
        static let configuration = CommandConfiguration(
            abstract: "The policy library: import a policy (policy import), or see what a file holds (policy check).",
            subcommands: [Import.self, Check.self])

        /// `steward policy import --school SLUG FILE.md [--publish [--minor REASON] [--deadline DAYS]]`.
        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "import",
                abstract: "Import a policy, or a new version of one with the same title, from Markdown, Word or PDF.",
                discussion: """
                    Reports the sections and clauses found and anything guessed. Without --publish it waits as a \
                    draft for the headteacher. Takes .md, .txt, .docx and .pdf (a PDF needs pdftotext, from \
                    poppler-utils). Exits 65 when the file is not a policy Steward can read, 66 when \
                    the file cannot be read, 1 when there is no such school.
                    """)

            @Option(help: "The school's slug, e.g. st-cleopas.")
            var school: String

            @Argument(help: ArgumentHelp("The policy: .md, .txt, .docx or .pdf.", valueName: "file"))
            var file: String

            @Flag(help: "Publish it at once; everyone is asked to acknowledge it.")
            var publish = false

            @Option(
                help: ArgumentHelp(
                    "With --publish: a minor correction, for this reason (no one is asked again).", valueName: "reason")
            )
            var minor: String?

            @Option(help: "With --publish: days people have to acknowledge it, 1 to 365 (default 14).")
            var deadline: Int?

            @Flag(help: "Replace the policy's unpublished draft and its questions, if it has one.")
            var replaceDraft = false

            @OptionGroup var options: ApplicationOptions

            func validate() throws {
                guard !school.isEmpty else {
                    throw ValidationError("--school needs a school's slug (e.g. st-cleopas).")
                }
                guard publish || (minor == nil && deadline == nil) else {
                    throw ValidationError("--minor and --deadline go with --publish.")
                }
                if let deadline, !PolicyImportCommand.deadlines.contains(deadline) {
                    throw ValidationError("--deadline must be from 1 to 365 days.")
                }
            }

            func run() async throws {
                try await options.run(
                    PolicyImportCommand(
                        school: school, file: file, publish: publish, minor: minor, deadline: deadline,
                        replaceDraft: replaceDraft))
            }
        }
    }
}
