// Word's automatic numbering worked out as Word shows it, and Word files and PDFs that are damaged, hostile or not
// what they say: refused with a reason, never a crash, a hang or a file read from the server.

import Foundation
import PropertyBased
import Testing
import ZIPFoundation

@testable import StewardCore

@Suite("Reading Word documents and PDFs")
struct WordDocumentTests {
    static let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

    /// A .docx made here: the parts given, zipped as Word zips them.
    static func docx(_ parts: [String: String]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Data.Index(position)..<Data.Index(position) + size) })
        }
        return Array(try #require(archive.data))
    }

    static func document(_ body: String) -> String {
        "<?xml version=\"1.0\"?><w:document \(w)><w:body>\(body)</w:body></w:document>"
    }

    static func paragraph(_ text: String, num: Int? = nil, level: Int = 0, style: String? = nil) -> String {
        let numPr = num.map { "<w:numPr><w:ilvl w:val=\"\(level)\"/><w:numId w:val=\"\($0)\"/></w:numPr>" } ?? ""
        let pStyle = style.map { "<w:pStyle w:val=\"\($0)\"/>" } ?? ""
        return "<w:p><w:pPr>\(pStyle)\(numPr)</w:pPr><w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r></w:p>"
    }

    static func level(_ ilvl: Int, _ format: String, _ text: String, start: Int = 1, legal: Bool = false) -> String {
        "<w:lvl w:ilvl=\"\(ilvl)\"><w:start w:val=\"\(start)\"/><w:numFmt w:val=\"\(format)\"/>"
            + (legal ? "<w:isLgl/>" : "") + "<w:lvlText w:val=\"\(text)\"/></w:lvl>"
    }

    /// Levels 1, 1.1, a), (i); instance 1 counts them, instance 2 is the same list with its letters restarted.
    static let numbering = """
        <w:numbering \(w)><w:abstractNum w:abstractNumId="0">\(level(0, "decimal", "%1."))\
        \(level(1, "decimal", "%1.%2"))\(level(2, "lowerLetter", "%3)"))\(level(3, "lowerRoman", "(%4)"))\
        </w:abstractNum><w:abstractNum w:abstractNumId="1">\(level(0, "upperRoman", "Article %1"))\
        \(level(1, "decimal", "%1.%2", legal: true))</w:abstractNum>\
        <w:abstractNum w:abstractNumId="2">\(level(0, "bullet", "•"))</w:abstractNum>\
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>\
        <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/>\
        </w:lvlOverride></w:num><w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>\
        <w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num></w:numbering>
        """

    @Test("Word's formats: decimal, letters past Z, roman numerals at their edges, zero-padded")
    func formats() {
        let table: [(Int, String, String)] = [
            (1, "decimal", "1"), (10, "decimalZero", "10"), (7, "decimalZero", "07"), (1, "lowerLetter", "a"),
            (26, "upperLetter", "Z"), (27, "upperLetter", "AA"), (52, "lowerLetter", "zz"), (53, "upperLetter", "AAA"),
            (1, "lowerRoman", "i"), (4, "upperRoman", "IV"), (9, "upperRoman", "IX"), (14, "lowerRoman", "xiv"),
            (40, "upperRoman", "XL"), (1994, "upperRoman", "MCMXCIV"), (3999, "upperRoman", "MMMCMXCIX"),
            (4000, "upperRoman", "4000"), (0, "upperRoman", "0"), (0, "lowerLetter", "0"), (3, "bullet", ""),
        ]
        for (n, format, shown) in table { #expect(WordNumbering.format(n, format) == shown, "\(n) \(format)") }
    }

    @Test("Multi-level numbering, a restarted list, legal numbering and bullets, as Word shows them")
    func numberingByLevel() throws {
        let body = [
            Self.paragraph("Introduction", num: 1, level: 0),
            Self.paragraph("Social media means apps.", num: 1, level: 1),
            Self.paragraph("Staff must:", num: 1, level: 1),
            Self.paragraph("keep accounts private;", num: 1, level: 2),
            Self.paragraph("report contact, including:", num: 1, level: 2),
            Self.paragraph("messages;", num: 1, level: 3),
            Self.paragraph("friend requests.", num: 1, level: 3),
            Self.paragraph("Conduct", num: 1, level: 0),
            Self.paragraph("Staff should:", num: 1, level: 1),
            Self.paragraph("think first;", num: 2, level: 2),
            Self.paragraph("ask if unsure.", num: 2, level: 2),
            Self.paragraph("Not numbered at all.", num: 0),
            Self.paragraph("Scope", num: 3, level: 0),
            Self.paragraph("Everyone.", num: 3, level: 1),
            Self.paragraph("a bullet", num: 4),
        ].joined()
        let bytes = try Self.docx([
            "word/document.xml": Self.document(body), "word/numbering.xml": Self.numbering,
        ])
        let (text, numbered) = try WordDocument.markdown(bytes)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "1. Introduction", "1.1 Social media means apps.", "1.2 Staff must:", "a) keep accounts private;",
                "b) report contact, including:", "(i) messages;", "(ii) friend requests.", "2. Conduct",
                "2.1 Staff should:", "a) think first;", "b) ask if unsure.", "Not numbered at all.", "Article I Scope",
                "1.1 Everyone.", "- a bullet",
            ])
        #expect(numbered == 13)
    }

    @Test("Headings by style, outline level or bold; a contents list left out; a table row by row")
    func structure() throws {
        let styles = """
            <w:styles \(Self.w)><w:style w:styleId="Title"><w:name w:val="Title"/></w:style>\
            <w:style w:styleId="H1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr>\
            </w:style><w:style w:styleId="Mine"><w:name w:val="My heading"/><w:basedOn w:val="H1"/></w:style>\
            <w:style w:styleId="TOC1"><w:name w:val="toc 1"/></w:style></w:styles>
            """
        let body = [
            Self.paragraph("Social Media Policy", style: "Title"),
            Self.paragraph("1. Introduction\t3", style: "TOC1"),
            Self.paragraph("Introduction", style: "Mine"),
            "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Bold line</w:t></w:r></w:p>",
            "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Bold lead-in.</w:t></w:r><w:r><w:t> Then plain.</w:t></w:r></w:p>",
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Version</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r>"
                + "</w:p></w:tc></w:tr></w:tbl>",
            "<w:p><w:r><w:t>Kept</w:t></w:r><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del>"
                + "<w:r><w:t>\u{00AD} words\u{200B}</w:t></w:r></w:p>",
        ].joined()
        let bytes = try Self.docx([
            "word/document.xml": Self.document(body), "word/numbering.xml": Self.numbering,
            "word/styles.xml": styles,
        ])
        let lines = try WordDocument.markdown(bytes).text.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "# Social Media Policy", "## 1. Introduction", "### Bold line", "Bold lead-in. Then plain.",
                "Version | 2", "Kept words",
            ])
    }

    @Test("Damaged, empty, nested, exploding and entity-laden Word files are refused; nothing is read off the server")
    func hostile() throws {
        func refused(_ bytes: [UInt8]) -> String? {
            do {
                _ = try PolicyImporter.import(bytes)
                return nil
            } catch let refused as PolicyImporter.Refused {
                return refused.message
            } catch {
                return "\(error)"
            }
        }
        let good = try Self.docx(["word/document.xml": Self.document(Self.paragraph("1.1 Staff must be kind."))])
        #expect(refused(good) == nil)
        #expect(refused(Array(good.prefix(good.count - 30)))?.contains("cannot be opened") == true)
        #expect(refused(try Self.docx(["other.xml": "<a/>"]))?.contains("not a Word document") == true)
        #expect(
            refused(try Self.docx(["word/document.xml": "<w:document><w:body><w:p>"]))?.contains("cannot be opened")
                == true)
        let deep = String(repeating: "<w:sdt><w:sdtContent>", count: 400)
        #expect(
            refused(try Self.docx(["word/document.xml": Self.document(deep)]))?.contains("cannot be opened") == true)
        // An external entity names a file on the server: it is never read into the policy.
        let external = """
            <?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\
            <w:document \(Self.w)><w:body><w:p><w:r><w:t>1.1 Here: &x; end of clause.</w:t></w:r></w:p></w:body></w:document>
            """
        if let result = try? PolicyImporter.import(try Self.docx(["word/document.xml": external])) {
            #expect(!result.document.clauses.contains { $0.text.contains("root:") })
        }
        // A billion laughs: refused or bounded, never hung.
        var laughs = "<!ENTITY a0 \"ha\">"
        for n in 1...12 { laughs += "<!ENTITY a\(n) \"" + String(repeating: "&a\(n - 1);", count: 10) + "\">" }
        let bomb =
            "<?xml version=\"1.0\"?><!DOCTYPE d [\(laughs)]><w:document \(Self.w)><w:body><w:p><w:r><w:t>"
            + "1.1 &a12;</w:t></w:r></w:p></w:body></w:document>"
        _ = refused(try Self.docx(["word/document.xml": bomb]))
        // Foundation's parser on Linux traps on a name that is not UTF-8: such a part never reaches it.
        #expect(throws: XMLTree.Malformed.self) { try XMLTree.parse(Data([0x3C, 0xFF, 0xFF, 0x01, 0x00])) }
        #expect(throws: XMLTree.Malformed.self) { try XMLTree.parse(Data([0x3C, 0x61, 0xFF, 0x2F, 0x3E])) }
        let badName =
            Array("<w:document><w:body><w:p><w:".utf8) + [0xFF, 0xFE] + Array("/></w:p></w:body></w:document>".utf8)
        let archive = try Archive(data: Data(), accessMode: .create)
        try archive.addEntry(
            with: "word/document.xml", type: .file, uncompressedSize: Int64(badName.count),
            provider: { position, size in Data(badName[Int(position)..<Int(position) + size]) })
        #expect(refused(Array(try #require(archive.data)))?.contains("cannot be opened") == true)
        // A part that unpacks to more than 32 MB is not a policy.
        let zeros = Self.document(String(repeating: " ", count: WordDocument.maxPartBytes + 10))
        #expect(refused(try Self.docx(["word/document.xml": zeros]))?.contains("too large") == true)
    }

    @Test("A long document (a body over 1 MB, past where the Linux parser fails on Data) is read whole")
    func longDocument() throws {
        let filler = String(repeating: "Staff keep their accounts private and think before they post. ", count: 6)
        let body = (1...3000).map { Self.paragraph("\($0 / 100 + 1).\($0 % 100 + 1) \(filler)") }.joined()
        let bytes = try Self.docx(["word/document.xml": Self.document(body)])
        #expect(Self.document(body).utf8.count > 1_000_000)
        let document = try PolicyImporter.import(bytes).document
        #expect(document.clauses.count == 3000)
    }

    @Test("A PDF without pdftotext says what to install; one with no text says it may be a scan")
    func pdfWithoutTool() throws {
        let pdf = Array("%PDF-1.4\n%âãÏÓ\n".utf8)
        #expect(throws: PolicyImporter.Refused.self) {
            try PolicyImporter.import(pdf, pdftotext: "/nonexistent/pdftotext")
        }
        do {
            _ = try PolicyImporter.import(pdf, pdftotext: "/nonexistent/pdftotext")
        } catch let refused as PolicyImporter.Refused {
            #expect(refused.message.contains("needs pdftotext"))
            #expect(refused.message.contains("poppler-utils"))
        }
    }

    @Test("Headers, footers and page numbers on every page go; a paragraph split by a page break is joined")
    func pages() {
        let words = ["pupils", "parents", "governors"]
        let pages = (1...3).map { page in
            "Hillside School – Social Media Policy\n\n\(page).1 Clause on page \(page) that runs on to\n"
                + "a line about \(words[page - 1]) and then onto\n\nPage \(page) of 3"
        }
        let (text, dropped) = PolicyFile.cleanPages(pages.joined(separator: "\u{0C}"))
        #expect(dropped == 6)
        #expect(!text.contains("Hillside School"))
        #expect(!text.contains("Page 2 of 3"))
        // Page 1 ends mid-sentence ("onto") but page 2 starts with a clause number: not joined.
        #expect(text.contains("onto\n\n2.1 Clause on page 2"))
        let split = PolicyFile.cleanPages("4.8 Staff must not\nshare\u{0C}passwords with anyone.\n\n3")
        #expect(split.text == "4.8 Staff must not\nshare\npasswords with anyone.")
        #expect(split.dropped == 1)
    }

    @Test("Any Word body, numbering and layout reads or is refused, never crashes")
    func anyDocument() async {
        let pieces = ["<w:p>", "</w:p>", "<w:r><w:t>", "</w:t></w:r>", "text ", "1.1 ", "<w:tbl><w:tr><w:tc>", "&amp;"]
        let gen = Gen.element(of: pieces).compactMap { $0 }.array(of: 0...40)
        let levels = Gen<Int>.int(in: -2...12).array(of: 0...20)
        await propertyCheck(count: 150, input: gen, levels) { parts, levels in
            let body =
                parts.joined()
                + levels.enumerated().map { index, level in
                    Self.paragraph("item \(index)", num: (index % 5), level: level)
                }.joined()
            guard
                let bytes = try? Self.docx([
                    "word/document.xml": Self.document(body), "word/numbering.xml": Self.numbering,
                ])
            else { return }
            _ = try? PolicyImporter.import(bytes)
            _ = PolicyFile.pdfText(
                layout: Array(
                    ("<doc><page><block><line xMin=\"1\" yMin=\"\(levels.count)\" yMax=\"9\">"
                        + "<word>\(parts.joined())</word></line></block></page></doc>").utf8))
            _ = PolicyFile.cleanPages(parts.joined(separator: "\u{0C}"))
        }
    }
}
