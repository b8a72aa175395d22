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
        let start = tokens[i].start
        return lookAlikeSpans.contains { $0.contains(start) }
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

    /// Whether tokens `a` and `b` are in the same sentence: no sentence boundary lies between them.
    public func sameSentence(_ a: Int, _ b: Int) -> Bool {
        guard a >= 0, b >= 0, a < tokens.count, b < tokens.count else { return false }
        return tokens[a].sentence == tokens[b].sentence
    }
}

/// Folding single characters: lower case, accents off, hidden characters recognised.
public enum TextFolding {
    public enum Folded {
        /// A letter folded to one scalar (two for `ß` → `ss`, `æ` → `ae`).
        case letter(Unicode.Scalar, Unicode.Scalar?, upper: Bool)
        case digit(Unicode.Scalar)
        case other
    }

    /// ASCII classes: 0 other, 1 lower-case letter, 2 upper-case letter, 3 digit.
    static let asciiKind: [UInt8] = (0..<128).map { v -> UInt8 in
        switch v {
        case 0x61...0x7A: 1
        case 0x41...0x5A: 2
        case 0x30...0x39: 3
        default: 0
        }
    }

    /// One-character strings for every ASCII character, made once: most gaps between words are one of these.
    static let asciiStrings: [String] = (0..<128).map { String(Character(Unicode.Scalar(UInt8($0)))) }

