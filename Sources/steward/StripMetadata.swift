// `steward strip-metadata`: a photo copied with only what draws the picture.

import ArgumentParser
import Foundation
import StewardCore

extension Steward {
    /// `steward strip-metadata PHOTO OUT`.
    struct StripMetadata: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a photo without its GPS, EXIF, XMP, IPTC or PNG text, without re-encoding the picture.",
            discussion: """
                Exit status: 0 written, 64 the photo cannot be read, 65 it is not a JPEG or PNG Steward can clean, 73 \
                the copy cannot be written.
                """)

        @Argument(help: ArgumentHelp("The photo to clean (JPEG or PNG).", valueName: "photo"))
        var photo: String

        @Argument(help: ArgumentHelp("Where to write the cleaned copy.", valueName: "out"))
        var out: String

        func run() throws {
            let output = ScreenCommand.strip(
                photo: photo, to: out, read: { FileManager.default.contents(atPath: $0) },
                write: { FileManager.default.createFile(atPath: $0, contents: $1) })
            FileHandle.standardOutput.write(Data(output.stdout.utf8))
            FileHandle.standardError.write(Data(output.stderr.utf8))
            if output.code != 0 { throw ExitCode(output.code) }
        }
    }
}
