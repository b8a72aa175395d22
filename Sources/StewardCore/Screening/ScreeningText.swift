// A draft broken into folded words, each remembering where it sits in the original text, in one pass.

/// One word of a draft: letters and digits, folded to lower case without accents, with its original span.
public struct Token: Sendable, Equatable {
    /// Folded form: lower case, accents removed, hidden characters dropped (`Zoë` → `zoe`).
    public var folded: String
    /// Code-point offsets in the original text.
    public var start: Int
    public var end: Int
    /// The first letter was upper case in the original.
    public var capitalised: Bool
    /// Every letter was upper case (and there are at least two).
    public var allCaps: Bool
    /// The word had a zero-width or direction-changing character inside it.
    public var hadHiddenCharacter: Bool
    /// Characters between the previous token and this one (`" "`, `"-"`, `". "`, `"'"`), as typed.
    public var gapBefore: String
    /// What the gap holds, worked out once while reading the text, for the checks every detector makes.
    public var gap: GapFlags
    /// Digits only.
    public var isNumber: Bool
    /// Some letter was lower case in the original.
    public var hasLowercase: Bool
    /// Some character was a digit.
    public var hasDigit: Bool
    /// `WordHash` of `folded`, computed while folding, for the vocabulary lookup.
    var hash: UInt64 = WordHash.seed
    /// A letter repeats three or more times in a row ("sooo"): perhaps a stretched word.
    var stretched = false
    /// The word is part of a hashtag ("#StarOfTheWeek"), where every word has a capital.
    var hashtag = false
    /// The number of the sentence the word is in, counted while reading the draft, so that whether two words share a
    /// sentence costs the same however far apart they are.
    var sentence = 0
}

/// Marks of the punctuation and space between two words.
public struct GapFlags: OptionSet, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `.`, `!` or `?`.
    public static let sentenceEnd = GapFlags(rawValue: 1 << 0)
    /// Two line breaks: a new paragraph.
    public static let paragraph = GapFlags(rawValue: 1 << 1)
    /// A colon and a line break, as after a heading.
    public static let headingBreak = GapFlags(rawValue: 1 << 2)
    /// A comma, semicolon, en dash or a spaced hyphen (" - "): the clause changes.
    public static let clauseBreak = GapFlags(rawValue: 1 << 3)
    /// Begins with a full stop.
    public static let startsWithPeriod = GapFlags(rawValue: 1 << 4)
    /// Nothing but one apostrophe (`'` or `’`).
    public static let apostrophe = GapFlags(rawValue: 1 << 5)
    /// Nothing but one hyphen (`-` or `‐`).
    public static let hyphen = GapFlags(rawValue: 1 << 6)
    /// Nothing but one space.
    public static let space = GapFlags(rawValue: 1 << 7)
    /// Only spaces, tabs, no-break spaces and at most one line break, and not empty.
    public static let whiteSpaceJoin = GapFlags(rawValue: 1 << 8)

    /// Reads the flags of the gap `scalars[range]`.
    static func of(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> GapFlags {
        var flags: GapFlags = []
        let count = range.count
        if count == 0 { return flags }
        var newlines = 0
        var onlyWhite = true
        var colon = false
        var previous: Unicode.Scalar = "\0"
        var beforePrevious: Unicode.Scalar = "\0"
        for k in range {
            let c = scalars[k]
            switch c {
            case ".", "!", "?": flags.insert(.sentenceEnd)
            case ",", ";", "–": flags.insert(.clauseBreak)
            case ":": colon = true
            case "\n": newlines += 1
            case " ":
                if previous == "-" && beforePrevious == " " { flags.insert(.clauseBreak) }
            default: break
            }
            if !(c == " " || c == "\n" || c == "\r" || c == "\t" || c == "\u{00A0}") { onlyWhite = false }
            beforePrevious = previous
            previous = c
        }
        if newlines >= 2 {
            // "\n\n" anywhere: checked on the scalars themselves.
            var last: Unicode.Scalar = "\0"
            for k in range {
                if scalars[k] == "\n" && last == "\n" {
                    flags.insert(.paragraph)
                    break
                }
                last = scalars[k]
            }
        }
        if colon && newlines > 0 { flags.insert(.headingBreak) }
        if scalars[range.lowerBound] == "." { flags.insert(.startsWithPeriod) }
        if count == 1 {
            switch scalars[range.lowerBound] {
            case "'", "’": flags.insert(.apostrophe)
            case "-", "‐": flags.insert(.hyphen)
            case " ": flags.insert(.space)
            default: break
            }
        }
        if onlyWhite && newlines <= 1 { flags.insert(.whiteSpaceJoin) }
        return flags
    }
}

