// Offensive language (policy 4.5): a lexicon with severities, matched through masks, leetspeak, separators and
// stretched letters, and only ever as whole words, so Scunthorpe, Penistone, Essex and cocktails pass.
//
// Some terms are drawn from the "List of Dirty, Naughty, Obscene, and Otherwise Bad Words" (LDNOOBW), CC BY 4.0;
// severities and exceptions are Steward's own. See docs/NOTICE.md.

import Foundation

struct OffensiveLexicon: Sendable {
    struct Entry: Sendable {
        var lemma: String
        var severity: Severity
    }

    /// Words and their severities. Inflections are added from `suffixes`.
    static let words: [(String, Severity)] = [
        // Swearing.
        ("fuck", .block), ("fuk", .block), ("fck", .block), ("motherfucker", .block), ("shit", .block),
        ("bullshit", .block),
        ("cunt", .block), ("twat", .block), ("wanker", .block), ("wank", .block), ("bastard", .block),
        ("bitch", .block),
        ("arsehole", .block), ("asshole", .block), ("dickhead", .block), ("prick", .block), ("piss", .block),
        ("pissed", .warn), ("bollocks", .warn), ("bugger", .warn), ("tosser", .block), ("knobhead", .block),
        ("bellend", .block), ("shag", .block), ("slag", .block), ("slut", .block), ("whore", .block), ("skank", .block),
        ("clusterfuck", .block), ("fuckwit", .block), ("jizz", .block), ("cum", .block), ("dildo", .block),
        ("blowjob", .block), ("handjob", .block), ("porn", .block), ("porno", .block), ("pornography", .block),
        ("boner", .block), ("horny", .block), ("milf", .block), ("nude", .warn), ("nudes", .block), ("orgy", .block),
        ("orgasm", .block), ("masturbate", .block), ("masturbation", .block), ("rapist", .block), ("paedo", .block),
        ("paedophile", .block), ("pedophile", .block), ("pedo", .block), ("pussy", .block), ("tits", .block),
        ("titties", .block), ("boobs", .warn), ("crap", .warn), ("damn", .warn), ("goddamn", .block), ("arse", .warn),
        ("ass", .warn), ("sod", .warn), ("git", .warn), ("bloody", .info), ("balls", .info), ("butt", .info),
        ("dick", .block), ("cock", .block), ("knob", .warn), ("minge", .block), ("clit", .block), ("schlong", .block),
        ("wtf", .warn), ("stfu", .block), ("omfg", .warn), ("bj", .warn), ("sexy", .warn), ("shite", .block),
        ("shitty", .block), ("arsed", .warn), ("feck", .warn), ("frigging", .warn), ("effing", .warn),
        // Slurs: always blocked.
        ("nigger", .block), ("nigga", .block), ("paki", .block), ("faggot", .block), ("fag", .block),
        ("retard", .block),
        ("retarded", .block), ("spastic", .block), ("spaz", .block), ("spacker", .block), ("mong", .block),
        ("coon", .block),
        ("kike", .block), ("raghead", .block), ("chink", .block), ("gook", .block), ("wog", .block), ("dyke", .block),
        ("tranny", .block), ("pikey", .block), ("gyppo", .block), ("honkey", .block), ("beaner", .block),
        ("poof", .block),
        ("darkie", .block), ("jigaboo", .block), ("negro", .block),
        // Slang and re-spellings social media uses (issue 20).
        ("twunt", .block), ("clunge", .block), ("biatch", .block), ("kys", .block), ("bint", .block),
        ("slapper", .block), ("bawbag", .block), ("nonce", .warn), ("mongo", .warn), ("thot", .warn),
        ("pillock", .warn), ("plonker", .warn), ("wazzock", .warn), ("munter", .warn), ("bollock", .warn),
        ("nob", .warn), ("libtard", .block), ("ffs", .warn), ("fkn", .block), ("fking", .block), ("fkin", .block),
        ("yid", .block), ("scumbag", .warn), ("bollox", .warn), ("bolox", .warn), ("bollix", .warn),
        ("fook", .block), ("fookin", .block), ("fooking", .block), ("fooked", .block), ("phuk", .block),
    ]

