// Folding single characters for screening: lower case, accents off, look-alike and decorative letters to plain ones,
// hidden characters and combining marks recognised.

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
        // Blank fillers that render as nothing (Hangul fillers, the braille blank) and tag characters (only ever
        // part of a flag's emoji; beside a letter they hide a word) too.
        case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x200B...0x200F, 0x202A...0x202E,
            0x2060...0x2064, 0x2066...0x206F, 0xFE00...0xFE0F, 0xFEFF, 0x2800, 0x3164, 0xFFA0, 0xE0000...0xE007F:
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