/// The text of a draft prepared for the detectors.
public struct ScreeningText: Sendable {
    /// The original text as code points, for slicing spans.
    public let scalars: [Unicode.Scalar]
    public let tokens: [Token]
    /// Spans of zero-width and direction-changing characters.
    public let hiddenSpans: [Range<Int>]
    /// Words written with look-alike letters: fullwidth, mathematical, circled or small-capital letters, letters of
    /// another alphabet mixed into a Latin word, or accents piled on letters.
    public let lookAlikeSpans: [Range<Int>]
    /// Those of `lookAlikeSpans` that only a disguise makes: two alphabets in one word, piled accents, a word of
    /// look-alike letters among Latin words. The others are words written wholly in a decorative alphabet.
    public let mixedSpans: [Range<Int>]
    /// Whether anything could be disguising a word: symbols or digits touching letters, letters spelled out
    /// one by one, hidden characters. When false, whole-word checks are enough.
    public let mayBeDisguised: Bool
    /// For each token, the word lists it begins an entry of (set by `classify`).
    public internal(set) var flags: [TokenFlags] = []

    /// Looks every word up once in the context's vocabulary.
    mutating func classify(with context: ScreeningContext) {
        let vocabulary = context.vocabulary
        flags = tokens.map { vocabulary.value($0.folded, hash: $0.hash) ?? [] }
    }

    /// Whether token `i` begins an entry of `list`.
    @inline(__always)
    func has(_ i: Int, _ list: TokenFlags) -> Bool {
        i >= 0 && i < flags.count && flags[i].contains(list)
    }

    public init(_ text: String) {
        // One pass over the text; Array(text.unicodeScalars) would count the scalars first, then copy them.
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { scalars.append(scalar) }
        var tokenizer = Tokenizer(scalars: scalars)
        tokenizer.run()
        self.scalars = scalars
        self.tokens = tokenizer.tokens
        self.hiddenSpans = tokenizer.hidden
        self.lookAlikeSpans = tokenizer.lookAlike
        self.mixedSpans = tokenizer.mixed
        self.mayBeDisguised = tokenizer.disguised
    }