    /// Words that make an insult when joined after a listed one ("cockwomble", "wankstain", "fucktard").
    static let compoundHeads = [
        "head", "face", "wit", "bag", "wad", "stain", "flap", "womble", "tard", "nugget", "weasel", "sack", "stick",
        "lord", "brain", "biscuit", "burger", "trumpet", "socket", "waffle", "goblin", "hat", "knuckle", "monkey",
        "sucker", "licker", "wipe", "clown", "muncher", "gibbon", "hole", "bucket", "bird", "wagon", "nozzle", "lips",
        "breath", "show", "storm", "house", "load", "heap", "pants", "fest", "knickers",
    ]
    /// Words that make an insult when joined before one ("dumbass", "horseshit", "mutha-fucker").
    static let compoundModifiers = [
        "mother", "mutha", "motha", "bull", "horse", "cluster", "dumb", "dip", "ape", "chicken", "jack", "smart", "fat",
        "lard", "dog", "bat", "pig", "cow", "rat", "super", "total", "mega", "dumbo",
    ]
    /// The listed words that join into compounds.
    static let compoundStems: [(String, Severity)] = [
        ("fuck", .block), ("shit", .block), ("cunt", .block), ("twat", .block), ("wank", .block), ("piss", .block),
        ("dick", .block), ("cock", .block), ("knob", .block), ("nob", .block), ("arse", .block), ("ass", .warn),
        ("prick", .block), ("bitch", .block), ("slag", .block), ("slut", .block), ("whore", .block), ("jizz", .block),
        ("bastard", .block), ("twunt", .block), ("bollock", .warn), ("turd", .warn), ("crap", .warn),
    ]
    /// Words that a swap of two neighbouring letters disguises ("fcuk", "cnut" aside: King Cnut is history).
    static let transposable: Set<String> = ["fuck", "cunt", "shit", "twat", "wank", "wanker", "bitch", "slut", "whore"]
    /// Ordinary words a re-spelling or a swap would otherwise take for one of them.
    static let notRespelt: Set<String> = ["cnut"]

    static let suffixes = [
        "", "s", "es", "ed", "ing", "in", "er", "ers", "y", "ty", "head", "heads", "face", "hole", "wit", "bag",
    ]

    /// Ordinary words that inflecting a listed one would make: cumin is a spice, a cocky robin is bold.
    static let ordinaryForms: Set<String> = [
        "cumin", "cumins", "cocky", "cocked", "cocking", "dicky", "dickie", "pricked", "pricking",
    ]

    /// Words on the list that are also harmless in some phrases.
    static let exceptions: [String: (before: Set<String>, after: Set<String>)] = [
        "dick": (["moby", "philip", "k", "spotted"], ["whittington", "turpin", "van", "king", "francis", "and"]),
        "dyke": (["offa", "devil", "devils"], ["path", "walk", "way", "road"]),
        "cock": (
            ["weather", "turkey", "peacock", "shuttle"],
            ["a", "doodle", "robin", "pheasant", "crow", "crows", "spaniel", "spaniels"]
        ),
        "pussy": ([], ["willow", "willows", "cat", "cats"]),
        "slag": (["coal"], ["heap", "heaps"]),
        "ass": (["an", "the", "wild", "nativity", "and"], ["and", "in", "was", "carried"]),
        "balls": (
            ["tennis", "cotton", "ping", "pong", "foot", "the", "juggling", "cheese", "meat", "snow", "bouncy"], []
        ),
        "butt": (["water", "the"], ["of", "in"]),
        "knob": (["door", "the", "a"], []),
        "sod": (["the", "grass", "turf", "a", "first", "cut", "new", "fresh", "laid"], ["of", "cutting", "turned"]),
        "git": (["use", "a", "using"], ["hub", "lab", "repository"]),
        "mong": ([], []),
        "prick": (["pin", "finger"], ["of", "your", "the", "their"]),
        "piss": ([], []),
        "bloody": (["a", "the"], ["nose", "knee", "mary"]),
        "crap": ([], []),
        "fag": ([], ["end"]),
        "nude": (["in", "the"], ["colour", "color", "tights", "shade"]),
        "poof": ([], []),
        "cum": ([], ["laude"]),
        // Birds ("blue tits nesting") and a dog show's "best bitch".
        "tits": (["blue", "great", "coal", "tailed", "marsh", "willow", "crested", "bearded"], ["nest", "nesting"]),
        "bitch": (
            [
                "best", "brood", "whelping", "labrador", "spaniel", "collie", "terrier", "retriever", "greyhound",
                "whippet", "lurcher", "poodle", "beagle", "setter", "pointer", "hound", "husky", "shepherd",
            ], []
        ),
        "shag": (["the"], ["pile", "carpet", "rug", "drying", "nesting", "colony", "colonies", "cormorant"]),
        // Faggots, the meatballs of the Black Country: "faggots, mash and peas".
        "faggot": (["country", "pork", "homemade", "traditional", "beef", "brains"], ["mash", "peas", "gravy"]),
    ]