    @inline(__always)
    static func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        if scalar.value < 0x80 {
            bytes.append(UInt8(scalar.value))
        } else {
            bytes.append(contentsOf: String(Character(scalar)).utf8)
        }
    }

    /// Symbols used to mask or stand in for letters (`f*ck`, `$hit`, `@ss`, `sh!t`), as a bitmap of ASCII.
    private static let disguiseBitmap: (UInt64, UInt64) = {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for scalar in "*$@!|#%_+?".unicodeScalars {
            if scalar.value < 64 { low |= 1 << UInt64(scalar.value) } else { high |= 1 << UInt64(scalar.value - 64) }
        }
        return (low, high)
    }()

    @inline(__always)
    static func isDisguiseSymbol(_ v: UInt32) -> Bool {
        if v < 64 { return disguiseBitmap.0 & (1 << UInt64(v)) != 0 }
        if v < 128 { return disguiseBitmap.1 & (1 << UInt64(v - 64)) != 0 }
        return v == 0x20AC || v == 0xA3
    }

    /// Titles and initials after which a full stop does not end a sentence.
    static let abbreviations: Set<String> = ["mr", "mrs", "ms", "miss", "dr", "st", "mx", "prof", "rev"]

    /// Zero-width, joiner, direction-changing and soft-hyphen characters: invisible, so they can hide a word.
    public static func isHidden(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x200B...0x200F, 0x202A...0x202E,
            0x2060...0x2064, 0x2066...0x206F, 0xFE00...0xFE0F, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// Combining marks that sit on the letter before them: an accent typed separately (`e` + `\u{301}`), or marks
    /// piled on letters to disguise a word. Part of the word, not a break in it.
    public static func isCombiningMark(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F: true
        default: false
        }
    }

    /// What a letter that is not plain ASCII is, for telling a disguise from a name in another alphabet.
    public enum LetterKind: UInt8, Sendable {
        /// A Latin letter with an accent (`é`, `ł`): an ordinary letter of a name.
        case latin
        /// A letter of another alphabet that looks like a Latin one (Cyrillic `а`, Greek `ο`): a look-alike in a
        /// Latin word, or as a whole word among Latin ones.
        case lookAlike
        /// Any other letter of another alphabet: a look-alike only when mixed into a Latin word.
        case otherAlphabet
        /// A fullwidth, mathematical, circled, squared or small-capital letter or digit: decoration that hides a word
        /// from filters and from screen readers.
        case decorative
    }

    /// The kind of a non-ASCII letter or digit.
    public static func letterKind(_ v: UInt32) -> LetterKind {
        if let kind = kinds[v] { return kind }
        if (0x00C0...0x024F).contains(v) || (0x1E00...0x1EFF).contains(v) { return .latin }
        if (0xFF10...0xFF19).contains(v) || (0x1D7CE...0x1D7FF).contains(v) { return .decorative }
        return .otherAlphabet
    }

    @inline(__always)
    public static func fold(_ s: Unicode.Scalar) -> Folded {
        let v = s.value
        if v < 0x80 {
            switch v {
            case 0x61...0x7A: return .letter(s, nil, upper: false)
            case 0x41...0x5A: return .letter(Unicode.Scalar(UInt8(v + 32)), nil, upper: true)
            case 0x30...0x39: return .digit(s)
            default: return .other
            }
        }
        if let mapped = latin[v] { return .letter(mapped.0, mapped.1, upper: mapped.2) }
        // Fullwidth and mathematical digits.
        if (0xFF10...0xFF19).contains(v) { return .digit(Unicode.Scalar(UInt8(v - 0xFF10 + 0x30))) }
        if (0x1D7CE...0x1D7FF).contains(v) { return .digit(Unicode.Scalar(UInt8((v - 0x1D7CE) % 10 + 0x30))) }
        if s.properties.isAlphabetic {
            let lower = s.properties.lowercaseMapping.unicodeScalars
            return .letter(lower.first ?? s, nil, upper: s.properties.isUppercase)
        }
        return .other
    }

    /// The kinds of the letters `latin` maps.
    static let kinds: [UInt32: LetterKind] = lettersAndKinds.kinds

    /// Latin letters with accents, look-alike letters of other alphabets, and decorative letters, mapped to plain
    /// ASCII.
    static let latin: [UInt32: (Unicode.Scalar, Unicode.Scalar?, Bool)] = lettersAndKinds.map

    private static let lettersAndKinds:
        (map: [UInt32: (Unicode.Scalar, Unicode.Scalar?, Bool)], kinds: [UInt32: LetterKind]) = {
            var (map, kinds) = (accentedAndLookAlike, [UInt32: LetterKind]())
            for (v, _) in map { kinds[v] = (0x00C0...0x024F).contains(v) ? .latin : .lookAlike }
            // Small capitals, which no compatibility mapping turns into letters.
            for (base, variant) in zip("abcdefghijklmnoprstuvwyz", "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ") {
                for scalar in variant.unicodeScalars {
                    map[scalar.value] = (base.unicodeScalars.first ?? "a", nil, false)
                    kinds[scalar.value] = .decorative
                }
            }
            // Negative circled and squared letters (🅐, 🅹) and parenthesised ones (⒥), which have no single-letter
            // compatibility mapping.
            for (first, count) in [(UInt32(0x1F150), UInt32(26)), (0x1F170, 26), (0x249C, 26)] {
                for offset in 0..<count {
                    let upper = first != 0x249C
                    map[first + offset] = (Unicode.Scalar(UInt8(0x61 + offset)), nil, upper)
                    kinds[first + offset] = .decorative
                }
            }
            // Fullwidth, mathematical, circled, squared and letter-like forms: each is one ASCII letter under
            // Unicode's compatibility mapping.
            let ranges: [ClosedRange<UInt32>] = [
                0xFF21...0xFF3A, 0xFF41...0xFF5A, 0x1D400...0x1D7CD, 0x24B6...0x24E9, 0x1F130...0x1F149,
                0x2100...0x214F, 0x1D2C...0x1DBF, 0x2070...0x209F, 0x02B0...0x02B8,
            ]
            for range in ranges {
                for v in range {
                    guard let scalar = Unicode.Scalar(v) else { continue }
                    let plain = CompatibilityMapping.plain(scalar)
                    guard plain.count == 1, let letter = plain.first, letter.isASCII, letter.properties.isAlphabetic
                    else { continue }
                    let upper = letter.properties.isUppercase
                    map[v] = (upper ? Unicode.Scalar(UInt8(letter.value + 32)) : letter, nil, upper)
                    kinds[v] = .decorative
                }
            }
            return (map, kinds)
        }()

    /// Latin letters with accents, and look-alike letters of other alphabets.
    private static let accentedAndLookAlike: [UInt32: (Unicode.Scalar, Unicode.Scalar?, Bool)] = {
        var map: [UInt32: (Unicode.Scalar, Unicode.Scalar?, Bool)] = [:]
        let groups: [(String, String)] = [
            ("a", "àáâãäåāăą"), ("A", "ÀÁÂÃÄÅĀĂĄ"), ("c", "çćĉċč"), ("C", "ÇĆĈĊČ"), ("d", "ďđ"), ("D", "ĎĐ"),
            ("e", "èéêëēĕėęě"), ("E", "ÈÉÊËĒĔĖĘĚ"), ("g", "ĝğġģ"), ("G", "ĜĞĠĢ"), ("h", "ĥħ"), ("H", "ĤĦ"),
            ("i", "ìíîïĩīĭįı"), ("I", "ÌÍÎÏĨĪĬĮİ"), ("j", "ĵ"), ("J", "Ĵ"), ("k", "ķ"), ("K", "Ķ"),
            ("l", "ĺļľŀł"), ("L", "ĹĻĽĿŁ"), ("n", "ñńņňŉ"), ("N", "ÑŃŅŇ"), ("o", "òóôõöøōŏő"),
            ("O", "ÒÓÔÕÖØŌŎŐ"), ("r", "ŕŗř"), ("R", "ŔŖŘ"), ("s", "śŝşšș"), ("S", "ŚŜŞŠȘ"), ("t", "ţťŧț"),
            ("T", "ŢŤŦȚ"), ("u", "ùúûüũūŭůűų"), ("U", "ÙÚÛÜŨŪŬŮŰŲ"), ("w", "ŵ"), ("W", "Ŵ"), ("y", "ýÿŷ"),
            ("Y", "ÝŸŶ"), ("z", "źżž"), ("Z", "ŹŻŽ"),
            // Cyrillic and Greek letters that look Latin, used to slip a word past a filter.
            ("a", "аα"), ("A", "АΑ"), ("c", "с"), ("C", "С"), ("e", "еε"), ("E", "ЕΕ"), ("i", "іι"), ("I", "ІΙ"),
            ("o", "оο"), ("O", "ОΟ"), ("p", "рρ"), ("P", "РΡ"), ("x", "хχ"), ("X", "ХΧ"), ("y", "у"), ("k", "κ"),
            ("K", "КΚ"), ("B", "ВΒ"), ("H", "НΗ"), ("M", "МΜ"), ("T", "ТΤ"), ("n", "ηпո"), ("u", "υս"),
            ("j", "ј"), ("J", "Ј"), ("s", "ѕ"), ("S", "Ѕ"), ("h", "һհ"), ("d", "ԁ"), ("q", "ԛզ"), ("w", "ԝω"),
            ("l", "ӏ"), ("Y", "ҮΥ"), ("y", "ү"), ("Z", "Ζ"), ("N", "Ν"), ("v", "ν"), ("o", "օ"), ("g", "ɡց"),
            ("a", "ɑ"), ("r", "г"), ("k", "к"), ("t", "т"),
        ]
        for (base, variants) in groups {
            let upper = base.uppercased() == base
            let folded = base.lowercased().unicodeScalars.first ?? "a"
            for scalar in variants.unicodeScalars { map[scalar.value] = (folded, nil, upper) }
        }
        map[0x00DF] = ("s", "s", false)
        map[0x00E6] = ("a", "e", false)
        map[0x00C6] = ("a", "e", true)
        map[0x0153] = ("o", "e", false)
        map[0x0152] = ("o", "e", true)
        return map
    }()
}

