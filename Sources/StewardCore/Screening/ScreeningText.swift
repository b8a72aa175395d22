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
    /// Digits only.
    public var isNumber: Bool
    /// Some letter was lower case in the original.
    public var hasLowercase: Bool
    /// Some character was a digit.
    public var hasDigit: Bool
}

/// The text of a draft prepared for the detectors.
public struct ScreeningText: Sendable {
    /// The original text as code points, for slicing spans.
    public let scalars: [Unicode.Scalar]
    public let tokens: [Token]
    /// Spans of zero-width and direction-changing characters.
    public let hiddenSpans: [Range<Int>]
    /// Whether anything could be disguising a word: symbols or digits touching letters, letters spelled out
    /// one by one, hidden characters. When false, whole-word checks are enough.
    public let mayBeDisguised: Bool
    /// For each token, the word lists it begins an entry of (set by `classify`).
    public internal(set) var flags: [TokenFlags] = []

    /// Looks every word up once in the context's vocabulary.
    mutating func classify(with context: ScreeningContext) {
        flags = tokens.map { context.vocabulary[$0.folded] ?? [] }
    }

    /// Whether token `i` begins an entry of `list`.
    @inline(__always)
    func has(_ i: Int, _ list: TokenFlags) -> Bool {
        i >= 0 && i < flags.count && flags[i].contains(list)
    }

    public init(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        self.scalars = scalars
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 4)
        var hidden: [Range<Int>] = []
        var folded: [UInt8] = []
        folded.reserveCapacity(32)
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

        func flush(at end: Int) {
            guard start >= 0 else { return }
            let gap: String
            if start - gapStart == 1, scalars[gapStart].value < 128 {
                gap = TextFolding.asciiStrings[Int(scalars[gapStart].value)]
            } else if gapStart < start {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[gapStart..<start])
                gap = String(view)
            } else {
                gap = ""
            }
            tokens.append(
                Token(
                    folded: String(decoding: folded, as: UTF8.self), start: start, end: end, capitalised: capitalised,
                    allCaps: letterCount >= 2 && upperCount == letterCount, hadHiddenCharacter: hadHidden,
                    gapBefore: gap, isNumber: digitsOnly, hasLowercase: upperCount < letterCount,
                    hasDigit: hasDigit))
            if hasDigit && !digitsOnly { disguised = true }
            singleLetterRun = end - start == 1 && letterCount == 1 ? singleLetterRun + 1 : 0
            if singleLetterRun >= 3 { disguised = true }
            folded.removeAll(keepingCapacity: true)
            start = -1
            gapStart = end
        }

        for (i, scalar) in scalars.enumerated() {
            let v = scalar.value
            // ASCII, most of any post, without the general folding machinery.
            if v < 0x80 {
                let kind = TextFolding.asciiKind[Int(v)]
                if kind == 0 {
                    if !disguised, TextFolding.isDisguiseSymbol(v) {
                        let letterAfter = i + 1 < scalars.count && scalars[i + 1].properties.isAlphabetic
                        let letterBefore = i > 0 && scalars[i - 1].properties.isAlphabetic
                        if letterAfter || (letterBefore && (scalar == "*" || scalar == "#" || scalar == "_")) {
                            disguised = true
                        }
                    }
                    flush(at: i)
                    continue
                }
                if start < 0 {
                    start = i
                    capitalised = kind == 2
                    upperCount = 0
                    letterCount = 0
                    hadHidden = false
                    digitsOnly = true
                    hasDigit = false
                }
                if kind == 3 {
                    hasDigit = true
                    folded.append(UInt8(v))
                } else {
                    folded.append(kind == 2 ? UInt8(v + 32) : UInt8(v))
                    letterCount += 1
                    if kind == 2 { upperCount += 1 }
                    digitsOnly = false
                }
                continue
            }
            if TextFolding.isHidden(scalar) {
                hidden.append(i..<(i + 1))
                if start >= 0 { hadHidden = true }
                disguised = true
                continue
            }
            if !disguised, TextFolding.isDisguiseSymbol(v) {
                let letterAfter = i + 1 < scalars.count && scalars[i + 1].properties.isAlphabetic
                if letterAfter { disguised = true }
            }
            switch TextFolding.fold(scalar) {
            case .letter(let base, let extra, let upper):
                if start < 0 {
                    start = i
                    capitalised = upper
                    upperCount = 0
                    letterCount = 0
                    hadHidden = false
                    digitsOnly = true
                    hasDigit = false
                }
                TextFolding.appendUTF8(base, to: &folded)
                if let extra { TextFolding.appendUTF8(extra, to: &folded) }
                letterCount += 1
                if upper { upperCount += 1 }
                digitsOnly = false
            case .digit(let d):
                if start < 0 {
                    start = i
                    capitalised = false
                    upperCount = 0
                    letterCount = 0
                    hadHidden = false
                    digitsOnly = true
                    hasDigit = false
                }
                hasDigit = true
                folded.append(UInt8(truncatingIfNeeded: d.value))
            case .other:
                flush(at: i)
            }
        }
        flush(at: scalars.count)
        self.tokens = tokens
        self.hiddenSpans = hidden
        self.mayBeDisguised = disguised
    }

    /// The original text of a span.
    public func text(_ start: Int, _ end: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[max(0, start)..<min(scalars.count, end)])
        return String(view)
    }

    /// Whether a sentence ends between token `i - 1` and token `i` (or `i` is the first token).
    public func startsSentence(_ i: Int) -> Bool {
        guard i > 0 else { return true }
        let gap = tokens[i].gapBefore
        return gap.contains(".") || gap.contains("!") || gap.contains("?") || gap.contains("\n\n")
            || gap.contains(":") && gap.contains("\n")
    }

    /// Whether a sentence boundary lies anywhere between tokens `a` and `b` (a < b).
    public func sameSentence(_ a: Int, _ b: Int) -> Bool {
        guard a < b else { return a == b || sameSentence(b, a) }
        for i in (a + 1)...b where startsSentence(i) {
            let gap = tokens[i].gapBefore
            // "Mr. Smith" and "J. Smith" do not end a sentence.
            if gap.hasPrefix(".") && tokens[i - 1].folded.count <= 3
                && TextFolding.abbreviations.contains(tokens[i - 1].folded)
            {
                continue
            }
            return false
        }
        return true
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
        if s.properties.isAlphabetic {
            let lower = s.properties.lowercaseMapping.unicodeScalars
            return .letter(lower.first ?? s, nil, upper: s.properties.isUppercase)
        }
        return .other
    }

    /// Latin letters with accents, and look-alike Cyrillic and Greek letters, mapped to plain ASCII.
    static let latin: [UInt32: (Unicode.Scalar, Unicode.Scalar?, Bool)] = {
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
            ("K", "КΚ"), ("B", "ВΒ"), ("H", "НΗ"), ("M", "МΜ"), ("T", "ТΤ"), ("n", "η"), ("u", "υ"),
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
