// A word broken across two lines with a hyphen, as text copied from a PDF often has it ("messag-" / "ing"): joined
// again, keeping the hyphen only where the word has one ("well-" / "being" is "well-being").

enum LineHyphens {
    /// Endings that are never words of their own, so a hyphen before them only broke a word: "messag-ing".
    static let suffixes: Set<String> = [
        "ing", "ings", "tion", "tions", "sion", "sions", "ment", "ments", "ness", "ity", "ities", "ies", "ed", "er",
        "ers", "ly", "ance", "ances", "ence", "ences", "able", "ible", "al", "ally", "ous", "ive", "ure", "ures", "ist",
        "ists", "ism", "ate", "ated", "ates", "ating", "ise", "ised", "ises", "ize", "ized", "ful", "less", "ship",
        "hood",
        "ary", "ory", "ic", "ical", "en", "est", "iour", "iours", "ior", "ren", "dren", "ian", "ians", "ant", "ants",
        "ent", "ents", "cy", "ry", "ty", "age", "ages", "ure", "um", "us",
    ]

    /// The words of a document, lower case, hyphenated words both whole and in parts: what it writes elsewhere.
    static func vocabulary<S: Sequence>(_ lines: S) -> Set<String> where S.Element == String {
        var words: Set<String> = []
        for line in lines {
            for piece in line.lowercased().split(whereSeparator: { !($0.isLetter || $0 == "-") }) {
                let word = piece.trimmingCharacters(in: ["-"])
                guard !word.isEmpty else { continue }
                words.insert(word)
            }
        }
        return words
    }

    /// Appends `tail` (the next line) to `head` (the text so far), in place: a space between, unless `head` ends in
    /// a letter and a hyphen and `tail` starts with a small letter. Then the hyphen stays if the document writes the
    /// word with one elsewhere, or goes if it writes the word whole, or the second part is only an ending.
    static func append(_ tail: String, to head: inout String, vocabulary: () -> Set<String>) {
        // `head[..<hyphen]`, not `head.dropLast()`: String's dropLast counts the whole string.
        guard head.hasSuffix("-"), let first = tail.first, first.isLowercase, first.isLetter,
            case let hyphen = head.index(before: head.endIndex), hyphen > head.startIndex,
            case let lastLetter = head[head.index(before: hyphen)], lastLetter.isLetter, lastLetter.isLowercase
        else {
            head += " "
            head += tail
            return
        }
        let left = String(head[..<hyphen].reversed().prefix { $0.isLetter }.reversed()).lowercased()
        let right = String(tail.prefix { $0.isLetter }).lowercased()
        let words = vocabulary()
        if !words.contains(left + "-" + right) && (words.contains(left + right) || suffixes.contains(right)) {
            head.removeLast()
        }
        head += tail
    }
}
