// Generators of the awkward rosters, staff lists, terms lists and texts the property tests screen and parse.

import PropertyBased
import StewardCore

/// Random input built from the pieces that have broken, or could break, text engines: names that are also flagged
/// words, empty and one-letter names, apostrophes, hyphens, combining marks, hidden characters and bare punctuation.
enum HostileInput {
    /// Names and words chosen to collide with the engine's word lists.
    static let words: [String] = [
        "Dick", "Crook", "Hope", "May", "Grace", "Will", "Bill", "Lazy", "Liar", "Mr", "Mrs", "St", "A", "J", "O",
        "", " ", "O'Neill", "O’Neill", "Mary-Jane", "-", "'", "Jo-", "'s", "Zoë", "Zoe\u{0301}", "Łukasik",
        "Da Silva", "D'Arcy", "Watson Price", "Smith", "SMITH", "smith", "Ann", "\u{0301}", "Jack\u{200B}son",
        "Ⅻ", "李", "Åsa", "ß", "İ", "Ǆ", "fuck", "f*ck", "sh1t", "police", "safeguarding", "my husband", "born",
        "aged", "12", "0", "07700 900123", "SW1A 1AA", "head@school.example", "lazy parents", "no", "but",
    ]

    /// Characters that separate, join or hide words.
    static let marks: [String] = [
        " ", " ", " ", ".", ". ", "!", "?", ",", ";", ":", "\n", "\n\n", ":\n", "-", " - ", "–", "'", "’", "*",
        "@", "(", ")", "/", "\u{200B}", "\u{202E}", "\u{00A0}", "\u{0301}", "\u{FEFF}", "\t", "\"", "#", "$",
    ]

    /// Letters, marks and punctuation for names and words made up at random.
    static let alphabet: [Character] = Array("abcdeDkKrRoOs'’-. \u{0301}\u{00E9}\u{0142}1*\u{200B}")

    static let randomWord = Gen.element(of: alphabet).compactMap { $0 }.string(of: 0...6)

    /// A name: mostly one of `words`, sometimes made up.
    static let name = zip(Gen.int(in: 0...3), Gen.element(of: words), randomWord).map { choice, listed, made in
        choice == 0 ? made : (listed ?? "")
    }

    static let pupil = zip(name, name, name.optional(valueRate: 0.3), Gen.bool, Gen.bool).map {
        forename, surname, preferred, photo, named in
        Pupil(
            legalForename: forename, preferredForename: preferred, surname: surname, photoOnSocialMedia: photo,
            nameOnSocialMedia: named)
    }

    static let roster = pupil.array(of: 0...6)

    static let staff = zip(name, name).map { StaffMember(forename: $0, surname: $1) }.array(of: 0...4)

    static let terms = zip(name.array(of: 0...2), name.array(of: 0...2), name.array(of: 0...2)).map {
        ScreeningTerms(blocked: $0, allowed: $1, confidential: $2)
    }

    /// A draft of words and marks; `only` makes it a single name or only punctuation now and then.
    static let text = zip(
        Gen.int(in: 0...9), zip(Gen.element(of: words), Gen.element(of: marks)).array(of: 0...24), randomWord
    ).map { shape, pieces, made in
        switch shape {
        case 0: return pieces.compactMap { $0.1 }.joined()
        case 1: return pieces.first?.0 ?? made
        default: return pieces.map { ($0.0 ?? made) + ($0.1 ?? " ") }.joined()
        }
    }
}
