// Reading a policy written in Markdown as schools really write them: headings at any level, numbers typed inside list
// items, stray bullet characters, lettered lists after a lead-in, paragraphs that a page break split in two.

import Foundation

/// Turns Markdown into a `PolicyDocument` and reports what it could not place or had to guess.
public enum PolicyImporter {
    /// Why a file cannot become a policy at all.
    public struct Refused: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The document and the notes the headteacher should read before publishing it.
    public struct Result: Sendable, Equatable {
        public var document: PolicyDocument
        /// Things that were guessed, could not be placed, or refer to clauses that do not exist.
        public var notes: [String]
    }

    public static let maxBytes = 1024 * 1024

    /// Imports raw bytes: refuses what is not text, empty, over 1 MB, or without a single clause.
    public static func `import`(_ bytes: [UInt8]) throws -> Result {
        if bytes.isEmpty { throw Refused(message: "The file is empty.") }
        if bytes.count > maxBytes { throw Refused(message: "The file is larger than 1 MB; a policy is far smaller.") }
        let text: String
        do {
            text = try TextDecoding.decode(bytes).0
        } catch {
            throw Refused(message: "This is not a text file. Save the policy as Markdown (.md) or plain text.")
        }
        return try parse(text)
    }

    /// Parses Markdown text.
    public static func parse(_ text: String) throws -> Result {
        var parser = Parser()
        for unit in units(of: text) { parser.take(unit) }
        return try parser.finish()
    }

    // MARK: - Units into a document

    struct Parser {
        var titleCandidates: [String] = []
        var preamble: [PolicyDocument.Block] = []
        var sections: [PolicyDocument.Section] = []
        var notes: [String] = []
        /// The current lead-in's label ("headteacher") and text, and the letter last used under it.
        var group: (slug: String?, text: String?)?
        var groupsInSection = 0
        var lastLetter: Character?
        var seenNumbers: Set<String> = []
        /// Section numbers made so far, and for each repeated clause number the last suffix it was given: kept so
        /// that a file of thousands of sections or repeats costs no more per line than a short one.
        var sectionNumbers: Set<String> = []
        var lastRepeat: [String: Int] = [:]

        mutating func take(_ unit: Unit) {
            if unit.kind == .heading {
                if let (number, title) = sectionHeading(unit.text) {
                    startSection(number, title)
                } else if sections.isEmpty {
                    titleCandidates.append(unit.text)
                    preamble.append(.init(.heading, unit.text))
                } else {
                    add(.block(.init(.heading, unit.text)))
                }
                return
            }
            let text = unit.text
            // "4. Use of Social Networking Sites" written as a paragraph or list item: the next section.
            if let (number, title) = sectionHeading(text), looksLikeTitle(title),
                Int(number) == (Int(sections.last?.number ?? "0") ?? 0) + 1
            {
                startSection(number, title)
                return
            }
            if let (number, body) = numberedClause(text) {
                addNumbered(number, body)
                return
            }
            if let (letter, body) = letteredItem(text), !sections.isEmpty {
                addLettered(letter, body, inferred: false)
                return
            }
            // An unlettered item in the middle of a lettered list: the letter was lost.
            if unit.kind == .listItem, let last = lastLetter, group != nil, !text.hasSuffix(":") {
                let letter = Character(UnicodeScalar((last.unicodeScalars.first?.value ?? 96) + 1) ?? "a")
                notes.append(
                    "An item without a letter in section \(sections.last?.number ?? "") was taken as \(letter)): "
                        + "\"\(Self.excerpt(text))\".")
                addLettered(letter, text, inferred: true)
                return
            }
            // A page break splits a clause: the rest starts in lower case after a blank line.
            if continues(text) {
                appendToLast(text)
                return
            }
            if sections.isEmpty {
                preamble.append(.init(unit.kind == .listItem ? .bullet : .paragraph, text))
                return
            }
            if text.hasSuffix(":") && unit.kind == .paragraph {
                group = (Self.groupSlug(text), text)
                groupsInSection += 1
                lastLetter = nil
                add(.block(.init(.leadIn, text)))
                return
            }
            group = nil
            lastLetter = nil
            add(.block(.init(unit.kind == .listItem ? .bullet : .paragraph, text)))
        }

