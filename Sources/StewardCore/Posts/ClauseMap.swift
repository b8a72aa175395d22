// Which clause of a school's own policy each kind of finding cites: St Cleopas's numbering by default, a suggestion
// read from any other policy's wording, and the school's corrections kept as JSON.

import Foundation

/// The clause number each `FindingCategory` cites, so findings quote the school's policy rather than St Cleopas's.
public struct ClauseMap: Sendable, Equatable, Codable {
    /// Every category has an entry: built only through `init`, which fills gaps from `standard`.
    private var numbers: [FindingCategory: String]

    /// A map from `numbers`; a category left out, or given a blank number, cites its standard clause.
    public init(_ numbers: [FindingCategory: String] = [:]) {
        var filled: [FindingCategory: String] = [:]
        for category in FindingCategory.allCases {
            let given = numbers[category]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            filled[category] = given.isEmpty ? category.clause : given
        }
        self.numbers = filled
    }

    /// St Cleopas's numbering: what `FindingCategory.clause` gives.
    public static let standard = ClauseMap()

    /// The clause number `category` cites.
    public func clause(for category: FindingCategory) -> String { numbers[category] ?? category.clause }

    /// The same map with `category` citing `number` (the standard clause when `number` is blank).
    public func setting(_ category: FindingCategory, to number: String) -> ClauseMap {
        var changed = numbers
        changed[category] = number
        return ClauseMap(changed)
    }

    // MARK: - Suggesting from a policy

    /// A clause must score at least this much to be chosen on its wording: one strong word, or two weaker ones.
    static let threshold = 3

    /// For each category, the clause of `document` whose wording best matches the category's subject.
    ///
    /// When no clause scores `threshold`, the standard number is kept if the document has a clause with that number;
    /// otherwise the best-scoring clause with any score at all; otherwise the standard number. Ties go to the clause
    /// that comes first. A suggestion for a person to check, never a ruling.
    public static func suggest(from document: PolicyDocument) -> ClauseMap {
        let clauses = document.clauses.map { clause in
            (
                number: clause.number, words: ClauseCues.Words(clause.text),
                heading: ClauseCues.Words(document.heading(of: clause))
            )
        }
        var numbers: [FindingCategory: String] = [:]
        for category in FindingCategory.allCases {
            let cues = ClauseCues.cues(for: category)
            var best: (number: String, score: Int)?
            for clause in clauses {
                // The clause's own words count double; its section heading breaks ties between similar clauses.
                let score = 2 * clause.words.score(cues) + clause.heading.score(cues)
                if score > (best?.score ?? 0) { best = (clause.number, score) }
            }
            if let best, best.score >= 2 * threshold {
                numbers[category] = best.number
            } else if document.clause(category.clause) != nil {
                numbers[category] = category.clause
            } else if let best {
                numbers[category] = best.number
            }
        }
        return ClauseMap(numbers)
    }

    // MARK: - Codable

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// A JSON object keyed by category (`"pupil-name": "4.7"`), every category written.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for category in FindingCategory.allCases {
            try container.encode(clause(for: category), forKey: Key(stringValue: category.rawValue))
        }
    }

    /// Reads what `encode` writes; a missing or blank category cites its standard clause, unknown keys are ignored.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var numbers: [FindingCategory: String] = [:]
        for category in FindingCategory.allCases {
            numbers[category] = try container.decodeIfPresent(String.self, forKey: Key(stringValue: category.rawValue))
        }
        self.init(numbers)
    }
}

extension Finding {
    /// The same finding citing the clause `map` gives its category.
    public func citing(_ map: ClauseMap) -> Finding {
        var cited = self
        cited.clause = map.clause(for: category)
        return cited
    }
}

extension FindingCategory {
    /// A short plain name for lists and headings: "Pupil's name", "Photo consent".
    public var title: String {
        switch self {
        case .pupilName: "Pupil's name"
        case .personalData: "Personal data"
        case .offensiveLanguage: "Offensive language"
        case .negativeRemark: "Negative remark"
        case .confidential: "Confidential matter"
        case .personalContent: "Personal content"
        case .photoConsent: "Photo consent"
        case .imageLocation: "Photo location"
        case .hiddenText: "Hidden text"
        }
    }

    /// One line on what the category is about, for the page where a school matches categories to its clauses.
    public var subject: String {
        switch self {
        case .pupilName: "Naming a pupil whose family has not agreed to their name appearing on social media."
        case .personalData: "Personal data such as addresses, phone numbers, email addresses or dates of birth."
        case .offensiveLanguage: "Swearing, slurs and other offensive or inappropriate language."
        case .negativeRemark:
            "Criticism of the school, colleagues, pupils or parents that could bring it into disrepute."
        case .confidential: "School matters not yet public, or confidential ones such as safeguarding or staffing."
        case .personalContent: "Staff's personal life or opinions in a post made on behalf of the school."
        case .photoConsent: "Photographs of pupils whose families have not agreed to photos on social media."
        case .imageLocation: "Photos that carry where they were taken (GPS) or other hidden details."
        case .hiddenText: "Invisible or disguised characters that hide words from the people who check a post."
        }
    }
}
