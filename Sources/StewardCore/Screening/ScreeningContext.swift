// Everything about one school that screening needs, indexed once so that a post costs the same whatever the roster.

/// A school's pupils, staff and word lists, prepared for screening many drafts.
///
/// Build once per school (and again when the roster changes); share across threads.
public final class ScreeningContext: Sendable {
    /// One way of writing a person's name as folded tokens (`Mary-Jane` → `["mary", "jane"]`).
    struct NameForm: Sendable {
        var tokens: [String]
        var pupil: Int
    }

    public let pupils: [Pupil]
    public let staff: [StaffMember]
    public let terms: ScreeningTerms

    /// Forename forms (legal and preferred) by their first token.
    let forenames: [String: [NameForm]]
    /// Surname forms by their first token.
    let surnames: [String: [NameForm]]
    /// Staff surnames and forename+surname pairs, folded.
    let staffSurnames: Set<String>
    let staffFullNames: Set<[String]>
    let staffForenames: Set<String>
    let offensive: OffensiveLexicon
    let confidentialTerms: [[String]]
    let allowed: Set<String>

    public init(pupils: [Pupil] = [], staff: [StaffMember] = [], terms: ScreeningTerms = ScreeningTerms()) {
        self.pupils = pupils
        self.staff = staff
        self.terms = terms
        var forenames: [String: [NameForm]] = [:]
        var surnames: [String: [NameForm]] = [:]
        for (index, pupil) in pupils.enumerated() {
            var firsts = [Self.tokens(pupil.legalForename)]
            if let preferred = pupil.preferredForename { firsts.append(Self.tokens(preferred)) }
            for form in Set(firsts) where !form.isEmpty {
                forenames[form[0], default: []].append(NameForm(tokens: form, pupil: index))
            }
            let last = Self.tokens(pupil.surname)
            if !last.isEmpty { surnames[last[0], default: []].append(NameForm(tokens: last, pupil: index)) }
        }
        self.forenames = forenames
        self.surnames = surnames
        self.staffSurnames = Set(staff.flatMap { Self.tokens($0.surname) })
        self.staffForenames = Set(staff.compactMap { Self.tokens($0.forename).first })
        self.staffFullNames = Set(staff.map { Self.tokens($0.forename) + Self.tokens($0.surname) })
        self.allowed = Set(terms.allowed.map(Self.fold))
        self.offensive = OffensiveLexicon(extraBlocked: terms.blocked, allowed: terms.allowed)
        self.confidentialTerms = (ConfidentialDetector.defaultTerms + terms.confidential).map(Self.tokens).filter {
            !$0.isEmpty
        }
    }

    /// A name or phrase as folded tokens.
    static func tokens(_ text: String) -> [String] {
        ScreeningText(text).tokens.map(\.folded)
    }

    /// A phrase folded to a single comparable string.
    static func fold(_ text: String) -> String {
        tokens(text).joined(separator: " ")
    }
}
