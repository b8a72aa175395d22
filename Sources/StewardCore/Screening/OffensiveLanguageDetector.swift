// Finds offensive words however they are disguised: `f*ck`, `sh1t`, `f.u.c.k`, `fuuuck`, `$hit`, and hidden characters.

struct OffensiveLanguageDetector: Sendable {
    let lexicon: OffensiveLexicon

    /// What a disguising character stands for: a letter, or any letter (a mask).
    private enum Glyph {
        case letter(Character)
        case mask
        case none
    }

    private static let leet: [Unicode.Scalar: Character] = [
        "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", "$": "s", "!": "i",
        "|": "l", "+": "t", "€": "e", "£": "l",
    ]

    private static func glyph(_ s: Unicode.Scalar) -> Glyph {
        if TextFolding.isHidden(s) { return .none }
        switch TextFolding.fold(s) {
        case .letter(let base, let extra, _):
            var text = String(Character(base))
            if let extra { text.append(Character(extra)) }
            return text.count == 1 ? .letter(Character(base)) : .letter(Character(base))
        case .digit(let d):
            return Self.leet[d].map { .letter($0) } ?? .none
        case .other:
            if s == "*" || s == "#" || s == "%" || s == "?" || s == "_" { return .mask }
            return Self.leet[s].map { .letter($0) } ?? .none
        }
    }

    /// A run of word-like characters in the original text.
    private struct Run {
        var start: Int
        var end: Int
        var glyphs: [Character?]  // nil = mask
        var letters: Int
        var disguised: Bool
    }

    private func runs(_ text: ScreeningText) -> [Run] {
        var runs: [Run] = []
        var current: Run?
        for (i, s) in text.scalars.enumerated() {
            if TextFolding.isHidden(s) || TextFolding.isCombiningMark(s) {
                if current != nil { current?.disguised = true }
                continue
            }
            let g = Self.glyph(s)
            let isPlainLetter: Bool = { if case .letter = TextFolding.fold(s) { return true } else { return false } }()
            switch g {
            case .letter(let c):
                if current == nil { current = Run(start: i, end: i, glyphs: [], letters: 0, disguised: false) }
                current?.glyphs.append(c)
                current?.end = i + 1
                if isPlainLetter { current?.letters += 1 } else { current?.disguised = true }
            case .mask
            where current != nil || (i + 1 < text.scalars.count && text.scalars[i + 1].properties.isAlphabetic):
                if current == nil { current = Run(start: i, end: i, glyphs: [], letters: 0, disguised: true) }
                current?.glyphs.append(nil)
                current?.end = i + 1
                current?.disguised = true
            default:
                if let run = current { runs.append(run) }
                current = nil
            }
        }
        if let run = current { runs.append(run) }
        // Trailing masks and punctuation-like leet ("sh*t!", "fun!") are not part of the word.
        return runs.map { run in
            var run = run
            // "f***": a first letter and stars is a masked word, not a letter and a footnote.
            let initialAndStars =
                run.glyphs.count >= 3 && run.glyphs.count <= 5 && (run.glyphs.first ?? nil) != nil
                && run.glyphs.dropFirst().allSatisfy { $0 == nil }
            while !initialAndStars, run.glyphs.count > 1, let last = text.scalars[safe: run.end - 1],
                last == "!" || last == "?" || last == "*" || last == "_" || last == "#" || last == "%"
            {
                run.glyphs.removeLast()
                run.end -= 1
            }
            while run.glyphs.count > 1, let first = text.scalars[safe: run.start],
                first == "_" || first == "*" || first == "#" || first == "%" || first == "?"
            {
                run.glyphs.removeFirst()
                run.start += 1
            }
            return run
        }.filter { $0.letters >= 1 }
    }

