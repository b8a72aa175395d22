// A filter on text a person typed into a search box, the same on both engines: what they typed matches itself (`%`,
// `_` and `\` are not wildcards), and letters match whatever their case (SQLite's LIKE ignores ASCII case, PostgreSQL's
// does not).

import Fluent
import FluentSQL
import SQLKit

enum TypedMatch {
    enum Position { case startsWith, contains }

    /// `text` with LIKE's wildcards and its escape character written to match themselves.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            if character == "\\" || character == "%" || character == "_" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// Rows of `table` whose `column` starts with or contains `text`, ignoring case.
    static func filter(
        _ table: String, _ column: String, _ position: Position, _ text: String
    )
        -> DatabaseQuery.Filter
    {
        let pattern = (position == .contains ? "%" : "") + escaped(text) + "%"
        return .sql(embed: "LOWER(\(SQLColumn(column, table: table))) LIKE LOWER(\(bind: pattern)) ESCAPE '\\'")
    }

    /// Rows of `table` whose code `column` (like `case.lado_referral_recorded`) starts with `text` typed as a code
    /// or as the words a page shows for it ("Case LADO referral"): `.`, `_` and `-` read as spaces on both sides.
    static func codeOrWords(_ table: String, _ column: String, startsWith text: String) -> DatabaseQuery.Filter {
        let words = wordsOf(text)
        let pattern = escaped(words) + "%"
        let column = SQLColumn(column, table: table)
        return .sql(
            embed: """
                REPLACE(REPLACE(REPLACE(LOWER(\(column)), '.', ' '), '_', ' '), '-', ' ') \
                LIKE LOWER(\(bind: pattern)) ESCAPE '\\'
                """)
    }

    /// `text` as words: `.`, `_` and `-` as spaces, each run of spaces as one (none trimmed: "_" alone is a
    /// space, which no code starts with).
    static func wordsOf(_ text: String) -> String {
        var out = ""
        for character in text {
            let spaced: Character = ".-_".contains(character) ? " " : character
            if spaced == " " && out.last == " " { continue }
            out.append(spaced)
        }
        return out
    }
}
