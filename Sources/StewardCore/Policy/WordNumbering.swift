// Word's automatic numbering, worked out as Word shows it: the numbers are not in a document's text but in its
// numbering definitions (numbering.xml), counted paragraph by paragraph across levels, restarts and list formats.

import Foundation

/// The lists a Word document defines, and the counters that number its paragraphs in order.
struct WordNumbering {
    /// One level of a list: "%1.%2." in decimal from 1, say.
    struct Level {
        var start = 1
        var format = "decimal"
        var text = ""
        /// Legal numbering: every level shown in decimal ("1.1.1" under "Article I").
        var legal = false
    }

    /// A list's levels (an abstract number in Word's terms).
    var lists: [String: [Int: Level]] = [:]
    /// An instance of a list (a num): which list it counts, and the levels it restarts.
    var instances: [String: (list: String, restarts: [Int: Int])] = [:]
    /// The current count of each level of each list; nil until a paragraph uses it.
    private var counters: [String: [Int: Int]] = [:]
    private var restarted: Set<String> = []

    /// The label a paragraph in list instance `numID` at level `level` shows ("1.2", "a)", "(iv)", "•"), and whether it
    /// is a bullet. Nil when the paragraph is not numbered.
    mutating func label(numID: String, level: Int) -> (text: String, bullet: Bool)? {
        guard numID != "0", let instance = instances[numID], let levels = lists[instance.list],
            (0...8).contains(level)
        else { return nil }
        let list = instance.list
        var counts = counters[list] ?? [:]
        if !restarted.contains(numID) {
            restarted.insert(numID)
            for (restartLevel, value) in instance.restarts {
                counts[restartLevel] = value - 1
                for deeper in (restartLevel + 1)..<9 { counts[deeper] = nil }
            }
        }
        let own = levels[level] ?? Level()
        counts[level] = (counts[level] ?? (own.start - 1)) + 1
        for deeper in (level + 1)..<9 { counts[deeper] = nil }
        counters[list] = counts
        if own.format == "bullet" { return ("•", true) }
        if own.format == "none" && !own.text.contains("%") { return own.text.isEmpty ? nil : (own.text, false) }
        var text = ""
        var scalars = own.text[...]
        while let c = scalars.first {
            scalars = scalars.dropFirst()
            if c == "%", let digit = scalars.first, let n = digit.wholeNumberValue, (1...9).contains(n) {
                scalars = scalars.dropFirst()
                let shown = levels[n - 1] ?? Level()
                let count = counts[n - 1] ?? shown.start
                text += Self.format(count, own.legal && n - 1 != level ? "decimal" : shown.format)
            } else {
                text.append(c)
            }
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : (trimmed, false)
    }

    /// A count in one of Word's formats: 3 → "3", "c", "C", "iii", "III", "03".
    static func format(_ n: Int, _ format: String) -> String {
        switch format {
        case "lowerLetter": letters(n).lowercased()
        case "upperLetter": letters(n)
        case "lowerRoman": roman(n).lowercased()
        case "upperRoman": roman(n)
        case "decimalZero": n < 10 && n >= 0 ? "0\(n)" : String(n)
        case "none", "bullet": ""
        default: String(n)
        }
    }

    /// 1 → A, 26 → Z, 27 → AA, 28 → BB (Word repeats the letter).
    static func letters(_ n: Int) -> String {
        guard n > 0 else { return String(n) }
        let letter = Character(UnicodeScalar(UInt8(65 + (n - 1) % 26)))
        return String(repeating: letter, count: min((n - 1) / 26 + 1, 10))
    }

    static func roman(_ n: Int) -> String {
        guard n > 0, n < 4000 else { return String(n) }
        let table: [(Int, String)] = [
            (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"),
            (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
        ]
        var rest = n
        var out = ""
        for (value, symbol) in table {
            while rest >= value {
                out += symbol
                rest -= value
            }
        }
        return out
    }
}
