// `steward policy check`: what importing a policy file would find, with no database and nothing written.

import ArgumentParser
import Foundation
import StewardCore

extension Steward.Policy {
    /// `steward policy check FILE`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Show what importing a policy file would find, writing nothing.",
            discussion: """
                Reads Markdown, plain text, Word (.docx) or PDF (through pdftotext, from poppler-utils) and prints \
                the title, each section and clause with the start of its words (text that is not a clause indented \
                further), and the notes the headteacher would see. Exits 65 when the file is not a policy Steward can read, 66 when it cannot be read.
                """)

        @Argument(help: ArgumentHelp("The policy: .md, .txt, .docx or .pdf.", valueName: "file"))
        var file: String

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("steward policy check: cannot read \(file).\n".utf8))
                throw ExitCode(66)
            }
            let result: PolicyImporter.Result
            do {
                result = try PolicyImporter.import(Array(data))
            } catch let refused as PolicyImporter.Refused {
                FileHandle.standardError.write(Data("steward policy check: \(refused.message)\n".utf8))
                throw ExitCode(65)
            }
            let document = result.document
            print("\(document.title): \(document.sections.count) sections, \(document.clauses.count) clauses.")
            for section in document.sections {
                print("\(section.number). \(section.title)")
                for item in section.items {
                    switch item {
                    case .clause(let clause):
                        let words = clause.text.replacingOccurrences(of: "\n", with: " ")
                        print("  \(clause.number)  \(words.count > 70 ? String(words.prefix(69)) + "…" : words)")
                    case .block(let block) where block.kind == .heading:
                        print("  ## \(block.text)")
                    case .block(let block):
                        // Text that is not a clause is kept and shown on the policy's page, without a number.
                        let words = block.text
                        print("      \(words.count > 66 ? String(words.prefix(65)) + "…" : words)")
                    }
                }
            }
            for note in result.notes { print("note: \(note)") }
        }
    }
}