    /// The first token for which `isPast` holds, or `tokens.count`, for a condition that once true stays true
    /// along the draft (tokens are in order and never overlap): a binary search, whatever the draft's length.
    @inline(__always)
    func firstToken(where isPast: (Token) -> Bool) -> Int {
        var low = 0
        var high = tokens.count
        while low < high {
            let middle = low + (high - low) / 2
            if isPast(tokens[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The token that starts at code point `offset`, if there is one.
    func token(startingAt offset: Int) -> Int? {
        let i = firstToken { $0.end > offset }
        return i < tokens.count && tokens[i].start == offset ? i : nil
    }

    /// The original text of a span.
    public func text(_ start: Int, _ end: Int) -> String {
        Self.string(scalars, start, end)
    }

    /// `scalars[start..<end]` as a string; ASCII (most spans) straight into the string's storage.
    static func string(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        let start = max(0, start)
        let end = min(scalars.count, end)
        guard start < end else { return "" }
        var ascii = true
        for k in start..<end where scalars[k].value >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            return String(unsafeUninitializedCapacity: end - start) { buffer in
                for k in start..<end { buffer[k - start] = UInt8(truncatingIfNeeded: scalars[k].value) }
                return end - start
            }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }

    /// Whether a sentence ends between token `i - 1` and token `i` (or `i` is the first token).
    public func startsSentence(_ i: Int) -> Bool {
        guard i > 0 else { return true }
        guard i < tokens.count else { return false }
        return !tokens[i].gap.isDisjoint(with: [.sentenceEnd, .paragraph, .headingBreak])
    }

    /// Whether token `i` lies in a word written in look-alike letters.
    public func isLookAlike(_ i: Int) -> Bool {
        guard i >= 0, i < tokens.count, !lookAlikeSpans.isEmpty else { return false }
        return Self.overlaps(lookAlikeSpans, tokens[i].start..<(tokens[i].start + 1))
    }

    /// Whether token `i` lies in a word that only a disguise would write so (see `mixedSpans`).
    public func isMixedScript(_ i: Int) -> Bool {
        guard i >= 0, i < tokens.count, !mixedSpans.isEmpty else { return false }
        return Self.overlaps(mixedSpans, tokens[i].start..<(tokens[i].start + 1))
    }

    /// Whether any of `spans` (in order, not overlapping) overlaps `range`: a binary search, so that a draft of many
    /// look-alike words costs no more per word than a short one.
    public static func overlaps(_ spans: [Range<Int>], _ range: Range<Int>) -> Bool {
        var low = 0
        var high = spans.count
        while low < high {
            let middle = low + (high - low) / 2
            if spans[middle].upperBound > range.lowerBound { high = middle } else { low = middle + 1 }
        }
        return low < spans.count && spans[low].lowerBound < range.upperBound
    }

    /// Whether token `i`'s sentence is written in capitals ("WELL DONE TO NICOLA"): at least three words of two or
    /// more letters, and no lower-case letter in any word near it. Capitals then say nothing about names.
    public func shouting(_ i: Int) -> Bool {
        guard i >= 0, i < tokens.count, !tokens[i].hasLowercase else { return false }
        let sentence = tokens[i].sentence
        var words = 0
        var k = i
        while k >= 0, tokens[k].sentence == sentence, i - k < 40 {
            if tokens[k].hasLowercase { return false }
            if tokens[k].allCaps { words += 1 }
            k -= 1
        }
        k = i + 1
        while k < tokens.count, tokens[k].sentence == sentence, k - i < 40 {
            if tokens[k].hasLowercase { return false }
            if tokens[k].allCaps { words += 1 }
            k += 1
        }
        return words >= 3
    }

    /// Whether a word of token `i`'s sentence, other than the sentence's first, has a capital letter: whether its
    /// writer uses capitals at all.
    public func hasCapitals(sentenceOf i: Int) -> Bool {
        guard i >= 0, i < tokens.count else { return false }
        let sentence = tokens[i].sentence
        var k = i
        while k > 0, tokens[k - 1].sentence == sentence, i - k < 60 { k -= 1 }
        k += 1
        while k < tokens.count, tokens[k].sentence == sentence, k - i < 60 {
            if (tokens[k].capitalised || tokens[k].allCaps) && tokens[k].folded != "i" && !tokens[k].hasDigit {
                return true
            }
            k += 1
        }
        return false
    }

    /// Whether token `i` is part of an email address: joined by ".", "_", "-" or "+" to an "@" after it (the name
    /// before the "@"), or by "." and "-" to an "@" before it (the domain).
    public func insideEmailAddress(_ i: Int) -> Bool {
        guard i >= 0, i < tokens.count else { return false }
        // Most names have a space on both sides: no address.
        let spaced: GapFlags = [.space, .whiteSpaceJoin]
        if (i == 0 || !tokens[i].gap.isDisjoint(with: spaced))
            && (i + 1 == tokens.count || !tokens[i + 1].gap.isDisjoint(with: spaced))
        {
            return false
        }
        var k = i + 1
        while k < tokens.count, k - i < 8 {
            let gap = tokens[k].gapBefore
            if gap == "@" { return true }
            guard gap == "." || gap == "_" || gap == "-" || gap == "+" else { break }
            k += 1
        }
        k = i
        while k > 0, i - k < 8 {
            let gap = tokens[k].gapBefore
            if gap == "@" { return true }
            guard gap == "." || gap == "-" else { break }
            k -= 1
        }
        return false
    }

    /// Whether tokens `a` and `b` are in the same sentence: no sentence boundary lies between them.
    public func sameSentence(_ a: Int, _ b: Int) -> Bool {
        guard a >= 0, b >= 0, a < tokens.count, b < tokens.count else { return false }
        return tokens[a].sentence == tokens[b].sentence
    }
}