/// The state of one pass over a draft's characters. A struct with mutating methods, rather than local variables
/// captured by a nested function, so the compiler keeps the state in registers instead of heap boxes.
private struct Tokenizer {
    let scalars: [Unicode.Scalar]
    let asciiKind = TextFolding.asciiKind
    let asciiStrings = TextFolding.asciiStrings
    var tokens: [Token] = []
    var hidden: [Range<Int>] = []
    var lookAlike: [Range<Int>] = []
    /// The word's plain letters (ASCII or accented Latin), letters of another alphabet, decorative letters, and
    /// combining marks.
    var plainLetters = 0
    var otherLetters = 0
    var lookAlikeLetters = 0
    var decorativeLetters = 0
    /// For each word: 0 Latin, 1 wholly look-alike letters of another alphabet, 2 anything else, 3 a Latin word with
    /// look-alike letters in it.
    var scripts: [UInt8] = []
    var marks = 0
    /// The word being folded: `folded[0..<length]`, kept allocated between words.
    var folded: [UInt8] = Array(repeating: 0, count: 64)
    var length = 0
    var start = -1
    var capitalised = false
    var upperCount = 0
    var letterCount = 0
    var hadHidden = false
    var digitsOnly = true
    var hasDigit = false
    var gapStart = 0
    var disguised = false
    var singleLetterRun = 0
    var sentence = 0

