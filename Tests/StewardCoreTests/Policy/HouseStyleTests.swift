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

@Suite("House styles met in other schools' policies")
struct MoreHouseStyleTests {
    static func read(_ text: String) throws -> PolicyDocument { try PolicyImporter.parse(text).document }

    @Test("A lettered list runs past k to l, m and n; roman items stay inside their letter")
    func longLetteredList() throws {
        let letters = "abcdefghijklmn".map { "(\($0)) item \($0);" }.joined(separator: "\n")
        let document = try Self.read(
            "# P\n\n1. Rules\n\n1.1 Staff must not:\n\n\(letters)\n\n(i) first;\n\n(ii) second.\n")
        #expect(document.clauses.map(\.number) == ["1.1"] + "abcdefghijklmn".map { "1.1\($0)" })
        #expect(document.clause("1.1l")?.text == "item l;")
        #expect(document.clause("1.1n")?.text == "item n;\n(i) first;\n(ii) second.")
    }

    @Test("Sections in roman numerals, a section 0, clauses written 'Clause 4.2', and council paragraphs 1, 2, 3 …")
    func numberings() throws {
        let roman = try Self.read("# Policy\n\nI. INTRODUCTION\n\n1.1 One thing.\n\nII. SCOPE\n\n2.1 Another thing.\n")
        #expect(roman.sections.map(\.number) == ["1", "2"])
        #expect(roman.sections.map(\.title) == ["Introduction", "Scope"])
        let zero = try Self.read("# Policy\n\n0. Document control\n\n0.1 Owner: the head.\n\n1. Purpose\n\n1.1 Why.\n")
        #expect(zero.sections.map(\.number) == ["0", "1"])
        #expect(zero.clauses.map(\.number) == ["0.1", "1.1"])
        let named = try Self.read("# Policy\n\nClause 1 – Introduction\n\nClause 1.1 This applies to all.\n")
        #expect(named.sections.map(\.title) == ["Introduction"])
        #expect(named.clause("1.1")?.text == "This applies to all.")
        let council = try Self.read(
            "# Model Policy\n\n1. Purpose\n\n1. The council expects care.\n\n2. It applies to all.\n\n"
                + "2. Conduct\n\n3. Staff must not post about pupils.\n\n4. Staff must not befriend pupils.\n")
        #expect(council.clauses.map(\.number) == ["1", "2", "3", "4"])
        let restarting = try Self.read(
            "# Policy\n\n1. Purpose\n\n1. The council expects care.\n\n2. Conduct\n\n1. Staff must not post.\n")
        #expect(restarting.clauses.map(\.number) == ["1.1", "2.1"])
    }

    @Test("Appendices are sections of their own, their items numbered A1, A2 as written; in an unnumbered policy too")
    func appendices() throws {
        let numbered = try Self.read(
            "# Policy\n\n1. Purpose\n\n1.1 Why.\n\nAppendix A – Confiscation procedure\n\nA1 The phone goes in an "
                + "envelope.\n\nA2 The pupil collects it.\n\nAPPENDIX 2: Contacts\n\nThe DSL is Mr Okafor.\n")
        #expect(numbered.sections.map(\.number) == ["1", "Appendix A", "Appendix 2"])
        #expect(numbered.sections.map(\.title) == ["Purpose", "Confiscation procedure", "Contacts"])
        #expect(numbered.clauses.map(\.number) == ["1.1", "A1", "A2"])
        #expect(numbered.sections[1].anchor == "section-appendix-a")
        #expect(numbered.heading(of: try #require(numbered.clause("A2"))) == "Appendix A. Confiscation procedure")
        let plain = try Self.read("# Policy\n\n## Purpose\n\nWhy we have it.\n\n## Annex B: Forms\n\nSign here.\n")
        #expect(plain.sections.map(\.number) == ["1", "Annex B"])
        #expect(plain.clauses.map(\.number) == ["1.1", "Annex B.1"])
        // "Appendix" in a sentence is not a heading.
        let sentence = try Self.read("# Policy\n\n1. Purpose\n\n1.1 See the appendix for forms.\n")
        #expect(sentence.sections.count == 1)
    }

    @Test("Titles: a document-control row, the part of a heading that names the policy, a colon inside")
    func titles() throws {
        let table = try Self.read(
            "Policy owner | Chief Operating Officer\n\nPolicy name | Social Media Policy\n\n1. Purpose\n\n1.1 Why it matters.\n"
        )
        #expect(table.title == "Social Media Policy")
        let dash = try Self.read(
            "# Ashford Park School — Acceptable Use Policy (Staff)\n\n## 1. Scope\n\n1.1 Everyone.\n")
        #expect(dash.title == "Acceptable Use Policy (Staff)")
        let colon = try Self.read(
            "Kingsmead School\n\nStaff Code of Conduct: Online Behaviour and Social Media\n\nApproved: May 2025\n\n"
                + "1. Purpose\n\n1.1 This sets out what is expected.\n")
        #expect(colon.title == "Staff Code of Conduct: Online Behaviour and Social Media")
    }