    let exact: [String: Entry]
    /// The same forms with repeated letters collapsed, for stretched spellings.
    let collapsed: [String: Entry]
    let allowed: Set<String>
    let maxLength: Int
    /// The forms a masked word could stand for (warn or worse), by length and first letter: a masked word is
    /// compared with a handful of forms, not the whole list, however many masked words a draft holds.
    private let maskable: [MaskKey: [([Character], Entry)]]

    private struct MaskKey: Hashable {
        var length: Int
        var first: Character
    }

    /// The built-in words with nothing added or allowed.
    static let standard = OffensiveLexicon(extraBlocked: [], allowed: [])

    init(extraBlocked: [String], allowed: [String]) {
        var exact: [String: Entry] = [:]
        var all = Self.words
        for word in extraBlocked {
            all.append((ScreeningContext.fold(word).replacingOccurrences(of: " ", with: ""), .block))
        }
        func add(_ form: String, _ lemma: String, _ severity: Severity) {
            if let existing = exact[form], existing.severity >= severity { return }
            exact[form] = Entry(lemma: lemma, severity: severity)
        }
        for (word, severity) in all where !word.isEmpty {
            for suffix in Self.suffixes { add(word + suffix, word, severity) }
            // "twatting", "shitter", "shagged": a short word ending consonant, vowel, consonant doubles its last.
            if let doubled = Self.doubled(word) {
                for suffix in ["ing", "ed", "er", "ers", "in"] { add(doubled + suffix, word, severity) }
            }
        }
        // Re-spellings of the words and their inflections (not of compounds), looked up whole, never through masks
        // or stretching: added last.
        var respelt: [String: Entry] = [:]
        for (form, entry) in exact where entry.severity >= .warn {
            for variant in Self.respellings(of: form, entry) where exact[variant] == nil { respelt[variant] = entry }
        }
        for (stem, severity) in Self.compoundStems {
            for head in Self.compoundHeads {
                for plural in ["", "s"] { add(stem + head + plural, stem, severity) }
            }
            for modifier in Self.compoundModifiers {
                for suffix in ["", "s", "es", "er", "ers", "ing", "ed"] {
                    add(modifier + stem + suffix, stem, severity)
                }
            }
        }
        self.allowed = Set(allowed.map { ScreeningContext.fold($0).replacingOccurrences(of: " ", with: "") })
        for word in self.allowed.union(Self.ordinaryForms) { exact[word] = nil }
        var collapsed: [String: Entry] = [:]
        for (form, entry) in exact where form.count >= 3 {
            let key = Self.collapse(form)
            if let existing = collapsed[key], existing.severity >= entry.severity { continue }
            collapsed[key] = entry
        }
        for (variant, entry) in respelt where exact[variant] == nil && !self.allowed.contains(variant) {
            exact[variant] = entry
        }
        self.exact = exact
        self.collapsed = collapsed
        self.maxLength = exact.keys.map(\.count).max() ?? 0
        var maskable: [MaskKey: [([Character], Entry)]] = [:]
        for (form, entry) in exact where entry.severity >= .warn {
            let characters = Array(form)
            guard let first = characters.first else { continue }
            maskable[MaskKey(length: characters.count, first: first), default: []].append((characters, entry))
        }
        self.maskable = maskable
    }

    /// Whether every letter of a word of six or more is doubled ("ffuucckk").
    static func allDoubled(_ word: String) -> Bool {
        // Read in place: most words differ at their second letter.
        var count = 0
        var previous: UInt8 = 0
        for byte in word.utf8 {
            if count % 2 == 1, byte != previous { return false }
            previous = byte
            count += 1
        }
        return count >= 6 && count % 2 == 0
    }

