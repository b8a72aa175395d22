// Reading a policy's text into units: one per heading, clause or paragraph, whatever ends its lines. Text copied from
// a PDF or a word processor has no blank lines between paragraphs, numbers alone on the line above their words,
// bullets as "•", headings as plain short lines and a contents list at the top: each is recognised here.

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
        /// A Markdown heading's level ("#" is 1; a Word title is written as one); 0 for anything else.
        var level = 0
    }

    /// The units of `text`, and how many lines of a contents list were skipped.
    static func assemble(_ text: String) -> (units: [Unit], contentsSkipped: Int) {
        let lines = TextRules.lines(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let contents = contentsLines(lines)
        let skip = contents.union(pageFurniture(lines))
        // How wide the text's lines run: a file whose lines run far wider than a page's (one line per paragraph, as
        // word processors save text) has no wrapped lines; in one that is wrapped, a line that ends a sentence well
        // short of the width ends its paragraph.
        let lengths = lines.filter { !$0.isEmpty }.map(\.count).sorted()
        let width = lengths.isEmpty ? 0 : lengths[min(lengths.count - 1, lengths.count * 9 / 10)]
        // Wrapped text has lines that stop mid-sentence and go on, in lower case, on the next.
        var midSentence = 0
        for (index, line) in lines.enumerated() where index + 1 < lines.count {
            if let end = line.last, !".!?:;".contains(end), lines[index + 1].first?.isLowercase == true {
                midSentence += 1
            }
        }
        let wrapped = width <= 130 && midSentence * 8 >= lengths.count
        /// The next line with something on it, for a heading's look.
        var nextFilled = Array(repeating: "", count: lines.count + 1)
        for index in lines.indices.reversed() {
            nextFilled[index] =
                index + 1 < lines.count && !lines[index + 1].isEmpty ? lines[index + 1] : nextFilled[index + 1]
        }
        var units: [Unit] = []
        /// The document's words, read once if a line ends in a hyphen.
        var vocabulary: Set<String>?
        var current: Unit?
        var blank = true
        /// A number alone on its line ("1.1", "a)"): it belongs to the words on the next line.
        var pendingNumber: String?
        func close() {
            if let unit = current, !unit.text.isEmpty { units.append(unit) }
            current = nil
        }
        for (index, raw) in lines.enumerated() {
            if skip.contains(index) { continue }
            var line = raw
            if line.isEmpty {
                close()
                blank = true
                continue
            }
            if let number = pendingNumber {
                line = number + " " + line
                pendingNumber = nil
            }
            if isNumberAlone(line) {
                close()
                pendingNumber = line
                continue
            }
            if line.hasPrefix("#") {
                close()
                let text = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                let level = line.prefix { $0 == "#" }.count
                units.append(Unit(kind: .heading, text: clean(String(text)), afterBlank: blank, level: level))
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
            let previous = index > 0 ? lines[index - 1] : ""
            // "1. Introduction", "II. SCOPE", "Section 2 – Purpose" on a line of its own: a heading, whatever the line
            // before it (a title or an approval line with no full stop) and whatever follows.
            if isSectionLine(line) {
                close()
                units.append(Unit(kind: .paragraph, text: clean(line), afterBlank: blank))
                blank = false
                continue
            }
            if isPlainHeading(line, previous: current == nil || !wrapped ? "" : previous, next: nextFilled[index]) {
                close()
                units.append(Unit(kind: .heading, text: clean(line), afterBlank: blank))
                blank = false
                continue
            }
            // A numbered clause or a section on its own line starts afresh, even without a blank line before it.
            if current != nil, startsAfresh(line) { close() }
            // One line per paragraph: only a line that starts in lower case after one that stopped mid-sentence goes
            // on. Wrapped: a sentence's end well short of the width, and a capital after it, end the paragraph.
            if current != nil, let end = previous.last, let start = line.first {
                let sentenceEnds = ".!?".contains(end)
                let startsNew = start.isUppercase || start.isNumber || "\"“‘'(".contains(start)
                if wrapped {
                    if sentenceEnds, startsNew, Double(previous.count) < Double(width) * 0.8 { close() }
                } else if sentenceEnds || startsNew || ":;".contains(end) {
                    close()
                }
            }
            if var unit = current {
                current = nil  // so that the text is not shared while it grows
                LineHyphens.append(clean(line), to: &unit.text) {
                    if let words = vocabulary { return words }
                    let words = LineHyphens.vocabulary(lines)
                    vocabulary = words
                    return words
                }
                current = unit
            } else {
                current = Unit(kind: .paragraph, text: clean(line), afterBlank: blank)
            }
            blank = false
        }
        close()
        return (units, contents.count)
    }

    /// "3.1 …", "Section 3: …", "(a) …", "b) …", "101 …": a line that begins something new.
    static func startsAfresh(_ line: String) -> Bool {
        let parser = Parser()
        return parser.numberedClause(line) != nil
            || line.lowercased().hasPrefix("section ")
                && parser.sectionHeading(line).map({ parser.looksLikeTitle($0.1) }) == true
            || parser.letteredItem(line) != nil
            || paragraphNumber(line) != nil
    }

    /// A short line that is a numbered section's heading ("1. Introduction", "3.0 Roles", "II. SCOPE").
    static func isSectionLine(_ line: String) -> Bool {
        let parser = Parser()
        guard line.count <= 60, line.split(separator: " ").count <= 8, !line.contains(" | "),
            let (_, title) = parser.sectionHeading(line), parser.looksLikeTitle(title),
            !".;,".contains(line.last ?? ".")
        else { return false }
        return parser.numberedClause(line) == nil || line.contains(".0 ")
    }

    /// "1.1", "4.", "12", "a)", "(iv)", "B2" alone on a line: a number whose words are on the next line.
    static func isNumberAlone(_ line: String) -> Bool {
        guard line.count <= 8, !line.isEmpty else { return false }
        // "A1", "B2.", "C1.1": a lettered part's clause.
        if let first = line.first, first.isASCII, first.isUppercase, line.count >= 2 {
            let rest = line.dropFirst()
            if rest.first?.isNumber == true, rest.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                !rest.contains("..")
            {
                return true
            }
        }
        if line.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) {
            return line.first?.isNumber == true && !line.contains("..")
        }
        var body = Substring(line)
        if body.first == "(" { body = body.dropFirst() }
        guard body.last == ")" || (body.last == "." && line.first != "(") else { return false }
        body = body.dropLast()
        if body.count == 1, let c = body.first, c.isASCII, c.isLowercase { return true }
        return !body.isEmpty && body.count <= 5 && body.allSatisfy { "ivxl".contains($0) }
    }

    /// A heading written as a plain line: short, no sentence ending, and either in capitals or standing apart from
    /// the text around it (after a sentence's end or a blank line, before a line that starts with a capital).
    static func isPlainHeading(_ line: String, previous: String, next: String) -> Bool {
        guard line.count <= 70, line.split(separator: " ").count <= 10, !line.contains(" | "), let last = line.last,
            !".,;:!?".contains(last), let first = line.first, first.isUppercase || first.isNumber
        else { return false }
        if Parser().numberedClause(line) != nil || Parser().letteredItem(line) != nil || listItemText(line) != nil
            || paragraphNumber(line) != nil
        {
            return false
        }
        let letters = line.filter(\.isLetter)
        guard letters.count >= 2 else { return false }
        let capitals = letters.allSatisfy { $0.isUppercase }
        // "John 13:34-35", "Approved 2025": a reference or a date, not a heading (unless in capitals).
        if last.isNumber, !capitals { return false }
        let standsAfter = previous.isEmpty || previous.last.map { ".:!?;".contains($0) } == true
        guard standsAfter else { return false }
        if capitals { return true }
        guard let start = next.first else { return false }
        return start.isUppercase || start.isNumber || "•·▪◦●‣-*\u{F0B7}".contains(start)
    }

    /// The lines of a contents list near the top ("Contents" followed by entries that are repeated as headings
    /// below, often with dot leaders and page numbers): skipped, so that the entries are not read as the policy.
    static func contentsLines(_ lines: [String]) -> Set<Int> {
        var skip: Set<Int> = []
        for (index, line) in lines.enumerated() where hasLeaders(line) { skip.insert(index) }
        guard
            let start = lines.prefix(80).firstIndex(where: {
                let l = $0.lowercased().trimmingCharacters(in: .punctuationCharacters)
                return l == "contents" || l == "table of contents" || l == "# contents" || l == "## contents"
                    || l.hasSuffix("# contents") || l == "index"
            })
        else { return skip }
        var entries: [String] = []
        var index = start + 1
        var lastNumbered = start
        while index < lines.count {
            let line = lines[index]
            let key = contentsKey(line)
            if line.isEmpty {
                index += 1
                continue
            }
            // The entry met again is the policy's own heading: the list has ended.
            if !entries.isEmpty, entries.contains(key), !hasLeaders(line), !endsWithPageNumber(line) { break }
            if line.count > 100 || (line.last == "." && !hasLeaders(line)) {
                index = lastNumbered + 1
                break
            }
            entries.append(key)
            if endsWithPageNumber(line) || hasLeaders(line) { lastNumbered = index }
            index += 1
        }
        guard !entries.isEmpty else { return skip }
        for skipped in start..<min(index, lines.count) { skip.insert(skipped) }
        return skip
    }

    /// Text copied out of a PDF keeps each page's footer and header where the page broke ("Page 1 of 2", then the
    /// running header): the "Page" lines, and lines beside them that the document repeats, are not the policy's words.
    static func pageFurniture(_ lines: [String]) -> Set<Int> {
        let pageLines = lines.indices.filter {
            lines[$0].lowercased().contains("page") && PDFText.isPageNumber(lines[$0])
        }
        guard !pageLines.isEmpty else { return [] }
        var counts: [String: Int] = [:]
        for line in lines where !line.isEmpty && line.count <= 90 { counts[line, default: 0] += 1 }
        var skip = Set(pageLines)
        for page in pageLines {
            for near in max(0, page - 2)...min(lines.count - 1, page + 2) where near != page {
                let line = lines[near]
                if !line.isEmpty, counts[line, default: 0] >= 2, !startsAfresh(line) { skip.insert(near) }
            }
        }
        return skip
    }

    static func hasLeaders(_ line: String) -> Bool {
        line.contains("....") || line.contains("…………") || line.contains(". . . .")
            || line.contains("\t")
                && endsWithPageNumber(line)
    }

    static func endsWithPageNumber(_ line: String) -> Bool {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count >= 2, let last = words.last else { return false }
        return last.count <= 3 && last.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// An entry as it would appear as a heading: no leaders, no page number, lower case.
    static func contentsKey(_ line: String) -> String {
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if words.count >= 2, let last = words.last, last.allSatisfy({ $0.isASCII && $0.isNumber }) {
            words.removeLast()
        }
        let joined = words.joined(separator: " ")
        let trimmed = joined.trimmingCharacters(in: CharacterSet(charactersIn: ".… #"))
        return trimmed.lowercased()
    }

    /// The text of a list item (`- x`, `* x`, `+ x`, `• x`), or nil.
    static func listItemText(_ line: String) -> String? {
        guard let first = line.first, "-*+•·▪◦●‣∙➢✓\u{F0B7}\u{F0A7}\u{F076}\u{F0D8}".contains(first) else { return nil }
        let rest = line.dropFirst()
        guard rest.first == " " || rest.first == "\t" else { return nil }
        let text = rest.trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    /// "101 The council …" → ("101", "The council …"): paragraphs numbered by section and paragraph, as some
    /// councils' model policies are.
    static func paragraphNumber(_ text: String) -> (String, String)? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard digits.count == 3 || digits.count == 4, digits.first != "0" else { return nil }
        var rest = text.dropFirst(digits.count)
        if rest.first == "." { rest = rest.dropFirst() }
        guard rest.first == " " || rest.first == "\t" else { return nil }
        let body = rest.trimmingCharacters(in: .whitespaces)
        guard let first = body.first, first.isUppercase else { return nil }
        return (String(digits), body)
    }

    /// Removes stray bullet characters and Markdown emphasis, and collapses white space.
    static func clean(_ text: String) -> String {
        var t = text
        while let first = t.first, "·•▪◦●‣∙–\u{F0B7}\u{F0A7}".contains(first) {
            t = String(t.dropFirst()).trimmingCharacters(in: .whitespaces)
        }
        t = t.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
        return t.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
