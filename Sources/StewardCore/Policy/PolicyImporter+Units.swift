// Reading a policy's text into units: one per heading, clause or paragraph, whatever ends its lines.

import Foundation

extension PolicyImporter {

    /// One heading, list item or paragraph, with the lines that make it up joined.
    struct Unit: Equatable {
        enum Kind: Equatable {
            case heading
            case listItem
            case paragraph
        }
        var kind: Kind
        var text: String
        /// A blank line came before it (a paragraph break, or a page break in a converted document).
        var afterBlank: Bool
    }

    static func units(of text: String) -> [Unit] {
        let lines = TextRules.lines(text).map(String.init)
        var units: [Unit] = []
        var current: Unit?
        var blank = true
        func close() {
            if let unit = current, !unit.text.isEmpty { units.append(unit) }
            current = nil
        }
        for raw in lines {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                close()
                blank = true
                continue
            }
            if line.hasPrefix("#") {
                close()
                let text = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                units.append(Unit(kind: .heading, text: clean(String(text)), afterBlank: blank))
                blank = false
                continue
            }
            if let item = listItemText(line) {
                close()
                current = Unit(kind: .listItem, text: clean(item), afterBlank: blank)
                blank = false
                continue
            }
            if line.allSatisfy({ "-*_=".contains($0) }) {
                // An underline makes the paragraph above it a heading; otherwise it is a rule.
                if var unit = current, unit.kind == .paragraph, line.count >= 3 {
                    unit.kind = .heading
                    current = unit
                }
                close()
                continue
            }
            // A numbered clause or a section on its own line starts afresh, even without a blank line before it.
            if current != nil, startsAfresh(line) { close() }
            if var unit = current {
                unit.text += " " + clean(line)
                current = unit
            } else {
                current = Unit(kind: .paragraph, text: clean(line), afterBlank: blank)
            }
            blank = false
        }
        close()
        return units
    }

    /// "3.1 …", "Section 3: …", "(a) …", "b) …": a line that begins something new.
    static func startsAfresh(_ line: String) -> Bool {
        let parser = Parser()
        return parser.numberedClause(line) != nil
            || line.lowercased().hasPrefix("section ")
                && parser.sectionHeading(line) != nil
            || parser.letteredItem(line) != nil
    }

    /// The text of a Markdown list item (`- x`, `* x`, `+ x`), or nil.
    static func listItemText(_ line: String) -> String? {
        guard let first = line.first, "-*+".contains(first) else { return nil }
        let rest = line.dropFirst()
        guard rest.first == " " || rest.first == "\t" else { return nil }
        return rest.trimmingCharacters(in: .whitespaces)
    }

    /// Removes stray bullet characters and Markdown emphasis, and collapses white space.
    static func clean(_ text: String) -> String {
        var t = text
        while let first = t.first, "·•▪◦●‣∙–".contains(first) {
            t = String(t.dropFirst()).trimmingCharacters(in: .whitespaces)
        }
        t = t.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
        return t.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