    func findings(in text: ScreeningText) -> [Finding] {
        guard text.mayBeDisguised else {
            var found = plainWords(text) + lettered(text)
            hashtags(text, &found)
            return found
        }
        var found: [Finding] = lettered(text)
        let all = runs(text)
        var consumed = Set<Int>()
        // Letters spelled out with separators: "f.u.c.k", "f u c k", "s-h-i-t".
        var i = 0
        while i < all.count {
            var j = i
            var word: [Character?] = []
            while j < all.count, all[j].glyphs.count == 1, j == i || isSeparatorGap(text, all[j - 1].end, all[j].start)
            {
                word.append(all[j].glyphs[0])
                j += 1
            }
            // The longest listed word in the run, wherever it starts: "a f u c k day" holds "f u c k".
            var from = 0
            while j - i >= 3, from + 3 <= word.count {
                var matched = false
                for to in stride(from: min(word.count, from + lexicon.maxLength), through: from + 3, by: -1)
                where word[from..<to].allSatisfy({ $0 != nil }) {
                    let joined = String(word[from..<to].compactMap { $0 })
                    guard let entry = lexicon.lookup(joined), entry.severity >= .warn else { continue }
                    found.append(finding(text, all[i + from].start, all[i + to - 1].end, entry, disguised: true))
                    for k in (i + from)..<(i + to) { consumed.insert(k) }
                    from = to
                    matched = true
                    break
                }
                if !matched { from += 1 }
            }
            i = max(j, i + 1)
        }
        for (index, run) in all.enumerated() where !consumed.contains(index) {
            let entry: OffensiveLexicon.Entry?
            if run.glyphs.contains(where: { $0 == nil }) {
                entry = lexicon.lookupMasked(run.glyphs)
            } else {
                let word = String(run.glyphs.compactMap { $0 })
                guard word.count <= lexicon.maxLength + 8 else { continue }
                entry = lexicon.lookup(word)
            }
            guard let entry else { continue }
            if !run.disguised, isException(entry.lemma, run: run, text: text) { continue }
            found.append(finding(text, run.start, run.end, entry, disguised: run.disguised))
        }
        hashtags(text, &found)
        return found
    }

    /// Stems a hashtag runs together with other words ("#fuckmondays", "#mondaysareshit"): at its start, or at its end.
    private static let hashtagStarts = ["fuck", "shit", "cunt", "wank", "twat", "bollock"]
    private static let hashtagEnds = hashtagStarts + ["bitch", "bastard", "arsehole", "dickhead", "wanker", "tosser"]

    /// Hashtags, mentions and web addresses: each word of one ("#ShitDay" is "shit" and "day"), and the listed stems a
    /// lower-case one runs together ("#fuckthis"), beside what the other passes found.
    private func hashtags(_ text: ScreeningText, _ found: inout [Finding]) {
        let tokens = text.tokens
        guard tokens.contains(where: \.hashtag) else { return }
        // The words the other passes already found something in, marked once.
        var covered = [Bool](repeating: false, count: tokens.count)
        for finding in found {
            var k = text.firstToken { $0.end > finding.start }
            while k < tokens.count, tokens[k].start < finding.end {
                covered[k] = true
                k += 1
            }
        }
        for (k, token) in tokens.enumerated() where token.hashtag && !covered[k] && token.folded.utf8.count <= 40 {
            var entry = lexicon.lookup(token.folded)
            if entry == nil, token.folded.utf8.count >= 6, !token.hasDigit {
                let word = token.folded
                if let stem = Self.hashtagStarts.first(where: { word.hasPrefix($0) })
                    ?? Self.hashtagEnds.first(where: { word.hasSuffix($0) })
                {
                    entry = lexicon.lookup(stem)
                }
            }
            guard let entry, entry.severity >= .warn else { continue }
            let run = Run(start: token.start, end: token.end, glyphs: [], letters: 1, disguised: false)
            if isException(entry.lemma, run: run, text: text) { continue }
            found.append(finding(text, token.start, token.end, entry, disguised: true))
        }
    }

    private static let fHash = WordHash.of("f")

