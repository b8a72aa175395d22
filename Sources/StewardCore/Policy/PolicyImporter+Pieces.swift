// Recognising the pieces of a policy in any house style: section headings ("1. Introduction", "Section 1 – Purpose",
// "3.0 Roles", "Part B"), numbered clauses ("1.1", "1.1Text"), lettered items, references to other clauses.

import Foundation

extension PolicyImporter.Parser {
    /// "1. Introduction", "Section 4: Use of …", "Section 1 – Purpose", "3.0 Roles", "2 Policy Aims:" →
    /// ("1", "Introduction").
    func sectionHeading(_ text: String) -> (String, String)? {
        var rest = Substring(text)
        let lowered = rest.lowercased()
        let named = lowered.hasPrefix("section ") || lowered.hasPrefix("clause ")
        if named { rest = rest.dropFirst(lowered.hasPrefix("section ") ? 8 : 7) }
        // "II. SCOPE", "IV) Monitoring": a section numbered in roman numerals, numbered here as its clauses are.
        let numeral = rest.prefix { "IVX".contains($0) }
        if !numeral.isEmpty, let value = Self.romanValue(String(numeral)), value <= 30 {
            let after = rest.dropFirst(numeral.count)
            if after.first == "." || after.first == ")" || after.first == ":",
                after.dropFirst().first == " " || after.dropFirst().first == "\t"
            {
                let title = Self.trimTitle(after.dropFirst())
                if looksLikeTitle(title) { return (String(value), title) }
            }
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 2 else { return nil }
        rest = rest.dropFirst(digits.count)
        // "3.0 Roles": the section's own number, written as its first clause would be.
        if rest.hasPrefix(".0 ") || rest.hasPrefix(".0. ") || rest.hasPrefix(".0\t") {
            rest = rest.dropFirst(2)
            if rest.first == "." { rest = rest.dropFirst() }
            let title = Self.trimTitle(rest)
            return title.isEmpty || !looksLikeTitle(title) ? nil : (String(digits), title)
        }
        if named, rest.isEmpty { return (String(digits), "Section \(digits)") }
        guard let next = rest.first, next == "." || next == ":" || next == ")" || next == " " || next == "\t" else {
            return nil
        }
        if next != " " && next != "\t" { rest = rest.dropFirst() }
        // "1.1 …" is a clause, not a section.
        if let after = rest.first, after.isNumber { return nil }
        let title = Self.trimTitle(rest)
        guard !title.isEmpty else { return nil }
        return (String(digits), title)
    }

    /// I → 1, IV → 4, XIX → 19; nil for what is not a roman numeral written the usual way.
    static func romanValue(_ text: String) -> Int? {
        let values: [Character: Int] = ["I": 1, "V": 5, "X": 10]
        var total = 0
        let digits = text.compactMap { values[$0] }
        guard digits.count == text.count, !digits.isEmpty else { return nil }
        for (index, value) in digits.enumerated() {
            if index + 1 < digits.count, value < digits[index + 1] { total -= value } else { total += value }
        }
        return WordNumbering.roman(total) == text ? total : nil
    }

    /// "Part B", "PART 2 – ROLES", "Part A: Staff" → ("B", "Part B", "Part B"), ("2", "Roles", "Part 2 – Roles").
    func partHeading(_ text: String) -> (number: String, title: String, heading: String)? {
        guard text.count <= 80, text.lowercased().hasPrefix("part ") else { return nil }
        var rest = text.dropFirst(5)
        let mark = rest.prefix { $0.isLetter || $0.isNumber }
        guard !mark.isEmpty,
            mark.allSatisfy({ $0.isNumber }) || mark.count == 1 && mark.first?.isUppercase == true
                || mark.uppercased().allSatisfy({ "IVX".contains($0) }) && mark.count <= 4
        else { return nil }
        rest = rest.dropFirst(mark.count)
        guard rest.isEmpty || rest.first == ":" || rest.first == " " || rest.first == "." else { return nil }
        let title = Self.trimTitle(rest.drop { $0 == ":" || $0 == "." })
        if !title.isEmpty && !looksLikeTitle(title) { return nil }
        let number = String(mark).uppercased()
        let shown = PolicyImporter.sentenceCase(title)
        return (
            number, shown.isEmpty ? "Part \(number)" : shown,
            shown.isEmpty ? "Part \(number)" : "Part \(number): \(shown)"
        )
    }

    /// "Appendix A", "APPENDIX 1: Staff agreement", "Annex B – Consent form" → ("Appendix A", "Staff agreement").
    func appendixHeading(_ text: String) -> (String, String)? {
        guard text.count <= 90 else { return nil }
        let lowered = text.lowercased()
        guard let word = ["appendix ", "annex ", "schedule "].first(where: { lowered.hasPrefix($0) }) else {
            return nil
        }
        var rest = text.dropFirst(word.count)
        let mark = rest.prefix { $0.isLetter || $0.isNumber }
        guard !mark.isEmpty, mark.count <= 3,
            mark.allSatisfy(\.isNumber) || mark.count == 1 || Self.romanValue(String(mark).uppercased()) != nil
        else { return nil }
        rest = rest.dropFirst(mark.count)
        guard rest.isEmpty || " :.–—-\t".contains(rest.first ?? " ") else { return nil }
        let title = Self.trimTitle(rest.drop { $0 == "." || $0 == ":" })
        if !title.isEmpty && !looksLikeTitle(title) { return nil }
        let kind = word.trimmingCharacters(in: .whitespaces).capitalized
        let number = "\(kind) \(mark.uppercased())"
        return (number, title.isEmpty ? number : PolicyImporter.sentenceCase(title))
    }

    /// "A1 Staff sign …", "A.2 …", "A1.1 …" under Appendix A → ("A1", "Staff sign …").
    func appendixItem(_ text: String, in section: String) -> (String, String)? {
        guard let letter = section.split(separator: " ").last, letter.count == 1, let mark = letter.first,
            mark.isLetter, text.first == mark
        else { return nil }
        var rest = text.dropFirst()
        if rest.first == "." { rest = rest.dropFirst() }
        let digits = rest.prefix { $0.isNumber || $0 == "." }
        guard let first = digits.first, first.isNumber, !digits.hasSuffix("..") else { return nil }
        rest = rest.dropFirst(digits.count)
        guard rest.first == " " || rest.first == "\t" || rest.first == ")" else { return nil }
        let body = rest.drop { $0 == ")" }.trimmingCharacters(in: .whitespaces)
        let number = String(mark) + digits.trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return body.isEmpty ? nil : (number, body)
    }

    /// A heading's words without the separator before them or the colon after: "– Purpose:" → "Purpose".
    static func trimTitle(_ text: Substring) -> String {
        var title = text.trimmingCharacters(in: .whitespaces)
        while let first = title.first, "–—-:".contains(first) {
            title = String(title.dropFirst()).trimmingCharacters(in: .whitespaces)
        }
        while title.hasSuffix(":") { title.removeLast() }
        return title
    }

    func looksLikeTitle(_ text: String) -> Bool {
        text.count <= 80 && !text.hasSuffix(".") && text.first?.isUppercase == true
    }

    /// "1.1 St Cleopas …", "4.3. Staff must …", "1.1Social media means …" → ("1.1", "St Cleopas …").
    func numberedClause(_ text: String) -> (String, String)? {
        // "Clause 4.2 Staff must …": the house style that names each clause.
        if text.lowercased().hasPrefix("clause "), text.dropFirst(7).first?.isNumber == true {
            return numberedClause(String(text.dropFirst(7)))
        }
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
        // A number stuck to its words ("1.1Social media means"), as copying from some documents gives.
        let stuck = rest.first.map { $0.isUppercase } ?? false
        guard rest.first == " " || rest.first == "\t" || stuck else { return nil }
        let body = rest.trimmingCharacters(in: .whitespaces)
        // A table's row ("2.0 | March 2024 | …") or a version line is not a clause.
        guard let first = body.first, first != "|" else { return nil }
        return (number, body)
    }

    /// "(i) photographs …", "ii) videos …", "iv. …" → ("(i)", "photographs …"): a roman numeral under a lettered item.
    func romanItem(_ text: String) -> (String, String)? {
        var rest = Substring(text)
        let bracketed = rest.first == "("
        if bracketed { rest = rest.dropFirst() }
        let numeral = rest.prefix { "ivx".contains($0) }
        guard !numeral.isEmpty, numeral.count <= 5 else { return nil }
        rest = rest.dropFirst(numeral.count)
        guard rest.first == ")" || (!bracketed && rest.first == ".") else { return nil }
        rest = rest.dropFirst()
        guard rest.first == " " || rest.first == "\t" else { return nil }
        let body = rest.trimmingCharacters(in: .whitespaces)
        return body.isEmpty ? nil : ("(\(numeral))", body)
    }

    /// "1. Staff must …", "2) Staff …": a paragraph numbered within its section, as lists that restart under each
    /// heading are → (1, "Staff must …").
    func sectionItem(_ text: String) -> (Int, String)? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 2, let n = Int(digits), n > 0 else { return nil }
        var rest = text.dropFirst(digits.count)
        guard rest.first == "." || rest.first == ")" else { return nil }
        rest = rest.dropFirst()
        guard rest.first == " " || rest.first == "\t" else { return nil }
        let body = rest.trimmingCharacters(in: .whitespaces)
        return body.isEmpty ? nil : (n, body)
    }