    init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        tokens.reserveCapacity(scalars.count / 4)
    }

    @inline(__always)
    mutating func add(_ byte: UInt8) {
        if length == folded.count { folded.append(contentsOf: repeatElement(0, count: folded.count)) }
        folded[length] = byte
        length += 1
    }

    @inline(__always)
    mutating func add(_ scalar: Unicode.Scalar) {
        if scalar.value < 0x80 {
            add(UInt8(scalar.value))
        } else {
            for byte in String(Character(scalar)).utf8 { add(byte) }
        }
    }

    /// Whether the character at `k` is a letter; ASCII without the Unicode property tables.
    @inline(__always)
    func isLetter(_ k: Int) -> Bool {
        let v = scalars[k].value
        if v < 0x80 { return asciiKind[Int(v)] == 1 || asciiKind[Int(v)] == 2 }
        return scalars[k].properties.isAlphabetic
    }

    /// Whether the character at `k` is a letter or a digit of any script.
    func isWordCharacter(_ k: Int) -> Bool {
        let scalar = scalars[k]
        if scalar.value < 0x80 { return asciiKind[Int(scalar.value)] != 0 }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    @inline(__always)
    mutating func begin(at i: Int, capitalised upper: Bool) {
        guard start < 0 else { return }
        start = i
        capitalised = upper
        upperCount = 0
        letterCount = 0
        hadHidden = false
        digitsOnly = true
        hasDigit = false
        plainLetters = 0
        otherLetters = 0
        lookAlikeLetters = 0
        decorativeLetters = 0
        marks = 0
    }

    mutating func flush(at end: Int) {
        guard start >= 0 else { return }
        let gap: String
        if start - gapStart == 1, scalars[gapStart].value < 128 {
            gap = asciiStrings[Int(scalars[gapStart].value)]
        } else if gapStart < start {
            gap = ScreeningText.string(scalars, gapStart, start)
        } else {
            gap = ""
        }
        var hash = WordHash.seed
        var last: UInt8 = 0
        var run = 0
        var stretched = false
        for k in 0..<length {
            let byte = folded[k]
            hash = WordHash.add(hash, byte)
            run = byte == last ? run + 1 : 1
            last = byte
            if run >= 3 { stretched = true }
        }
        let gapFlags = GapFlags.of(scalars, gapStart..<start)
        // A full stop, `!`, `?`, a paragraph or a heading ends a sentence, except the full stop of a title or an
        // initial ("Mr. Smith", "J. Smith").
        if let previous = tokens.last, !gapFlags.isDisjoint(with: [.sentenceEnd, .paragraph, .headingBreak]) {
            let abbreviation =
                gapFlags.contains(.startsWithPeriod) && previous.folded.utf8.count <= 3
                && TextFolding.abbreviations.contains(previous.folded)
            if !abbreviation { sentence += 1 }
        }
        tokens.append(
            Token(
                folded: String(decoding: folded[0..<length], as: UTF8.self), start: start, end: end,
                capitalised: capitalised, allCaps: letterCount >= 2 && upperCount == letterCount,
                hadHiddenCharacter: hadHidden, gapBefore: gap, gap: gapFlags,
                isNumber: digitsOnly, hasLowercase: upperCount < letterCount, hasDigit: hasDigit, hash: hash,
                stretched: stretched, sentence: sentence))
        if hasDigit && !digitsOnly { disguised = true }
        // Decoration, letters of two alphabets in one word, or accents piled on most of its letters.
        let foreign = otherLetters + lookAlikeLetters
        if decorativeLetters > 0 || (foreign > 0 && plainLetters > 0) || (marks >= 3 && marks * 2 >= letterCount) {
            lookAlike.append(start..<end)
            disguised = true
            scripts.append(3)
        } else {
            scripts.append(
                foreign == 0 ? (plainLetters > 0 ? 0 : 2) : lookAlikeLetters == letterCount && letterCount > 0 ? 1 : 2)
        }
        singleLetterRun = end - start == 1 && letterCount == 1 ? singleLetterRun + 1 : 0
        if singleLetterRun >= 3 { disguised = true }
        length = 0
        start = -1
        gapStart = end
    }

    mutating func run() {
        let count = scalars.count
        var i = 0
        while i < count {
            let scalar = scalars[i]
            let v = scalar.value
            // ASCII, most of any post, without the general folding machinery.
            if v < 0x80 {
                let kind = asciiKind[Int(v)]
                if kind == 0 {
                    if !disguised, TextFolding.isDisguiseSymbol(v) {
                        let letterAfter = i + 1 < count && isLetter(i + 1)
                        let letterBefore = i > 0 && isLetter(i - 1)
                        let masks = scalar == "*" || scalar == "#" || scalar == "_" || scalar == "$" || scalar == "@"
                        if letterAfter || (letterBefore && masks) {
                            disguised = true
                        }
                    }
                    flush(at: i)
                    i += 1
                    continue
                }
                begin(at: i, capitalised: kind == 2)
                if kind == 3 {
                    hasDigit = true
                    add(UInt8(v))
                } else {
                    add(kind == 2 ? UInt8(v + 32) : UInt8(v))
                    plainLetters += 1
                    letterCount += 1
                    if kind == 2 { upperCount += 1 }
                    digitsOnly = false
                }
                i += 1
                continue
            }
            if TextFolding.isHidden(scalar) {
                // An emoji's variation selector or joiner ("❤️", "🏊‍♀️") sits between symbols: part of the picture.
                // Beside a letter or digit, or a change of direction anywhere, it can hide a word.
                let v = scalar.value
                let direction =
                    (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200F
                    || v == 0x200E || v == 0x061C
                let beside = (i > 0 && isWordCharacter(i - 1)) || (i + 1 < count && isWordCharacter(i + 1))
                if direction || beside {
                    hidden.append(i..<(i + 1))
                    if start >= 0 { hadHidden = true }
                    disguised = true
                }
                i += 1
                continue
            }
            // An accent typed after its letter, or marks piled on: part of the word, dropped from its folded form.
            if TextFolding.isCombiningMark(scalar) {
                if start >= 0 {
                    marks += 1
                    disguised = true
                }
                i += 1
                continue
            }
            if !disguised, TextFolding.isDisguiseSymbol(v) {
                let letterAfter = i + 1 < count && isLetter(i + 1)
                if letterAfter { disguised = true }
            }
            switch TextFolding.fold(scalar) {
            case .letter(let base, let extra, let upper):
                begin(at: i, capitalised: upper)
                add(base)
                if let extra { add(extra) }
                letterCount += 1
                if upper { upperCount += 1 }
                digitsOnly = false
                switch TextFolding.letterKind(v) {
                case .latin: plainLetters += 1
                case .lookAlike: lookAlikeLetters += 1
                case .otherAlphabet: otherLetters += 1
                case .decorative: decorativeLetters += 1
                }
            case .digit(let d):
                begin(at: i, capitalised: false)
                hasDigit = true
                if TextFolding.letterKind(v) == .decorative { decorativeLetters += 1 }
                add(UInt8(truncatingIfNeeded: d.value))
            case .other:
                flush(at: i)
            }
            i += 1
        }
        flush(at: count)
        // Words wholly of look-alike letters beside Latin words ("а" for "a", "аѕѕ" for "ass"): a disguise. A run
        // of them is one if either end touches a Latin word.
        var index = 0
        while index < scripts.count {
            guard scripts[index] == 1 else {
                index += 1
                continue
            }
            var last = index
            while last + 1 < scripts.count, scripts[last + 1] == 1 { last += 1 }
            let before = index > 0 ? scripts[index - 1] : 2
            let after = last + 1 < scripts.count ? scripts[last + 1] : 2
            if before == 0 || before == 3 || after == 0 || after == 3 {
                for word in index...last { lookAlike.append(tokens[word].start..<tokens[word].end) }
                disguised = true
            }
            index = last + 1
        }
        lookAlike.sort { $0.lowerBound < $1.lowerBound }
    }
}
