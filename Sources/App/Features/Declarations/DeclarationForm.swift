// A declaration as the form (or the API) sends it, and the checks that need no database.

import Foundation
import StewardCore
import Vapor

/// A declaration as the form sends it.
struct DeclarationForm: Content, Sendable {
    var party: String?
    /// At least three letters of the other person's surname (a pupil's for a pupil or a parent).
    var surname: String?
    /// The chosen pupil or person, from the matches of `surname`.
    var pick: String?
    /// The other person's name, for a parent or carer, a contractor or anyone else.
    var name: String?
    var nature: String?
    var detail: String?
    var since: String?
    var platforms: [String]?
    /// Set by the "Find" button: look up `surname` and show the form again, saving nothing.
    var find: String?

    struct Valid: Sendable {
        var party: DeclarationParty
        var pick: UUID?
        var name: String
        var nature: DeclarationNature
        var detail: String
        var since: ApproximateDate
        var platforms: [String]
    }

    /// The fewest letters of a surname that start a search (issue 14: "at least three letters").
    static let searchMinimum = 3
    /// The most matches a search shows.
    static let searchLimit = 10

    /// Checks every field that needs no database; the pick is checked against the school's roster or people by
    /// the caller.
    func validate(platforms known: SocialPlatforms, today: CalendarDate) -> Result<Valid, InvalidInput> {
        var errors: [FieldError] = []
        let party = DeclarationParty(rawValue: party ?? "")
        if party == nil { errors.append(FieldError("party", "Choose who the other person is to the school.")) }
        var pickID: UUID?
        if let party, party.isOnRoll || party.isPerson {
            pickID = UUID(uuidString: (pick ?? "").trimmingCharacters(in: .whitespaces))
            if pickID == nil {
                errors.append(
                    FieldError(
                        "surname",
                        party.isOnRoll
                            ? "Type at least three letters of the pupil's surname, press Find, and choose the pupil."
                            : "Type at least three letters of their surname, press Find, and choose them."))
            }
        }
        var name = ""
        if let party, !party.isPerson, party != .pupil {
            let label = party == .parent ? "The parent's or carer's name" : "Their name"
            switch TextRules.line(self.name, field: "name", label: label) {
            case .success(let value): name = value
            case .failure(let error): errors.append(error)
            }
        }
        let nature = DeclarationNature(rawValue: nature ?? "")
        if nature == nil { errors.append(FieldError("nature", "Choose what the relationship is.")) }
        var detail = ""
        switch TextRules.paragraph(
            self.detail, field: "detail", label: "More about it", required: nature == .other,
            maxLength: DeclarationRules.maxDetailLength)
        {
        case .success(let value): detail = value
        case .failure(let error):
            errors.append(
                nature == .other && (self.detail ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                    ? FieldError("detail", "Say what the relationship is.") : error)
        }
        var since: ApproximateDate?
        switch DeclarationRules.since(self.since, today: today) {
        case .success(let value): since = value
        case .failure(let error): errors.append(error)
        }
        let chosen = Array(Set(platforms ?? [])).filter { !$0.isEmpty }
        let unknown = chosen.filter { known.platform($0) == nil }
        if !unknown.isEmpty || chosen.count > known.all.count {
            errors.append(FieldError("platforms", "Choose platforms from the list."))
        }
        guard errors.isEmpty, let party, let nature, let since else { return .failure(InvalidInput(errors)) }
        let ordered = known.all.map(\.key).filter { chosen.contains($0) }
        return .success(
            Valid(
                party: party, pick: pickID, name: name, nature: nature, detail: detail, since: since,
                platforms: ordered))
    }

    /// The surname letters to search for, or a message saying why they cannot be searched.
    func searchLetters() -> Result<String, FieldError> {
        let text = (surname ?? "").trimmingCharacters(in: .whitespaces)
        guard text.count >= Self.searchMinimum else {
            return .failure(FieldError("surname", "Type at least three letters of the surname."))
        }
        guard text.count <= 50, !text.unicodeScalars.contains(where: TextRules.isHiddenOrControl) else {
            return .failure(FieldError("surname", "Type only the first letters of the surname."))
        }
        return .success(text)
    }

    /// Folds a name for matching: case, accents and apostrophe styles do not matter.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "’", with: "'")
    }
}
