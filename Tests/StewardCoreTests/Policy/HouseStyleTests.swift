// Policies as schools keep them: eight house styles and St Cleopas's own, each saved by LibreOffice as Word, PDF and
// text and written as Markdown (tests/policies/make.py). What each must give is in expected.json, written from the
// outline the documents were made from, never from what the importer returns.

import Foundation
import Testing

@testable import StewardCore

@Suite("Importing policies in any house style, from Word, PDF, text and Markdown")
struct HouseStyleTests {
    struct Expected: Decodable {
        var title: String
        var sections: [String]
        var clauses: [String]
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("tests/policies")

    static let expected: [String: Expected] = {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("expected.json")),
            let decoded = try? JSONDecoder().decode([String: Expected].self, from: data)
        else { return [:] }
        return decoded
    }()

    /// Every style in every format it was saved in: 8 styles × 4 formats, and St Cleopas as Word, PDF and text.
    static let files: [String] = expected.keys.sorted().flatMap { name in
        ["md", "txt", "docx", "pdf"].map { "\(name).\($0)" }
            .filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
    }

    static func load(_ file: String) throws -> PolicyImporter.Result {
        let data = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent(file).path))
        return try PolicyImporter.import(Array(data))
    }

    @Test("The fixtures are all there: nine documents, 35 files")
    func fixtures() {
        #expect(Self.expected.count == 9)
        #expect(Self.files.count == 35)
    }

    @Test("Each file gives the title, sections and clauses its outline has", arguments: files)
    func houseStyle(_ file: String) throws {
        let name = String(file.prefix { $0 != "." })
        let expected = try #require(Self.expected[name])
        let result = try Self.load(file)
        #expect(result.document.title == expected.title, "\(file)")
        #expect(result.document.sections.map(\.number) == expected.sections, "\(file)")
        #expect(result.document.clauses.map(\.number) == expected.clauses, "\(file)")
    }

    @Test("St Cleopas through Word, PDF and text: the same 30 clauses, word for word, as its Markdown")
    func stCleopasRoundTrip() throws {
        let markdown = try PolicyImporter.parse(PolicyImporterTests.stCleopas).document
        #expect(markdown.clauses.count == 30)
        for format in ["docx", "pdf", "txt"] {
            let document = try Self.load("st-cleopas.\(format)").document
            #expect(document.clauses.map(\.number) == markdown.clauses.map(\.number), "\(format)")
            for (read, original) in zip(document.clauses, markdown.clauses) {
                #expect(read.text == original.text, "\(format) \(read.number)")
            }
            #expect(document.sections.map(\.title) == markdown.sections.map(\.title), "\(format)")
            // Word and PDF keep which lines are headings, so the whole document is the same, and importing it over
            // the published version is refused as nothing new. Plain text cannot say that "Mission Statement:" is one.
            if format != "txt" {
                #expect(document.preamble == markdown.preamble, "\(format)")
                #expect(document.sections == markdown.sections, "\(format)")
                #expect(document.contentHash == markdown.contentHash, "\(format)")
            }
        }
    }

    @Test("What was guessed is said: numbering, contents lists, headers and footers, where the text came from")
    func notes() throws {
        let unnumbered = try Self.load("unnumbered.docx")
        #expect(unnumbered.notes.contains { $0.contains("has no clause numbers") })
        #expect(unnumbered.notes.contains { $0.hasPrefix("Read from a Word document") })
        let capitals = try Self.load("trust-capitals.pdf")
        #expect(capitals.notes.contains { $0.hasPrefix("Read from a PDF") })
        #expect(capitals.notes.contains { $0.contains("headers, footers and page numbers") })
        #expect(capitals.notes.contains { $0.contains("contents list") })
        // "Section 12 of the DCSF guidance" is another document's; "clause 2.1" is this policy's own.
        #expect(!capitals.notes.contains { $0.contains("refers to 12") })
        // The header and the page numbers are not in any clause.
        #expect(!capitals.document.clauses.contains { $0.text.contains("Northfield Academy Trust -") })
        let word = try Self.load("trust-capitals.docx")
        #expect(word.notes.contains { $0.contains("Word's automatic numbering") })
    }

    @Test("Bullets after a clause's lead-in are that clause's; roman items belong to their lettered item")
    func leadIns() throws {
        for format in ["md", "txt", "docx", "pdf"] {
            let document = try Self.load("trust-capitals.\(format)").document
            let clause = try #require(document.clause("3.1"), "\(format)")
            #expect(clause.text.hasPrefix("Staff must:\n• not accept friend requests"), "\(format)")
            #expect(clause.text.hasSuffix("• check their privacy settings each term."), "\(format)")
            let lettered = try Self.load("section-colon-lettered.\(format)").document
            let b = try #require(lettered.clause("2.1b"), "\(format)")
            #expect(b.label == "b)")
            #expect(b.group == "Staff must:")
            #expect(b.text.contains("\n(i) photographs taken on trips;\n(ii) videos of performances."), "\(format)")
        }
    }

    @Test("Sub-headings (1.1 Objectives over 1.1.1) and parts are headings; paragraphs keep their own numbers")
    func headings() throws {
        for format in ["md", "txt", "docx", "pdf"] {
            let document = try Self.load("parts-decimal.\(format)").document
            let headings = document.sections.flatMap(\.items).compactMap { item -> String? in
                if case .block(let block) = item, block.kind == .heading { block.text } else { nil }
            }
            #expect(
                headings == [
                    "Part A: General", "1.1 Objectives", "1.2 Definitions", "Part B: Staff conduct", "2.1 Accounts",
                    "2.2 Contact", "3.1 Timing",
                ], "\(format)")
            #expect(document.sections.map(\.title) == ["Introduction", "Personal use", "Review"], "\(format)")
            let council = try Self.load("council-101.\(format)").document
            #expect(council.clause("202")?.label == "202")
            #expect(council.sections.map(\.title) == ["Purpose", "Conduct", "Monitoring and review"], "\(format)")
        }
    }
}
