// The words that suggest a policy clause is about a kind of finding, and how a clause's wording is scored against them.

/// Weighted words and phrases per category, chosen to cover how schools word their policies ("pupils", "learners",
/// "students"; "photographs", "images"; "GDPR", "data protection").
enum ClauseCues {
    /// A word or phrase and how strongly it points at a category. Each word of `stems` matches a word of the clause
    /// that equals it or, for stems of four letters or more, starts with it ("photo" matches "photographs").
    struct Cue {
        var stems: [String]
        var weight: Int

        init(_ phrase: String, _ weight: Int) {
            self.stems = phrase.split(separator: " ").map(String.init)
            self.weight = weight
        }
    }

    /// A clause's wording as lower-case words, ready to score.
    struct Words {
        var words: [String]

        init(_ text: String) {
            words = text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        }

        /// The weights of the cues that occur, each counted once however often it occurs.
        func score(_ cues: [Cue]) -> Int {
            cues.reduce(0) { total, cue in contains(cue.stems) ? total + cue.weight : total }
        }

        func contains(_ stems: [String]) -> Bool {
            guard !stems.isEmpty, stems.count <= words.count else { return false }
            for start in 0...(words.count - stems.count)
            where zip(stems, words[start...]).allSatisfy({ Words.matches($1, $0) }) {
                return true
            }
            return false
        }

        static func matches(_ word: String, _ stem: String) -> Bool {
            word == stem || (stem.count >= 4 && word.hasPrefix(stem))
        }
    }

    static let children = [Cue("pupil", 1), Cue("student", 1), Cue("learner", 1), Cue("child", 1)]

    static let pictures = [Cue("photo", 3), Cue("image", 3), Cue("picture", 2), Cue("video", 2), Cue("filming", 2)]

    static let dataProtection = [
        Cue("personal data", 4), Cue("personal information", 3), Cue("data protection", 4), Cue("gdpr", 4),
        Cue("general data", 3), Cue("disclos", 3),
    ]

    static let language = [
        Cue("offensive", 4), Cue("indecent", 3), Cue("language", 3), Cue("swear", 4), Cue("profan", 4),
        Cue("obscen", 3), Cue("abusive", 2), Cue("discriminat", 2), Cue("inappropriate", 1),
    ]

    static func cues(for category: FindingCategory) -> [Cue] {
        switch category {
        case .pupilName:
            // A clause about names beats a general data-protection clause; the latter is St Cleopas's answer.
            [Cue("name", 6), Cue("full name", 3), Cue("surname", 3), Cue("identif", 2), Cue("confidential", 1)]
                + dataProtection.map { Cue($0.stems.joined(separator: " "), 2) } + children
        case .personalData:
            dataProtection + [
                Cue("address", 2), Cue("phone", 2), Cue("email", 1), Cue("date of birth", 3), Cue("contact detail", 2),
                Cue("confidential", 1),
            ]
        case .confidential:
            [
                Cue("confidential", 5), Cue("disclos", 3), Cue("public arena", 2), Cue("not yet", 1),
                Cue("sensitive", 2), Cue("safeguarding", 1), Cue("staffing", 1),
            ]
        case .offensiveLanguage:
            language
        case .hiddenText:
            language + [
                Cue("hidden", 3), Cue("hide", 3), Cue("invisible", 3), Cue("disguis", 3), Cue("symbol", 1),
                Cue("character", 1),
            ]
        case .negativeRemark:
            [
                Cue("defamat", 4), Cue("disrepute", 4), Cue("critic", 3), Cue("derogatory", 3), Cue("disparag", 3),
                Cue("negative", 2), Cue("reputation", 2), Cue("complain", 1),
            ]
        case .personalContent:
            [
                Cue("personal content", 5), Cue("on behalf of the school", 4), Cue("official", 2),
                Cue("school account", 4), Cue("positive", 2), Cue("personal opinion", 3), Cue("personal view", 3),
                Cue("information sharing", 2), Cue("personal", 1),
            ]
        case .photoConsent:
            pictures + children + [Cue("consent", 3), Cue("permission", 2), Cue("agreed", 1)]
        case .imageLocation:
            pictures + [
                Cue("location", 3), Cue("gps", 4), Cue("metadata", 4), Cue("geotag", 4), Cue("where it was taken", 3),
            ]
        }
    }
}
