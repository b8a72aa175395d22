// Everything about one school that screening needs, indexed once so that a post costs the same whatever the roster.

/// Which of the engine's word lists a word starts an entry of: looked up once per word, then read by every detector.
public struct TokenFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    static let forename = TokenFlags(rawValue: 1 << 0)
    static let surname = TokenFlags(rawValue: 1 << 1)
    static let offensive = TokenFlags(rawValue: 1 << 2)
    static let insult = TokenFlags(rawValue: 1 << 3)
    static let confidential = TokenFlags(rawValue: 1 << 4)
    static let personal = TokenFlags(rawValue: 1 << 5)
    static let birthCue = TokenFlags(rawValue: 1 << 6)
    static let title = TokenFlags(rawValue: 1 << 7)
    static let month = TokenFlags(rawValue: 1 << 8)
    static let relative = TokenFlags(rawValue: 1 << 9)
    static let staffSurname = TokenFlags(rawValue: 1 << 10)
    static let staffForename = TokenFlags(rawValue: 1 << 11)
    static let health = TokenFlags(rawValue: 1 << 12)
    static let streetType = TokenFlags(rawValue: 1 << 13)
    static let placeName = TokenFlags(rawValue: 1 << 14)
    static let brandName = TokenFlags(rawValue: 1 << 15)
    static let className = TokenFlags(rawValue: 1 << 16)
}

/// A school's pupils, staff and word lists, prepared for screening many drafts.
///
/// Build once per school (and again when the roster changes); share across threads.
public final class ScreeningContext: Sendable {
    /// One way of writing a name as folded tokens (`Mary-Jane` → `["mary", "jane"]`), and the pupils who have it.
    struct NameForm: Sendable {
        let tokens: [String]
        let pupils: [Int]
        /// The tokens joined by spaces, as the full-name indexes spell them.
        let key: String
        /// Whether every pupil with this form may be named on social media, and how many pupils have it: worked
        /// out once, so a common name costs a post no more than a rare one.
        let allConsent: Bool
        let distinctPupils: Int

        init(tokens: [String], pupils: [Int], consent: (Int) -> Bool) {
            self.tokens = tokens
            self.pupils = pupils
            key = tokens.joined(separator: " ")
            allConsent = pupils.allSatisfy(consent)
            distinctPupils = Set(pupils).count
        }
    }

    public let pupils: [Pupil]
    public let staff: [StaffMember]
    public let terms: ScreeningTerms

    /// Forename forms (legal and preferred) by their first token.
    let forenames: [String: [NameForm]]
    /// Surname forms by their first token.
    let surnames: [String: [NameForm]]
    /// Pupils by "forename|surname" (folded, tokens joined by spaces), and by "initial|surname".
    let fullNames: [String: [Int]]
    /// Full names written as one word, as hashtags, mentions and web addresses write them ("jacksmith",
    /// "oliviaoneillbrown").
    let joinedFullNames: [String: [Int]]
    let initialSurnames: [String: [Int]]
    /// Staff surnames and forename+surname pairs, folded.
    let staffSurnames: Set<String>
    let staffFullNames: Set<[String]>
    let staffForenames: Set<String>
    /// The first word of each class's name ("willow" of Willow), folded: "Willow class" is a class, not a pupil.
    let classNames: Set<String>
    let offensive: OffensiveLexicon
    let confidentialTerms: [[String]]
    let allowed: Set<String>
    /// Every word that begins an entry of some list, with the lists it begins.
    let vocabulary: WordTable<TokenFlags>

