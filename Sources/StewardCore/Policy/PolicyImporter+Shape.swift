// The shape of a policy once its pieces are read: its title, numbered sub-headings ("1.1 Objectives" over 1.1.1), and
// a policy with no numbers at all, numbered by section and paragraph.

import Foundation

extension PolicyImporter {
    /// Lines at the top that describe the document rather than name it.
    static let metadataStarts = [
        "version", "approved", "date", "review", "adopted", "ratified", "last ", "next ", "status", "owner",
        "author", "page ", "issued", "effective", "updated", "document", "ver.", "v1", "v2", "v3",
    ]

    static func isMetadata(_ line: String) -> Bool {
        let lowered = line.lowercased()
        return metadataStarts.contains { lowered.hasPrefix($0) }
    }

    /// A line before the first section that may be the policy's title, with its Markdown heading level (0 if none).
    struct TitleCandidate {
        var text: String
        var level: Int
    }

    /// Names of a document-control table's row that holds the title.
    static let titleRows: Set<String> = [
        "policy name", "policy title", "title", "document title", "name of policy", "policy", "document name",
        "title of policy",
    ]

    /// The policy's title among the lines before its first section: the row of a document-control table that names
    /// it; else the last line that calls itself a policy; else the document's top heading; else the line above a
    /// version or approval line; else the first line that is not one.
    static func title(from candidates: [TitleCandidate]) -> String {
        for candidate in candidates where candidate.text.contains(" | ") {
            let cells = candidate.text.components(separatedBy: " | ")
            let name = cells[0].lowercased().trimmingCharacters(in: .punctuationCharacters)
            if cells.count >= 2, titleRows.contains(name), !cells[1].isEmpty { return sentenceCase(cells[1]) }
        }
        let named = candidates.filter {
            !isMetadata($0.text) && !$0.text.lowercased().hasPrefix("contents") && !$0.text.contains(" | ")
        }
        if let policy = named.last(where: { $0.text.lowercased().contains("policy") }) {
            // "Ashford Park School — Acceptable Use Policy": the part that names the policy.
            for dash in [" — ", " – ", " - ", " | "] {
                let parts = policy.text.components(separatedBy: dash)
                let named = parts.filter { $0.lowercased().contains("policy") }
                if parts.count == 2, named.count == 1 { return sentenceCase(named[0]) }
            }
            return sentenceCase(policy.text)
        }
        if let top = named.first(where: { $0.level == 1 }) { return sentenceCase(top.text) }
        for (index, candidate) in candidates.enumerated().dropFirst() where isMetadata(candidate.text) {
            let above = candidates[index - 1]
            if !isMetadata(above.text) && !above.text.contains(" | ") { return sentenceCase(above.text) }
        }
        return sentenceCase(named.first?.text ?? "Untitled policy")
    }

    /// Paragraphs numbered 1, 2, 3 … that never start again under a new section number the whole policy: "5." is
    /// clause 5, as the school refers to it, not 2.5.
    static func continuousNumbers(_ numbers: [Int], in sections: inout [PolicyDocument.Section], notes: inout [String])
    {
        guard numbers.count >= 2, numbers == Array(1...numbers.count) else { return }
        let restarted = sections.filter { section in section.clauses.contains { $0.label.hasSuffix(".") } }.count
        guard restarted >= 2 else { return }
        for s in sections.indices {
            for i in sections[s].items.indices {
                guard case .clause(var clause) = sections[s].items[i], clause.label.hasSuffix("."),
                    let n = Int(clause.label.dropLast())
                else { continue }
                clause.number = String(n)
                sections[s].items[i] = .clause(clause)
            }
        }
        notes.removeAll { $0.hasPrefix("Paragraphs numbered 1, 2, 3") }
        notes.append("Paragraphs are numbered 1, 2, 3 … through the whole policy; each keeps its own number.")
    }

    /// A numbered clause whose words are a short title and whose number heads clauses below it ("1.1 Objectives"
    /// over "1.1.1 …") is a sub-heading, not a clause.
    static func subHeadings(in sections: inout [PolicyDocument.Section], notes: inout [String]) {
        let labels = sections.flatMap(\.clauses).map(\.label)
        let parents = Set(
            labels.compactMap { label -> String? in
                guard let dot = label.lastIndex(of: "."), label.filter({ $0 == "." }).count >= 2 else { return nil }
                return String(label[..<dot])
            })
        guard !parents.isEmpty else { return }
        var made: [String] = []
        for s in sections.indices {
            for i in sections[s].items.indices {
                guard case .clause(let clause) = sections[s].items[i], parents.contains(clause.label),
                    clause.text.count <= 80, clause.text.first?.isUppercase == true,
                    !clause.text.contains("\n"), clause.text.last.map({ !".:;!?".contains($0) }) ?? false
                else { continue }
                sections[s].items[i] = .block(.init(.heading, "\(clause.label) \(sentenceCase(clause.text))"))
                made.append(clause.label)
            }
        }
        if !made.isEmpty {
            notes.append(
                "\(made.joined(separator: ", ")) \(made.count == 1 ? "is a heading" : "are headings") over the clauses "
                    + "numbered below \(made.count == 1 ? "it" : "them"), not \(made.count == 1 ? "a clause" : "clauses")."
            )
        }
    }

