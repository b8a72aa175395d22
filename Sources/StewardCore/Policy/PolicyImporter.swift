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

    /// Imports raw bytes: Markdown or plain text, a Word document or a PDF (through `pdftotext`); refuses what is none
    /// of these, empty, too large, or without a single clause.
    public static func `import`(_ bytes: [UInt8], pdftotext: String = "pdftotext") throws -> Result {
        if bytes.isEmpty { throw Refused(message: "The file is empty.") }
        if PolicyFile.format(of: bytes) != .text {
            let (text, _, notes) = try PolicyFile.text(of: bytes, pdftotext: pdftotext)
            var result = try parse(text)
            result.notes.insert(contentsOf: notes, at: 0)
            return result
        }
        if bytes.count > maxBytes { throw Refused(message: "The file is larger than 1 MB; a policy is far smaller.") }
        let text: String
        do {
            text = try TextDecoding.decode(bytes).0
        } catch {
            throw Refused(
                message: "This is not a policy file Steward can read. Import it as a Word document (.docx), a PDF, "
                    + "Markdown (.md) or plain text.")
        }
        return try parse(text)
    }

    /// Parses Markdown text.
    public static func parse(_ text: String) throws -> Result {
        let (units, contents) = assemble(text)
        var parser = Parser()
        for unit in units { parser.take(unit) }
        var result: Result
        if parser.sections.contains(where: { !$0.clauses.isEmpty }) {
            result = try parser.finish()
        } else {
            result = try Unnumbered.parse(units)
        }
        if contents > 0 {
            result.notes.insert(
                "A contents list at the top (\(contents) lines) was recognised and left out; the headings it lists are "
                    + "the policy's own.", at: 0)
        }
        return result
    }

    // MARK: - Units into a document

    struct Parser {
        var titleCandidates: [TitleCandidate] = []
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
        /// The last clause ends in ":" and the bullets that follow are its items.
        var leadInClauseOpen = false
        /// The numbered clause whose lead-in the lettered items that follow belong to.
        var parentClause: (number: String, text: String)?
        var itemNoted = false
        /// The numbers of paragraphs numbered 1, 2, 3 … under their sections, in order: if they never start again,
        /// they number the whole policy (council style) and are kept as they are.
        var itemNumbers: [Int] = []
        /// "Part B: Staff conduct", waiting to see whether numbered sections follow it.
        var pendingPart: (number: String, title: String, heading: String)?

        mutating func take(_ unit: Unit) {
            if unit.kind == .heading || unit.kind == .paragraph, let part = partHeading(unit.text) {
                flushPart()
                pendingPart = part
                return
            }
            // "Appendix A – Staff agreement": a section of its own, whose items may be numbered A1, A2 …
            if unit.kind == .heading || unit.kind == .paragraph, let (number, title) = appendixHeading(unit.text) {
                flushPart()
                startSection(number, title)
                return
            }
            // "PART A – GENERAL" then "A1 This policy applies …": the part is a section, its clauses A1, A2 ….
            if let part = pendingPart, appendixItem(unit.text, in: part.number) != nil { flushPart() }
            if let section = sections.last, let (number, body) = appendixItem(unit.text, in: section.number) {
                place(number, label: number, body, kind: "Item")
                return
            }
            if unit.kind == .heading {
                if let (number, title) = sectionHeading(unit.text) {
                    startSection(number, title)
                } else if sections.isEmpty {
                    titleCandidates.append(.init(text: unit.text, level: unit.level))
                    preamble.append(.init(.heading, unit.text))
                } else {
                    add(.block(.init(.heading, unit.text)))
                }
                return
            }
            let text = unit.text
            // "4. Use of Social Networking Sites" written as a paragraph or list item: the next section.
            let current = Int(sections.last?.number ?? "0") ?? 0
            if let (number, title) = sectionHeading(text), looksLikeTitle(title), let n = Int(number),
                n > current || sections.isEmpty && n == 0, n <= current + 3, !sections.isEmpty || n <= 1
            {
                startSection(number, title)
                return
            }
            flushPart()
            if let (number, body) = numberedClause(text), !number.hasSuffix(".0"),
                !sections.isEmpty || Self.opensPolicy(number, body)
            {
                addNumbered(number, body)
                return
            }
            // "1. Staff must …" under section 2, where each section's list starts again at 1: clause 2.1.
            if let (n, body) = sectionItem(text), let section = sections.last, Int(section.number) != nil {
                if !itemNoted {
                    itemNoted = true
                    notes.append(
                        "Paragraphs numbered 1, 2, 3 … within each section were given their section's number too "
                            + "(paragraph 1 of section \(section.number) is \(section.number).1).")
                }
                addNumbered("\(section.number).\(n)", body, label: "\(n).")
                itemNumbers.append(n)
                return
            }
            // "(i) …" under a lettered item or a clause's lead-in: part of that item.
            if let (label, body) = romanItem(text), leadInClauseOpen || lastLetter != nil,
                !Self.continuesLetters(label, after: lastLetter)
            {
                appendLine("\(label) \(body)")
                return
            }
            // "203 Staff must …" under section 2: paragraphs numbered by section, as some councils' policies are.
            if let (number, body) = PolicyImporter.paragraphNumber(text), let section = sections.last?.number,
                number.hasPrefix(section), number.count == section.count + 2
            {
                addParagraph(number, body)
                return
            }
            // Bullets after a clause's lead-in ("Staff must:") are part of that clause.
            if unit.kind == .listItem, leadInClauseOpen {
                appendLine("• " + text)
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
                // A short line standing alone at the top may be the title, written as a plain line.
                if unit.kind == .paragraph, text.count <= 100, text.last.map({ !".,;:".contains($0) }) ?? false {
                    titleCandidates.append(.init(text: text, level: 0))
                }
                preamble.append(.init(unit.kind == .listItem ? .bullet : .paragraph, text))
                return
            }
            leadInClauseOpen = false
            if text.hasSuffix(":") && unit.kind == .paragraph {
                group = (Self.groupSlug(text), text)
                groupsInSection += 1
                lastLetter = nil
                add(.block(.init(.leadIn, text)))
                return
            }
            group = nil
            lastLetter = nil
            leadInClauseOpen = false
            parentClause = nil
            add(.block(.init(unit.kind == .listItem ? .bullet : .paragraph, text)))
        }

        /// "(i)" after h), "(v)" after u), "(x)" after w): the next letter of a lettered list, not a roman numeral.
        static func continuesLetters(_ label: String, after last: Character?) -> Bool {
            let letters = label.filter(\.isLetter)
            guard letters.count == 1, let letter = letters.first, let last,
                let previous = letter.asciiValue.map({ Character(UnicodeScalar($0 - 1)) })
            else { return false }
            return previous == last
        }

        /// Before any section, a numbered line is the policy's first clause only if it is in section 1 and reads like
        /// one: a version table's "2.1 March 2025 Annual review" is not.
        static func opensPolicy(_ number: String, _ body: String) -> Bool {
            let months = [
                "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
            ]
            let first = body.prefix { $0.isLetter || $0.isNumber }.lowercased()
            return number.hasPrefix("1.") && body.split(separator: " ").count > 3
                && !(first.first?.isNumber ?? false) && !months.contains(String(first.prefix(3)))
        }

        mutating func startSection(_ number: String, _ title: String) {
            if !sectionNumbers.insert(number).inserted {
                notes.append("Section \(number) appears twice; the second was joined to the first.")
            }
            sections.append(.init(number: number, title: PolicyImporter.sentenceCase(title)))
            group = nil
            groupsInSection = 0
            lastLetter = nil
            leadInClauseOpen = false
            parentClause = nil
            // "Part B: Staff" above "4. Personal use": the part is a heading at the top of the section that follows.
            if let part = pendingPart {
                pendingPart = nil
                add(.block(.init(.heading, part.heading)))
            }
        }

        /// A part heading with nothing numbered under it yet becomes a section of its own when text arrives.
        mutating func flushPart() {
            guard let part = pendingPart else { return }
            pendingPart = nil
            startSection(part.number, part.title)
        }

        mutating func addParagraph(_ number: String, _ body: String) {
            place(number, label: number, body, kind: "Paragraph")
        }

        mutating func appendLine(_ text: String) {
            extendLast { $0.text += "\n" + text }
        }

        /// Changes the last clause in place: taken out of its section while it grows, so that a clause of thousands
        /// of lines costs no more per line than a short one. Nothing happens when the last item is not a clause.
        mutating func extendLast(_ change: (inout PolicyDocument.Clause) -> Void) {
            guard !sections.isEmpty, case .clause? = sections[sections.count - 1].items.last,
                case .clause(var clause)? = sections[sections.count - 1].items.popLast()
            else { return }
            change(&clause)
            sections[sections.count - 1].items.append(.clause(clause))
        }

        mutating func add(_ item: PolicyDocument.Item) {
            guard !sections.isEmpty else { return }
            sections[sections.count - 1].items.append(item)
        }

        mutating func addNumbered(_ number: String, _ body: String, label: String? = nil) {
            let sectionNumber = String(number.prefix { $0 != "." })
            if sections.isEmpty || sections.last?.number != sectionNumber {
                if !sectionNumbers.contains(sectionNumber) {
                    notes.append("Clause \(number) has no section \(sectionNumber) heading; one was made for it.")
                    startSection(sectionNumber, "Section \(sectionNumber)")
                } else {
                    notes.append("Clause \(number) is out of place, under section \(sections.last?.number ?? "?").")
                }
            }
            place(number, label: label ?? number, body, kind: "Clause")
        }

        /// Adds a numbered clause or paragraph, numbered apart if its number was used before; a lead-in ending in ":"
        /// opens it to the bullets and lettered items that follow.
        mutating func place(_ number: String, label: String, _ body: String, kind: String) {
            var unique = number
            if seenNumbers.contains(number) {
                var n = (lastRepeat[number] ?? 1) + 1
                while seenNumbers.contains("\(number) (\(n))") { n += 1 }
                lastRepeat[number] = n
                unique = "\(number) (\(n))"
                notes.append("\(kind) \(number) appears twice; the second is numbered \(unique).")
            }
            seenNumbers.insert(unique)
            group = nil
            lastLetter = nil
            leadInClauseOpen = body.hasSuffix(":")
            parentClause = leadInClauseOpen ? (unique, body) : nil
            add(.clause(.init(number: unique, label: label, text: body)))
        }

        mutating func addLettered(_ letter: Character, _ body: String, inferred: Bool) {
            let section = sections.last?.number ?? ""
            if group == nil {
                group = (nil, nil)
                groupsInSection += 1
            }
            let slug = groupsInSection <= 1 ? nil : (group?.slug ?? "list\(groupsInSection)")
            var number = section + (slug.map { "-\($0)-" } ?? "") + String(letter)
            // Under a numbered clause's lead-in ("2.1 Staff must:"), the items are 2.1a, 2.1b …
            if let parent = parentClause { number = parent.number + String(letter) }
            if seenNumbers.contains(number) {
                number += "-\(seenNumbers.count)"
                notes.append("Item \(letter)) in section \(section) repeats a letter; it is numbered \(number).")
            }
            seenNumbers.insert(number)
            lastLetter = letter
            leadInClauseOpen = false
            add(
                .clause(
                    .init(number: number, label: "\(letter))", group: parentClause?.text ?? group?.text, text: body)))
        }

        func continues(_ text: String) -> Bool {
            guard let first = text.first, first.isLowercase, let section = sections.last,
                case .clause(let last)? = section.items.last
            else { return false }
            return !(last.text.last.map { ".!?\"”)".contains($0) } ?? true)
        }

        mutating func appendToLast(_ text: String) {
            var number = ""
            extendLast {
                number = $0.number
                $0.text += " " + text
            }
            notes.append("The text after \(number) continues it (a page break split it); it was joined.")
        }

        func finish() throws -> Result {
            var sections = self.sections
            var notes = self.notes
            PolicyImporter.subHeadings(in: &sections, notes: &notes)
            PolicyImporter.continuousNumbers(itemNumbers, in: &sections, notes: &notes)
            let clauses = sections.flatMap(\.clauses)
            guard !clauses.isEmpty else {
                throw Refused(
                    message:
                        "No numbered clause was found. Number the clauses as the policy does (1.1, 1.2 … or a), b) …) and try again."
                )
            }
            let title = PolicyImporter.title(from: titleCandidates)
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
    }
}