    /// "a) ensure …", "(b) make …", "c. seek …" → ("a", "ensure …").
    func letteredItem(_ text: String) -> (Character, String)? {
        var rest = Substring(text)
        if rest.first == "(" { rest = rest.dropFirst() }
        guard let letter = rest.first, letter.isASCII, letter.isLowercase, letter.isLetter else { return nil }
        rest = rest.dropFirst()
        guard rest.first == ")" || (rest.first == "." && text.first != "(") else { return nil }
        rest = rest.dropFirst()
        guard rest.first == " " || rest.first == "\t" else { return nil }
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

    /// Numbers a clause points at: "see 6.1.14", "clause 4.3", "paragraph 2.1", "section 5". A number in another
    /// document ("Section 12 of the DCSF guidance", "paragraph 4 in Keeping Children Safe") is not this policy's.
    static func references(in text: String) -> [String] {
        var found: [String] = []
        let words = text.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == "\n" }).map(String.init)
        for (index, word) in words.enumerated() where index + 1 < words.count {
            let cue = word.lowercased().trimmingCharacters(in: .punctuationCharacters)
            guard ["see", "clause", "clauses", "paragraph", "para", "section", "sections"].contains(cue) else {
                continue
            }
            let raw = words[index + 1]
            let target = raw.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:)"))
            guard !target.isEmpty, target.allSatisfy({ $0.isNumber || $0 == "." }), target.first?.isNumber == true
            else { continue }
            if index + 3 < words.count, !raw.hasSuffix(".") && !raw.hasSuffix(";"),
                ["of", "in", "under"].contains(words[index + 2].lowercased()),
                !["this", "these"].contains(words[index + 3].lowercased())
            {
                continue
            }
            found.append(target)
        }
        return found
    }

    static func excerpt(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(57)) + "…"
    }
}

extension PolicyImporter {
    /// "SOCIAL MEDIA POLICY" → "Social Media Policy"; anything not wholly in capitals is left as written.
    static func sentenceCase(_ text: String) -> String {
        let letters = text.filter(\.isLetter)
        guard letters.count >= 2, letters.allSatisfy({ $0.isUppercase }) else { return text }
        let small: Set<String> = ["of", "and", "the", "for", "to", "in", "on", "a", "an", "or", "at", "by", "with"]
        let keep: Set<String> = ["CE", "C", "E", "ICT", "IT", "HR", "DSL", "LADO", "SEND", "PSHE", "UK", "GDPR", "RE"]
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        return words.enumerated().map { index, word in
            let w = String(word)
            if keep.contains(w.trimmingCharacters(in: .punctuationCharacters)) { return w }
            if w.count == 1, index > 0 { return w }
            let lower = w.lowercased()
            if index > 0 && small.contains(lower) { return lower }
            return lower.prefix(1).uppercased() + lower.dropFirst()
        }.joined(separator: " ")
    }
}