    /// A policy with no clause numbers: each heading starts a section (numbered in order, or as the heading numbers
    /// itself), and each paragraph under it is a clause numbered section.paragraph; bullets after a lead-in ending in
    /// ":" belong to that clause. The words are kept as the school wrote them.
    enum Unnumbered {
        static func parse(_ units: [Unit]) throws -> Result {
            // A section's numbered heading line ("Section 1 – Purpose") is a heading here, as Markdown's are.
            func heads(_ unit: Unit) -> Bool {
                unit.kind == .heading || unit.kind == .paragraph && PolicyImporter.isSectionLine(unit.text)
            }
            let headings = units.indices.filter { heads(units[$0]) }
            guard !headings.isEmpty else {
                throw Refused(
                    message:
                        "No numbered clause and no heading was found. A policy needs numbered clauses (1.1, 1.2 … or "
                        + "a), b) …), or a title and headings over its paragraphs; check that this is the whole policy."
                )
            }
            // The title and what describes the document come before the first heading that has text under it.
            var firstSection: Int?
            // The document's top heading ("#", a Word title), or its first line as a heading, is its title.
            let top =
                units.firstIndex { $0.kind == .heading && $0.level == 1 } ?? (units.first?.kind == .heading ? 0 : -1)
            let candidates = headings.filter { $0 > top }
            for h in candidates {
                let next = h + 1 < units.count ? units[h + 1] : nil
                if let next, !heads(next), !isMetadata(next.text), !isMetadata(units[h].text) {
                    firstSection = h
                    break
                }
            }
            let parser = Parser()
            var titleCandidates: [TitleCandidate] = []
            var preamble: [PolicyDocument.Block] = []
            var sections: [PolicyDocument.Section] = []
            var paragraph = 0
            var openLeadIn = false
            let start = firstSection ?? units.count
            for unit in units[..<start] {
                if unit.kind == .heading
                    || unit.text.count <= 100 && unit.text.last.map({ !".,;:".contains($0) }) == true
                {
                    titleCandidates.append(.init(text: unit.text, level: unit.level))
                }
                preamble.append(.init(heads(unit) ? .heading : .paragraph, unit.text))
            }
            func take(_ unit: Unit) {
                if heads(unit) {
                    let number: String
                    let title: String
                    if let (n, t) = parser.appendixHeading(unit.text), !sections.contains(where: { $0.number == n }) {
                        (number, title) = (n, t)
                    } else if let (n, t) = parser.sectionHeading(unit.text),
                        !sections.contains(where: { $0.number == n })
                    {
                        (number, title) = (n, t)
                    } else {
                        // Counted among the sections that are not appendices.
                        number = String(sections.filter { Int($0.number) != nil }.count + 1)
                        title = unit.text
                    }
                    sections.append(.init(number: number, title: sentenceCase(title)))
                    paragraph = 0
                    openLeadIn = false
                    return
                }
                guard !sections.isEmpty else { return }
                let s = sections.count - 1
                if unit.kind == .listItem, openLeadIn, case .clause? = sections[s].items.last,
                    case .clause(var clause)? = sections[s].items.popLast()
                {
                    clause.text += "\n• " + unit.text
                    sections[s].items.append(.clause(clause))
                    return
                }
                paragraph += 1
                let number = "\(sections[s].number).\(paragraph)"
                sections[s].items.append(.clause(.init(number: number, label: number, text: unit.text)))
                openLeadIn = unit.text.hasSuffix(":")
            }
            // A document of paragraphs with no heading after its title: one section, named for the policy.
            if firstSection == nil, let firstText = units.firstIndex(where: { !heads($0) }) {
                preamble = units[..<firstText].map { .init(.heading, $0.text) }
                titleCandidates = units[..<firstText].map { .init(text: $0.text, level: $0.level) }
                sections.append(.init(number: "1", title: title(from: titleCandidates)))
                for unit in units[firstText...] { take(unit) }
            } else {
                for unit in units[start...] { take(unit) }
            }
            let clauses = sections.flatMap(\.clauses)
            guard !clauses.isEmpty else {
                throw Refused(
                    message:
                        "No clause was found: the file has headings but no paragraphs under them. Check that it is the "
                        + "whole policy and try again.")
            }
            var notes = [
                "This policy has no clause numbers, so Steward numbered each paragraph by its section (1.1, 1.2 …) "
                    + "for people to refer to; the words are the school's own. Check the numbering before publishing."
            ]
            for section in sections where section.items.isEmpty {
                notes.append("Section \(section.number) (\(section.title)) has nothing in it.")
            }
            return Result(
                document: PolicyDocument(title: title(from: titleCandidates), preamble: preamble, sections: sections),
                notes: notes)
        }
    }
}