        mutating func startSection(_ number: String, _ title: String) {
            if !sectionNumbers.insert(number).inserted {
                notes.append("Section \(number) appears twice; the second was joined to the first.")
            }
            sections.append(.init(number: number, title: title))
            group = nil
            groupsInSection = 0
            lastLetter = nil
        }

        mutating func add(_ item: PolicyDocument.Item) {
            guard !sections.isEmpty else { return }
            sections[sections.count - 1].items.append(item)
        }

        mutating func addNumbered(_ number: String, _ body: String) {
            let sectionNumber = String(number.prefix { $0 != "." })
            if sections.isEmpty || sections.last?.number != sectionNumber {
                if !sectionNumbers.contains(sectionNumber) {
                    notes.append("Clause \(number) has no section \(sectionNumber) heading; one was made for it.")
                    startSection(sectionNumber, "Section \(sectionNumber)")
                } else {
                    notes.append("Clause \(number) is out of place, under section \(sections.last?.number ?? "?").")
                }
            }
            var unique = number
            if seenNumbers.contains(number) {
                var n = (lastRepeat[number] ?? 1) + 1
                while seenNumbers.contains("\(number) (\(n))") { n += 1 }
                lastRepeat[number] = n
                unique = "\(number) (\(n))"
                notes.append("Clause \(number) appears twice; the second is numbered \(unique).")
            }
            seenNumbers.insert(unique)
            group = nil
            lastLetter = nil
            add(.clause(.init(number: unique, label: number, text: body)))
        }

        mutating func addLettered(_ letter: Character, _ body: String, inferred: Bool) {
            let section = sections.last?.number ?? ""
            if group == nil {
                group = (nil, nil)
                groupsInSection += 1
            }
            let slug = groupsInSection <= 1 ? nil : (group?.slug ?? "list\(groupsInSection)")
            var number = section + (slug.map { "-\($0)-" } ?? "") + String(letter)
            if seenNumbers.contains(number) {
                number += "-\(seenNumbers.count)"
                notes.append("Item \(letter)) in section \(section) repeats a letter; it is numbered \(number).")
            }
            seenNumbers.insert(number)
            lastLetter = letter
            add(.clause(.init(number: number, label: "\(letter))", group: group?.text, text: body)))
        }

        func continues(_ text: String) -> Bool {
            guard let first = text.first, first.isLowercase, let section = sections.last,
                case .clause(let last)? = section.items.last
            else { return false }
            return !(last.text.last.map { ".!?\"”)".contains($0) } ?? true)
        }

        mutating func appendToLast(_ text: String) {
            guard var section = sections.popLast(), case .clause(var clause)? = section.items.last else { return }
            notes.append("The text after \(clause.number) continues it (a page break split it); it was joined.")
            clause.text += " " + text
            section.items[section.items.count - 1] = .clause(clause)
            sections.append(section)
        }

        func finish() throws -> Result {
            let clauses = sections.flatMap(\.clauses)
            guard !clauses.isEmpty else {
                throw Refused(
                    message:
                        "No numbered clause was found. Number the clauses as the policy does (1.1, 1.2 … or a), b) …) and try again."
                )
            }
            let title =
                titleCandidates.last { $0.lowercased().contains("policy") } ?? titleCandidates.first
                ?? "Untitled policy"
            var notes = self.notes
            let numbers = Set(clauses.map(\.label))
            let sectionNumbers = Set(sections.map(\.number))
            for clause in clauses {
                for reference in Self.references(in: clause.text)
                where !numbers.contains(reference) && !sectionNumbers.contains(reference) {
                    notes.append("\(clause.number) refers to \(reference), which this policy does not have.")
                }
            }
            for section in sections where section.items.isEmpty {
                notes.append("Section \(section.number) (\(section.title)) has nothing in it.")
            }
            return Result(
                document: PolicyDocument(title: title, preamble: preamble, sections: sections), notes: notes)
        }

        // MARK: Recognising pieces

