// Lines and columns for findings: every ending ends one line, columns count what a person sees, and every place maps
// back to the offset it came from.

import PropertyBased
import StewardCore
import Testing

@Suite("Lines and columns of findings")
struct TextPositionsTests {
    /// Letters, accents written as two code points, emoji of several, a bare accent, and every line ending; "\r" then
    /// "\n" side by side join into one "\r\n".
    static let pieces = [
        "a", "B", " ", "é", "e\u{0301}", "\u{0301}", "👩‍🏫", "🇬🇧", "李", "\t", "\n", "\r", "\r\n", "\u{200B}",
    ]

    static let text = Gen.element(of: pieces).compactMap { $0 }.array(of: 0...30).map { $0.joined() }

    /// The code-point offset at which each character of `text` starts, counted independently of the code under test.
    static func characterStarts(_ text: String) -> [Int] {
        text.indices.map { text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: $0) }
    }

    @Test("LF, CRLF and CR each end one line; columns count characters, not code points")
    func examples() {
        let positions = TextPositions("Hi Jack\r\nZoe\u{0301} and Jack\rbye\nJack")
        // "Hi Jack\r\n" is 9 code points; "Zoe\u{0301} and " is 9 more.
        #expect(positions.position(ofOffset: 3) == TextPosition(line: 1, column: 4))
        #expect(positions.position(ofOffset: 18) == TextPosition(line: 2, column: 9))
        #expect(positions.position(ofOffset: 23) == TextPosition(line: 3, column: 1))
        #expect(positions.position(ofOffset: 27) == TextPosition(line: 4, column: 1))
        #expect(positions.offset(of: TextPosition(line: 2, column: 9)) == 18)
        #expect(TextPosition(line: 2, column: 9).description == "2:9")
    }

    @Test("Offsets inside a character, outside the text, and places the text does not have")
    func edges() {
        let positions = TextPositions("e\u{0301}x\r\n")
        #expect(positions.position(ofOffset: 1) == TextPosition(line: 1, column: 1))
        #expect(positions.position(ofOffset: 4) == TextPosition(line: 1, column: 3))
        #expect(positions.position(ofOffset: 5) == TextPosition(line: 2, column: 1))
        #expect(positions.position(ofOffset: -4) == TextPosition(line: 1, column: 1))
        #expect(positions.position(ofOffset: 99) == TextPosition(line: 2, column: 1))
        #expect(positions.offset(of: TextPosition(line: 1, column: 4)) == nil)
        #expect(positions.offset(of: TextPosition(line: 2, column: 2)) == nil)
        #expect(positions.offset(of: TextPosition(line: 3, column: 1)) == nil)
        #expect(positions.offset(of: TextPosition(line: 0, column: 1)) == nil)
        #expect(TextPositions("").position(ofOffset: 0) == TextPosition(line: 1, column: 1))
    }

    @Test("Any text: each offset's line and column map back to the start of the character it falls in")
    func roundTrip() async {
        await propertyCheck(count: 500, input: Self.text) { text in
            let positions = TextPositions(text)
            let starts = Self.characterStarts(text) + [text.unicodeScalars.count]
            for offset in -1...(text.unicodeScalars.count + 1) {
                let back = positions.offset(of: positions.position(ofOffset: offset))
                let expected = starts.last { $0 <= offset } ?? 0
                #expect(back == expected, "offset \(offset) of \(text.debugDescription)")
                if starts.contains(offset) { #expect(back == offset) }
            }
        }
    }

    @Test("Any text: lines are TextRules.lines, and the column names the character a person sees there")
    func agreesWithLines() async {
        await propertyCheck(count: 500, input: Self.text) { text in
            let positions = TextPositions(text)
            let lines = TextRules.lines(text).map { Array($0) }
            #expect(positions.position(ofOffset: text.unicodeScalars.count).line == lines.count)
            var previous = TextPosition(line: 1, column: 0)
            for (character, offset) in zip(text, Self.characterStarts(text)) {
                let position = positions.position(ofOffset: offset)
                #expect(
                    (position.line, position.column) > (previous.line, previous.column), "\(text.debugDescription)")
                previous = position
                guard lines.indices.contains(position.line - 1) else {
                    Issue.record("line \(position.line) of \(lines.count) in \(text.debugDescription)")
                    continue
                }
                let line = lines[position.line - 1]
                if !["\n", "\r", "\r\n"].contains(character) {
                    #expect(
                        line.indices.contains(position.column - 1) && line[position.column - 1] == character,
                        "\(text.debugDescription)")
                } else {
                    #expect(line.count == position.column - 1)
                }
            }
        }
    }
}
