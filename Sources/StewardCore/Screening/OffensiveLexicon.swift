// Offensive language (policy 4.5): a lexicon with severities, matched through masks, leetspeak, separators and
// stretched letters, and only ever as whole words, so Scunthorpe, Penistone, Essex and cocktails pass.
//
// Some terms are drawn from the "List of Dirty, Naughty, Obscene, and Otherwise Bad Words" (LDNOOBW), CC BY 4.0;
// severities and exceptions are Steward's own. See docs/NOTICE.md.

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
    ]

    static let suffixes = [
        "", "s", "es", "ed", "ing", "in", "er", "ers", "y", "ty", "head", "heads", "face", "hole", "wit", "bag",
    ]

    /// Words on the list that are also harmless in some phrases.
    static let exceptions: [String: (before: Set<String>, after: Set<String>)] = [
        "dick": (["moby", "philip", "k"], ["whittington", "turpin", "van", "king", "francis", "and"]),
        "cock": (["weather", "turkey", "peacock", "shuttle"], ["a", "doodle", "robin", "pheasant", "crow", "crows"]),
        "ass": (["an", "the", "wild", "nativity", "and"], ["and", "in", "was", "carried"]),
        "balls": (
            ["tennis", "cotton", "ping", "pong", "foot", "the", "juggling", "cheese", "meat", "snow", "bouncy"], []
        ),
        "butt": (["water", "the"], ["of", "in"]),
        "knob": (["door", "the", "a"], []),
        "sod": (["the", "grass", "turf", "a", "first", "cut"], ["of", "cutting", "turned"]),
        "git": (["use", "a", "using"], ["hub", "lab", "repository"]),
        "mong": ([], []),
        "prick": (["a", "pin", "finger"], ["of", "your", "the", "their"]),
        "piss": ([], []),
        "bloody": (["a", "the"], ["nose", "knee", "mary"]),
        "crap": ([], []),
        "fag": ([], ["end"]),
        "nude": (["in", "the"], ["colour", "color", "tights", "shade"]),
        "poof": ([], []),
        "shag": (["the"], ["pile", "carpet", "rug"]),
        "cum": ([], ["laude"]),
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
        for (word, severity) in all where !word.isEmpty {
            for suffix in Self.suffixes {
                let form = word + suffix
                if let existing = exact[form], existing.severity >= severity { continue }
                exact[form] = Entry(lemma: word, severity: severity)
            }
        }
        self.allowed = Set(allowed.map { ScreeningContext.fold($0).replacingOccurrences(of: " ", with: "") })
        for word in self.allowed { exact[word] = nil }
        var collapsed: [String: Entry] = [:]
        for (form, entry) in exact where form.count >= 3 {
            let key = Self.collapse(form)
            if let existing = collapsed[key], existing.severity >= entry.severity { continue }
            collapsed[key] = entry
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
        guard word.utf8.count >= 4, Self.hasStretch(word) else { return nil }
        let key = Self.collapse(word)
        guard key.count < word.count, let entry = collapsed[key], !allowed.contains(key) else { return nil }
        return entry
    }

    /// Matches a masked word (`f*ck`, `s**t`): same length, same letters where given, at least half given.
    func lookupMasked(_ pattern: [Character?]) -> Entry? {
        let given = pattern.compactMap { $0 }.count
        guard pattern.count >= 3, given >= 1, pattern.first ?? nil != nil, given * 2 >= pattern.count - 1 else {
            return nil
        }
        guard let first = pattern.first ?? nil, let candidates = maskable[MaskKey(length: pattern.count, first: first)]
        else { return nil }
        var best: Entry?
        for (form, entry) in candidates where zip(form, pattern).allSatisfy({ $1 == nil || $0 == $1 }) {
            if best == nil || entry.severity > (best?.severity ?? .info) { best = entry }
        }
        return best
    }
}