    public init(pupils: [Pupil] = [], staff: [StaffMember] = [], terms: ScreeningTerms = ScreeningTerms()) {
        self.pupils = pupils
        self.staff = staff
        self.terms = terms
        // Each distinct written form once, however many pupils share it, so a post costs the same whatever the roster.
        var forenameForms: [[String]: [Int]] = [:]
        var surnameForms: [[String]: [Int]] = [:]
        var fullNames: [String: [Int]] = [:]
        var initialSurnames: [String: [Int]] = [:]
        var joined: [String: [Int]] = [:]
        for (index, pupil) in pupils.enumerated() {
            var firsts = [Self.tokens(pupil.legalForename)]
            if let preferred = pupil.preferredForename { firsts.append(Self.tokens(preferred)) }
            let last = Self.tokens(pupil.surname)
            if !last.isEmpty { surnameForms[last, default: []].append(index) }
            for form in Set(firsts) where !form.isEmpty {
                forenameForms[form, default: []].append(index)
                if !last.isEmpty {
                    fullNames[form.joined(separator: " ") + "|" + last.joined(separator: " "), default: []].append(
                        index)
                    joined[form.joined() + last.joined(), default: []].append(index)
                    if let initial = form.first?.first {
                        initialSurnames[String(initial) + "|" + last.joined(separator: " "), default: []].append(index)
                    }
                }
            }
        }
        var forenames: [String: [NameForm]] = [:]
        for (tokens, ids) in forenameForms {
            guard let first = tokens.first else { continue }
            forenames[first, default: []].append(
                NameForm(tokens: tokens, pupils: ids, consent: { pupils[$0].nameOnSocialMedia }))
        }
        var surnames: [String: [NameForm]] = [:]
        for (tokens, ids) in surnameForms {
            guard let first = tokens.first else { continue }
            surnames[first, default: []].append(
                NameForm(tokens: tokens, pupils: ids, consent: { pupils[$0].nameOnSocialMedia }))
        }
        self.forenames = forenames
        self.surnames = surnames
        self.fullNames = fullNames.mapValues { Array(Set($0)).sorted() }
        self.initialSurnames = initialSurnames.mapValues { Array(Set($0)).sorted() }
        self.joinedFullNames = joined.mapValues { Array(Set($0)).sorted() }
        let staffSurnames = Set(staff.flatMap { Self.tokens($0.surname) })
        let staffForenames = Set(staff.compactMap { Self.tokens($0.forename).first })
        self.staffSurnames = staffSurnames
        self.staffForenames = staffForenames
        self.staffFullNames = Set(staff.map { Self.tokens($0.forename) + Self.tokens($0.surname) })
        self.classNames = Set(pupils.compactMap { $0.className.flatMap { Self.tokens($0).first } })
        self.allowed = Set(terms.allowed.map(Self.fold))
        // Most schools add no words of their own: they share the built-in lexicon, made once.
        let offensive =
            terms.blocked.isEmpty && terms.allowed.isEmpty
            ? OffensiveLexicon.standard : OffensiveLexicon(extraBlocked: terms.blocked, allowed: terms.allowed)
        self.offensive = offensive
        let confidentialTerms = (ConfidentialDetector.defaultTerms + terms.confidential).map(Self.tokens).filter {
            !$0.isEmpty
        }
        self.confidentialTerms = confidentialTerms
        var vocabulary: [String: TokenFlags] = [:]
        func mark(_ words: some Sequence<String>, _ flag: TokenFlags) {
            for word in words { vocabulary[word, default: []].insert(flag) }
        }
        mark(forenames.keys, .forename)
        mark(surnames.keys, .surname)
        mark(offensive.exact.keys, .offensive)
        mark(NegativeRemarkDetector.insults.compactMap { Self.tokens($0).first }, .insult)
        mark(confidentialTerms.compactMap(\.first) + ConfidentialDetector.capitalsOnly, .confidential)
        mark(PersonalContentDetector.phrases.compactMap { Self.tokens($0).first }, .personal)
        mark(PersonalDataDetector.birthCues.union(["d"]), .birthCue)
        mark(PupilNameDetector.titles, .title)
        mark(PersonalDataDetector.months.keys, .month)
        mark(NegativeRemarkDetector.relatives, .relative)
        mark(staffSurnames, .staffSurname)
        mark(staffForenames, .staffForename)
        mark(HealthDetector.words.union(HealthDetector.pairs.keys).union(HealthDetector.religions), .health)
        mark(PersonalDataDetector.plainStreetTypes, .streetType)
        mark(NameUse.places, .placeName)
        mark(NameUse.brands, .brandName)
        mark(classNames, .className)
        self.vocabulary = WordTable(vocabulary)
    }

    /// A name or phrase as folded tokens.
    static func tokens(_ text: String) -> [String] {
        ScreeningText(text).tokens.map(\.folded)
    }

    /// A phrase folded to a single comparable string: lower case, accents off, words joined by single spaces.
    public static func fold(_ text: String) -> String {
        tokens(text).joined(separator: " ")
    }
}
