// Every multi-line input reads the same whatever ends its lines (issue 19, item 4): browsers send "\r\n" from a text
// box, Unix "\n", old Mac files "\r"; Swift counts "\r\n" as one character, so splitting on "\n" found no lines.

import PropertyBased
import StewardCore
import Testing

@Suite("Line endings")
struct LineEndingTests {
    static let endings = ["\n", "\r\n", "\r"]

    static func join(_ lines: [String], _ ending: String) -> String { lines.joined(separator: ending) }

    @Test("The questions a headteacher types read the same with LF, CRLF and CR", arguments: endings)
    func questions(_ ending: String) throws {
        let text = Self.join(
            [
                "Q: Who must you tell?", "- Nobody", "* Your line manager", "", "Q: Photos of pupils?", "* No", "- Yes",
                "",
            ],
            ending)
        let questions = try PolicyQuestions.parse(text).get()
        #expect(questions.count == 2)
        #expect(questions[0].options == ["Nobody", "Your line manager"] && questions[0].answer == 1)
        // Mistakes keep their line numbers: "\r\n" is one line ending, not two.
        guard case .failure(let invalid) = PolicyQuestions.parse(Self.join(["Q: One?", "* a", "", "nonsense"], ending))
        else {
            Issue.record("refused")
            return
        }
        #expect(invalid.errors.map(\.message).contains { $0.hasPrefix("Question on line 1") })
        #expect(invalid.errors.map(\.message).contains { $0.hasPrefix("Line 4 ") })
    }

    @Test("The screening terms list reads the same with LF, CRLF and CR", arguments: endings)
    func terms(_ ending: String) throws {
        let list = try ScreeningTerms(
            parsing: Self.join(["# our words", "blocked: Nanny Smith", "allowed: St Cleopas", ""], ending))
        let unix = try ScreeningTerms(parsing: "# our words\nblocked: Nanny Smith\nallowed: St Cleopas\n")
        #expect(list == unix)
    }

    @Test("A paragraph keeps its lines, as \\n, whatever ended them; a lone CR is a line ending, not a control")
    func paragraph() throws {
        for ending in Self.endings {
            let text = try TextRules.paragraph(
                "First line" + ending + "Second line", field: "x", label: "X", maxLength: 100
            ).get()
            #expect(text == "First line\nSecond line", "\(ending.unicodeScalars.map(\.value))")
        }
        #expect(TextRules.lines("a\r\nb\rc\nd").map(String.init) == ["a", "b", "c", "d"])
        #expect(TextRules.lines("a\r\n\r\nb").map(String.init) == ["a", "", "b"])
        #expect(TextRules.unixLines("no breaks") == "no breaks")
    }

    @Test("A policy pasted with CR or CRLF reads the same clauses as with LF", arguments: endings)
    func policy(_ ending: String) throws {
        let lines = ["# A Policy", "", "## 1. Scope", "", "- 1.1 Staff take care.", "- 1.2 Staff tell someone.", ""]
        let read = try PolicyImporter.parse(Self.join(lines, ending))
        let unix = try PolicyImporter.parse(Self.join(lines, "\n"))
        #expect(read.document.clauses.map(\.number) == unix.document.clauses.map(\.number))
        #expect(read.document.clauses.count == 2)
    }

    @Test("Any text: its lines, joined by \\n, are the text with every ending made \\n, and no \\r is left")
    func anyText() async {
        let pieces: [Character] = ["a", "é", " ", "\n", "\r", "\r\n", "\t", "-", "*", "\u{0301}"]
        await propertyCheck(count: 400, input: Gen.element(of: pieces).compactMap { $0 }.string(of: 0...40)) { text in
            let unix = TextRules.unixLines(text)
            #expect(!unix.unicodeScalars.contains("\r"))
            #expect(TextRules.lines(text).joined(separator: "\n") == unix)
            #expect(TextRules.lines(text).count == unix.filter { $0 == "\n" }.count + 1)
        }
    }
}
