// One pass over a draft's characters, making its tokens, their gaps and the spans of hidden and look-alike
// letters.

/// The state of one pass over a draft's characters. A struct with mutating methods, rather than local variables
/// captured by a nested function, so the compiler keeps the state in registers instead of heap boxes.
struct Tokenizer {
    let scalars: [Unicode.Scalar]
    let asciiKind = TextFolding.asciiKind
    let asciiStrings = TextFolding.asciiStrings
    var tokens: [Token] = []
    var hidden: [Range<Int>] = []
    var lookAlike: [Range<Int>] = []
    /// The look-alike words that only a disguise makes: two alphabets in one word, piled accents, a word of
    /// look-alike letters among Latin words. The rest are decorative alphabets throughout ("𝐒𝐏𝐎𝐑𝐓𝐒 𝐃𝐀𝐘").
    var mixed: [Range<Int>] = []
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
    /// The word began after "#": a hashtag, whose words are told apart by their capitals ("#WellDonePoppy").
    var hashtag = false
    /// The word was split from the hashtag before it at a capital: read as if a space stood between.
    var camelJoin = false

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
        hashtag = camelJoin || (i > 0 && (scalars[i - 1] == "#" || scalars[i - 1] == "@" || scalars[i - 1] == "/"))
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
        var gap: String
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
        var gapFlags = GapFlags.of(scalars, gapStart..<start)
        if camelJoin {
            gap = " "
            gapFlags = [.space, .whiteSpaceJoin]
            camelJoin = false
        }
        // A full stop, `!`, `?`, a paragraph or a heading ends a sentence, except the full stop of a title or an
        // initial ("Mr. Smith", "J. Smith").
        if let previous = tokens.last, !gapFlags.isDisjoint(with: [.sentenceEnd, .paragraph, .headingBreak]) {
            // "Harry W. in Oak": an initial, when the word after it has no capital.
            let initial =
                previous.folded.utf8.count == 1 && previous.capitalised && !capitalised && letterCount > 0
            let abbreviation =
                gapFlags.contains(.startsWithPeriod)
                && (initial || (previous.folded.utf8.count <= 3 && TextFolding.abbreviations.contains(previous.folded)))
            if !abbreviation { sentence += 1 }
        }
        tokens.append(
            Token(
                folded: String(decoding: folded[0..<length], as: UTF8.self), start: start, end: end,
                capitalised: capitalised, allCaps: letterCount >= 2 && upperCount == letterCount,
                hadHiddenCharacter: hadHidden, gapBefore: gap, gap: gapFlags,
                isNumber: digitsOnly, hasLowercase: upperCount < letterCount, hasDigit: hasDigit, hash: hash,
                stretched: stretched, hashtag: hashtag, sentence: sentence))
        if hasDigit && !digitsOnly { disguised = true }
        // Decoration, letters of two alphabets in one word, or accents piled on most of its letters.
        let foreign = otherLetters + lookAlikeLetters
        let twoAlphabets = (foreign > 0 || decorativeLetters > 0) && plainLetters > 0
        let piled = marks >= 3 && marks * 2 >= letterCount
        if decorativeLetters > 0 || twoAlphabets || piled {
            lookAlike.append(start..<end)
            if twoAlphabets || piled || (foreign > 0 && decorativeLetters > 0) { mixed.append(start..<end) }
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
                // "#WellDonePoppy": a capital after a small letter inside a hashtag starts a word.
                if kind == 2, hashtag, start >= 0, i > 0, scalars[i - 1].value < 0x80,
                    asciiKind[Int(scalars[i - 1].value)] == 1
                {
                    flush(at: i)
                    camelJoin = true
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
                for word in index...last {
                    lookAlike.append(tokens[word].start..<tokens[word].end)
                    mixed.append(tokens[word].start..<tokens[word].end)
                }
                disguised = true
            }
            index = last + 1
        }
        lookAlike.sort { $0.lowerBound < $1.lowerBound }
        mixed.sort { $0.lowerBound < $1.lowerBound }
    }
}