        /// "1. Introduction", "Section 4: Use of …", "2 Policy Aims:" → ("1", "Introduction").
        func sectionHeading(_ text: String) -> (String, String)? {
            var rest = Substring(text)
            if rest.lowercased().hasPrefix("section ") { rest = rest.dropFirst(8) }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 2 else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let next = rest.first, next == "." || next == ":" || next == ")" || next == " " else { return nil }
            if next != " " { rest = rest.dropFirst() }
            // "1.1 …" is a clause, not a section.
            if let after = rest.first, after.isNumber { return nil }
            var title = rest.trimmingCharacters(in: .whitespaces)
            while title.hasSuffix(":") { title.removeLast() }
            guard !title.isEmpty else { return nil }
            return (String(digits), title)
        }

        func looksLikeTitle(_ text: String) -> Bool {
            text.count <= 80 && !text.hasSuffix(".") && text.first?.isUppercase == true
        }

        /// "1.1 St Cleopas …", "4.3. Staff must …" → ("1.1", "St Cleopas …").
        func numberedClause(_ text: String) -> (String, String)? {
            var number = ""
            var index = text.startIndex
            var sawDot = false
            while index < text.endIndex {
                let c = text[index]
                if c.isASCII && c.isNumber {
                    number.append(c)
                } else if c == ".", let next = text.index(index, offsetBy: 1, limitedBy: text.endIndex),
                    next < text.endIndex, text[next].isNumber, !number.isEmpty, number.last != "."
                {
                    number.append(c)
                    sawDot = true
                } else {
                    break
                }
                index = text.index(after: index)
            }
            guard sawDot, number.count <= 12 else { return nil }
            var rest = text[index...]
            if rest.first == "." || rest.first == ")" { rest = rest.dropFirst() }
            guard rest.first == " " else { return nil }
            let body = rest.trimmingCharacters(in: .whitespaces)
            return body.isEmpty ? nil : (number, body)
        }

        /// "a) ensure …", "(b) make …", "c. seek …" → ("a", "ensure …").
        func letteredItem(_ text: String) -> (Character, String)? {
            var rest = Substring(text)
            if rest.first == "(" { rest = rest.dropFirst() }
            guard let letter = rest.first, letter.isASCII, letter.isLowercase, letter.isLetter else { return nil }
            rest = rest.dropFirst()
            guard rest.first == ")" || (rest.first == "." && text.first != "(") else { return nil }
            rest = rest.dropFirst()
            guard rest.first == " " else { return nil }
            let body = rest.trimmingCharacters(in: .whitespaces)
            return body.isEmpty ? nil : (letter, body)
        }

        /// "The Governing Body will:" → "governing-body"; "Everyone is expected to:" → "everyone".
        static func groupSlug(_ text: String) -> String {
            var words = text.lowercased().split(separator: " ").map(String.init)
            if words.first == "the" { words.removeFirst() }
            let stops: Set<String> = [
                "will", "is", "are", "must", "should", "shall", "may", "can", "to", "has", "have",
            ]
            let subject = words.prefix { !stops.contains($0) && !$0.hasSuffix(":") }
            let slug = subject.joined(separator: "-").filter { $0.isLetter || $0.isNumber || $0 == "-" }
            return slug.isEmpty ? "list" : String(slug.prefix(30))
        }

        /// Numbers a clause points at: "see 6.1.14", "clause 4.3", "paragraph 2.1", "section 5".
        static func references(in text: String) -> [String] {
            var found: [String] = []
            let words = text.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == "\n" }).map(String.init)
            for (index, word) in words.enumerated() where index + 1 < words.count {
                let cue = word.lowercased().trimmingCharacters(in: .punctuationCharacters)
                guard ["see", "clause", "clauses", "paragraph", "para", "section", "sections"].contains(cue) else {
                    continue
                }
                let target = words[index + 1].trimmingCharacters(in: CharacterSet(charactersIn: ".,;:)"))
                if !target.isEmpty, target.allSatisfy({ $0.isNumber || $0 == "." }), target.first?.isNumber == true {
                    found.append(target)
                }
            }
            return found
        }

        static func excerpt(_ text: String) -> String {
            text.count <= 60 ? text : String(text.prefix(57)) + "…"
        }
    }
}
