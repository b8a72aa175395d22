// Where a finding is in a text as a person finds it in an editor: line and column, not a count of code points.

/// A place in a text: 1-based line and column, the column counted in characters as a person sees them.
public struct TextPosition: Equatable, Sendable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`, as compilers and editors write it.
    public var description: String { "\(line):\(column)" }
}

/// The lines and characters of one text, to turn findings' code-point offsets into lines and columns and back.
///
/// Lines end as `TextRules.lines` ends them ("\r\n", "\r" or "\n"), so line numbers agree with every other
/// multi-line reader in Steward. Columns count characters (grapheme clusters), so "é" written as "e" and a combining
/// accent is one column, as is an emoji made of several code points.
public struct TextPositions: Sendable {
    /// The code-point offset at which each character starts, then the text's length.
    private let characterStarts: [Int]
    /// The index (into `characterStarts`) of each line's first character.
    private let lineStarts: [Int]

    public init(_ text: String) {
        var starts: [Int] = []
        var lines = [0]
        var offset = 0
        for character in text {
            starts.append(offset)
            offset += character.unicodeScalars.count
            // "\r\n" is one character in Swift, so each ending starts exactly one new line.
            if character == "\n" || character == "\r" || character == "\r\n" { lines.append(starts.count) }
        }
        starts.append(offset)
        characterStarts = starts
        lineStarts = lines
    }

    /// Where the code-point offset `offset` falls. An offset inside a character (between an "e" and its accent, or
    /// between "\r" and "\n") is placed at that character; offsets outside the text are clamped to it.
    public func position(ofOffset offset: Int) -> TextPosition {
        let character = Self.lastIndex(in: characterStarts, notAfter: offset) ?? 0
        let line = Self.lastIndex(in: lineStarts, notAfter: character) ?? 0
        return TextPosition(line: line + 1, column: character - lineStarts[line] + 1)
    }

    /// The code-point offset at which the character at `position` starts, or nil if the text has no such place.
    /// The place just after a line's last character (where its ending, or the text's end, begins) counts.
    public func offset(of position: TextPosition) -> Int? {
        guard position.line >= 1, position.line <= lineStarts.count, position.column >= 1 else { return nil }
        let first = lineStarts[position.line - 1]
        let character = first + position.column - 1
        let next = position.line < lineStarts.count ? lineStarts[position.line] : characterStarts.count
        guard character < next else { return nil }
        return characterStarts[character]
    }

    /// The last index of sorted `values` whose value is at most `limit`, or nil when every value is above it.
    private static func lastIndex(in values: [Int], notAfter limit: Int) -> Int? {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] <= limit { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }
}