    /// The word with its last letter doubled, when a suffix would double it ("twat" → "twatt"), else nil.
    static func doubled(_ word: String) -> String? {
        let letters = Array(word)
        guard letters.count >= 3, letters.count <= 5, word != "cum" else { return nil }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        let last = letters[letters.count - 1]
        let middle = letters[letters.count - 2]
        let before = letters[letters.count - 3]
        guard !vowels.contains(last), !"wxy".contains(last), vowels.contains(middle), !vowels.contains(before)
        else { return nil }
        return word + String(last)
    }

    /// `fuuuuck` → `fuck`: runs of a repeated letter become one.
    static func collapse(_ word: String) -> String {
        var out = ""
        var last: Character?
        for c in word where c != last {
            out.append(c)
            last = c
        }
        return out
    }

    /// Whether a letter repeats three or more times in a row: stretching, not spelling ("assess" is not "asses").
    static func hasStretch(_ word: String) -> Bool {
        var last: UInt8 = 0
        var run = 0
        for c in word.utf8 {
            run = c == last ? run + 1 : 1
            last = c
            if run >= 3 { return true }
        }
        return false
    }

    /// Looks a plain word up; `stretched` allows letters repeated beyond the dictionary form.
    func lookup(_ word: String) -> Entry? {
        if let entry = exact[word] { return entry }
        if word.utf8.count >= 4, Self.hasStretch(word) {
            let key = Self.collapse(word)
            if key.count < word.count, let entry = collapsed[key], !allowed.contains(key) { return entry }
        }
        // Every letter doubled ("ffuucckk"): "assess" and "coffee" are not.
        if Self.allDoubled(word) {
            let bytes = Array(word.utf8)
            let half = String(decoding: stride(from: 0, to: bytes.count, by: 2).map { bytes[$0] }, as: UTF8.self)
            if let entry = exact[half], entry.severity >= .warn { return entry }
        }
        return nil
    }

    /// Deliberate misspellings of a listed form: "ph" for "f" ("phuck"), "v" for "u" ("fvck"), "z" for "s" ("azz",
    /// "bitchez"), two neighbouring letters swapped ("fcuk"). Made once with the lexicon, so that a post pays one
    /// look-up per word for them as for any other form.
    static func respellings(of form: String, _ entry: Entry) -> [String] {
        let bytes = Array(form.utf8)
        var out: [[UInt8]] = []
        func replacing(_ letter: UInt8, with replacement: [UInt8]) -> [UInt8] {
            bytes.flatMap { $0 == letter ? replacement : [$0] }
        }
        let strong = entry.severity == .block
        if strong, bytes.contains(UInt8(ascii: "f")) {
            out.append(replacing(UInt8(ascii: "f"), with: Array("ph".utf8)))
        }
        if strong, bytes.contains(UInt8(ascii: "u")) {
            out.append(replacing(UInt8(ascii: "u"), with: [UInt8(ascii: "v")]))
        }
        if strong || entry.lemma == "ass", bytes.contains(UInt8(ascii: "s")) {
            out.append(replacing(UInt8(ascii: "s"), with: [UInt8(ascii: "z")]))
        }
        if transposable.contains(entry.lemma), bytes.count >= 4 {
            for k in 0..<(bytes.count - 1) where bytes[k] != bytes[k + 1] {
                var swapped = bytes
                swapped.swapAt(k, k + 1)
                out.append(swapped)
            }
        }
        return out.map { String(decoding: $0, as: UTF8.self) }.filter { !notRespelt.contains($0) }
    }

    /// Matches a masked word (`f*ck`, `s**t`): same length, same letters where given, at least half given.
    func lookupMasked(_ pattern: [Character?]) -> Entry? {
        let given = pattern.compactMap { $0 }.count
        // At least half given, or a short word of its first letter and stars ("f***", "s***"), which is only ever
        // written so to mask a swear word.
        let initialOnly = given == 1 && pattern.count <= 5
        guard pattern.count >= 3, given >= 1, pattern.first ?? nil != nil, given * 2 >= pattern.count - 1 || initialOnly
        else { return nil }
        guard let first = pattern.first ?? nil, let candidates = maskable[MaskKey(length: pattern.count, first: first)]
        else { return nil }
        var best: Entry?
        for (form, entry) in candidates where zip(form, pattern).allSatisfy({ $1 == nil || $0 == $1 }) {
            if best == nil || entry.severity > (best?.severity ?? .info) { best = entry }
        }
        return best
    }
}
