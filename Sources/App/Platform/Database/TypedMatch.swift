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
}
