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

    /// `head` (the text so far) and `tail` (the next line) as one: a space between, unless `head` ends in a letter
    /// and a hyphen and `tail` starts with a small letter. Then the hyphen stays if the document writes the word
    /// with one elsewhere, or goes if it writes the word whole, or the second part is only an ending.
    static func join(_ head: String, _ tail: String, vocabulary: () -> Set<String>) -> String {
        guard head.hasSuffix("-"), let first = tail.first, first.isLowercase, first.isLetter else {
            return head + " " + tail
        }
        let beforeHyphen = head.dropLast()
        guard let lastLetter = beforeHyphen.last, lastLetter.isLetter, lastLetter.isLowercase else {
            return head + " " + tail
        }
        let left = String(beforeHyphen.reversed().prefix { $0.isLetter }.reversed()).lowercased()
        let right = String(tail.prefix { $0.isLetter }).lowercased()
        let words = vocabulary()
        if words.contains(left + "-" + right) { return head + tail }
        if words.contains(left + right) || suffixes.contains(right) { return beforeHyphen + tail }
        return head + tail
    }
}
