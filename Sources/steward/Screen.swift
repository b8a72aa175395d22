// `steward screen`: drafts for the school's official accounts, screened offline with no database.

import ArgumentParser
import Foundation
import StewardCore

extension Steward {
    /// `steward screen [--roster F] [--staff F] [--terms F] [--image PHOTO …] [--json] [FILE … | -]`.
    struct Screen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Screen drafts for the school's official accounts, offline: no database, no settings.",
            discussion: """
                Each finding gives its line and column and the policy clause it enforces. Without --roster, pupils' \
                names are not checked (a warning says so).

                Exit status: 0 nothing worse than information, 1 a warning, 2 something that blocks posting, 64 bad \
                usage, an input that cannot be read, or a malformed roster, staff list or terms file (naming the line).
                """)

        @Option(
            help: ArgumentHelp(
                "The pupil roster CSV exported from the school's MIS; without it pupils' names are not checked.",
                valueName: "pupils.csv"))
        var roster: String?

        @Option(
            help: ArgumentHelp("The staff list CSV, so staff names are not taken for pupils'.", valueName: "staff.csv"))
        var staff: String?

        @Option(
            help: ArgumentHelp(
                "The school's own terms: lines of `blocked: word`, `allowed: word` and `confidential: term`.",
                valueName: "terms.txt"))
        var terms: String?

        @Option(
            name: .customLong("image"),
            help: ArgumentHelp(
                "A photo whose metadata (GPS, EXIF, XMP, IPTC, PNG text) is checked; repeatable.",
                valueName: "photo"))
        var images: [String] = []

        @Flag(help: "Print one JSON object per input, for programs.")
        var json = false

        @Argument(help: ArgumentHelp("Text files to screen; - or none for standard input.", valueName: "file"))
        var files: [String] = []

        func run() throws {
            let request = ScreenCommand.Request(
                rosterPath: roster, staffPath: staff, termsPath: terms, images: images, inputs: files, json: json)
            let output = ScreenCommand.run(request) { path in
                path == "-"
                    ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
            }
            FileHandle.standardOutput.write(Data(output.stdout.utf8))
            FileHandle.standardError.write(Data(output.stderr.utf8))
            if output.code != 0 { throw ExitCode(output.code) }
        }
    }
}