    /// Endings that make "f" a word when joined by a hyphen or an apostrophe: "f-ing", "f'ing", "f-off".
    private static let letterEndings: Set<String> = ["ing", "in", "ings", "ed", "er", "ers", "off", "kin", "king"]

    /// "f-ing mad", "f'ing printer": the word said by its first letter, as "effing" is.
    private func lettered(_ text: ScreeningText) -> [Finding] {
        let tokens = text.tokens
        var found: [Finding] = []
        let f = Self.fHash
        for i in tokens.indices.dropLast() where tokens[i].hash == f && tokens[i].folded == "f" {
            let next = tokens[i + 1]
            guard next.gapBefore == "-" || next.gapBefore == "'" || next.gapBefore == "’",
                Self.letterEndings.contains(next.folded), let entry = lexicon.lookup("effing")
            else { continue }
            found.append(finding(text, tokens[i].start, next.end, entry, disguised: true))
        }
        return found
    }

    /// The common case: no symbol, digit or hidden character touches a letter, so each word is looked up whole.
    private func plainWords(_ text: ScreeningText) -> [Finding] {
        var found: [Finding] = []
        let tokens = text.tokens
        for (index, token) in tokens.enumerated() where token.folded.utf8.count <= lexicon.maxLength + 8 {
            // A listed word, or a stretched one ("fuuuck"), which no list holds as such.
            guard
                text.has(index, .offensive) || text.flags.isEmpty || token.stretched
                    || (token.folded.utf8.count >= 6 && OffensiveLexicon.allDoubled(token.folded)),
                let entry = lexicon.lookup(token.folded)
            else { continue }
            let run = Run(start: token.start, end: token.end, glyphs: [], letters: 1, disguised: false)
            if isException(entry.lemma, run: run, text: text) { continue }
            found.append(finding(text, token.start, token.end, entry, disguised: false))
        }
        return found
    }

    private func isSeparatorGap(_ text: ScreeningText, _ end: Int, _ start: Int) -> Bool {
        guard start - end == 1 else { return start == end }
        let s = text.scalars[end]
        return s == "." || s == " " || s == "-" || s == "_" || s == "*" || s == "/" || s == "|"
    }

    private func isException(_ lemma: String, run: Run, text: ScreeningText) -> Bool {
        let tokens = text.tokens
        // The word holding the run: the first to end at or after it, if it also starts at or before it.
        let index = text.firstToken { $0.end >= run.end }
        guard let rule = OffensiveLexicon.exceptions[lemma], index < tokens.count, tokens[index].start <= run.start
        else { return false }
        let before = index > 0 ? tokens[index - 1].folded : ""
        let after = index + 1 < tokens.count ? tokens[index + 1].folded : ""
        // "Offa's Dyke", "Devil's Dyke": with a capital inside a sentence, a place.
        if lemma == "dyke", tokens[index].capitalised, !text.startsSentence(index) { return true }
        // "Dick" with a capital, followed by a capitalised word, is someone's name.
        if lemma == "dick", tokens[index].capitalised, index + 1 < tokens.count, tokens[index + 1].capitalised,
            tokens[index + 1].gapBefore == " "
        {
            return true
        }
        return rule.before.contains(before) || rule.after.contains(after)
    }

    private func finding(
        _ text: ScreeningText, _ start: Int, _ end: Int, _ entry: OffensiveLexicon.Entry, disguised: Bool
    )
        -> Finding
    {
        let span = text.text(start, end)
        let message: String
        switch entry.severity {
        case .block:
            message =
                disguised
                ? "\"\(span)\" is offensive language, even disguised. It cannot go on the school's accounts."
                : "\"\(span)\" is offensive language. It cannot go on the school's accounts."
        case .warn:
            message = "\"\(span)\" could be read as offensive. Choose another word."
        case .info:
            message = "\"\(span)\" is sometimes read as rude. Check the sense is clear."
        }
        return Finding(
            category: .offensiveLanguage, kind: disguised ? "disguised" : "word", severity: entry.severity,
            start: start,
            end: end, text: span, message: message)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