    @Test("Wrapped text: a section heading after an approval line is still a heading; 'Page 1 of 1' goes")
    func wrapped() throws {
        let text = """
            SOCIAL MEDIA POLICY
            Approved by the governing body 12 May 2025
            1. Purpose
            1.1 This policy sets out how staff should use social media so that pupils are kept
            safe and the school's reputation is protected at all times, whether at work or at
            home.
            """
        let document = try Self.read(text)
        #expect(document.sections.map(\.title) == ["Purpose"])
        #expect(document.clause("1.1")?.text.hasSuffix("at work or at home.") == true)
        // Copied out of a PDF: the footer and the running header sit in the middle of clause 3.2.
        let pasted = """
            Elm Tree Academy Trust Social Media Policy v2.0
            1. Expectations
            1.1 Staff read this policy.
            3.2 Employees must not post any comment or image which could
            Page 1 of 2
            Elm Tree Academy Trust Social Media Policy v2.0
            bring the Trust into disrepute, including comments about
            colleagues, pupils or parents.
            3.3 Parents at the school take particular care.
            Page 2 of 2
            """
        let clean = try Self.read(pasted)
        #expect(
            clean.clause("3.2")?.text
                == "Employees must not post any comment or image which could bring the Trust into disrepute, "
                + "including comments about colleagues, pupils or parents.")
        #expect(clean.clause("3.3")?.text == "Parents at the school take particular care.")
        let page = PolicyFile.cleanPages("1.1 Staff must be careful.\n\nOFFICIAL Page 1 of 1")
        #expect(page.text == "1.1 Staff must be careful.")
        #expect(page.dropped == 1)
    }

    @Test("A word broken by a hyphen at a line's end is joined; a hyphen the word has elsewhere stays")
    func hyphenatedLineEnds() throws {
        let text = """
            1. Purpose
            1.1 Staff must not use personal messag-
            ing apps to contact pupils, and must put pupils' well-
            being and safe-
            guarding first, as the safeguarding and well-being policies say. Non-
            teaching staff and self-
            employed coaches follow it too, as does Year 6 -
            everyone.
            """
        let clause = try #require(try Self.read(text).clause("1.1")).text
        #expect(clause.contains("personal messaging apps"), "\(clause)")  // "ing" is only an ending
        #expect(clause.contains("pupils' well-being and safeguarding first"), "\(clause)")  // as written elsewhere
        #expect(clause.contains("Non-teaching staff and self-employed"), "\(clause)")  // no evidence: kept
        #expect(clause.contains("Year 6 - everyone."), "\(clause)")  // a dash, not a broken word
    }

    @Test("Lettered parts with clauses A1, A2, B1 (numbers alone above their text or beside it) keep those numbers")
    func letteredParts() throws {
        let text = """
            SOCIAL NETWORKING POLICY

            PART A – GENERAL

            A1
            This policy applies to all members of staff.

            A2 It reflects the diocese's guidance.

            PART B – CONDUCT

            B1
            Staff must not contact pupils through social networking sites.

            B2.
            Staff should not discuss the school online.
            """
        let document = try Self.read(text)
        #expect(document.sections.map(\.number) == ["A", "B"])
        #expect(document.sections.map(\.title) == ["General", "Conduct"])
        #expect(document.clause("A1")?.text == "This policy applies to all members of staff.")
        #expect(document.clause("A2")?.text == "It reflects the diocese's guidance.")
        #expect(document.clause("B2")?.text == "Staff should not discuss the school online.")
        // A part over numbered sections is a heading, and "A4" in a sentence is just a word.
        let numbered = try Self.read(
            """
            Part A: Staff
            1. Purpose
            1.1 Print the form on A4 paper.
            """)
        #expect(numbered.sections.map(\.number) == ["1"])
        #expect(numbered.clause("1.1")?.text == "Print the form on A4 paper.")
    }
}

@Suite("Large policies cost no more per line than small ones")
struct PolicyImportScaleTests {
    @Test("A lead-in with 20,000 bullets, a clause continued over 20,000 lines, 5,000 pages: each read whole")
    func large() throws {
        let bullets = "# P\n\n1. Rules\n\n1.1 Staff must:\n" + String(repeating: "- keep it private;\n", count: 20_000)
        let lead = try #require(try PolicyImporter.parse(bullets).document.clause("1.1"))
        #expect(lead.text.components(separatedBy: "\n• keep it private;").count == 20_001)
        let unnumbered = "# P\n\n## Rules\n\nStaff must:\n\n" + String(repeating: "- keep it private;\n", count: 20_000)
        #expect(try PolicyImporter.parse(unnumbered).document.clause("1.1")?.text.count ?? 0 > 20_000 * 18)
        let pages = (1...5_000).map { "Header line\n\n\($0 / 100 + 1).\($0 % 100 + 1) Words on a page.\n\nPage \($0)" }
        let (text, dropped) = PolicyFile.cleanPages(pages.joined(separator: "\u{0C}"))
        #expect(dropped == 10_000)
        #expect(!text.contains("Header line"))
        // One clause wrapped over 20,000 lines, each ending in a broken word: joined in place, read whole.
        let wrapped =
            "1. Rules\n1.1 Staff must keep their messag-\n"
            + String(repeating: "ing private and messag-\n", count: 20_000) + "ing.\n"
        let clause = try #require(try PolicyImporter.parse(wrapped).document.clause("1.1"))
        #expect(clause.text.components(separatedBy: "messaging private").count == 20_001)
    }
}
