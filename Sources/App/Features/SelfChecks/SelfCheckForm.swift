// A privacy self-check as the form (or the API) sends it, and its checks: only this term's open check, only the
// platforms on the list, exactly one known answer to every item, and a yes or no to the contact question.

import StewardCore
import Vapor

/// A privacy self-check as the form sends it.
struct SelfCheckForm: Content, Sendable {
    /// The round (the term's first day's number) the form was opened for.
    var term: String?
    var platforms: [String]?
    /// "I don't use any".
    var none: String?
    /// Answers by platform key, then by item: `answers[facebook][private]=done`.
    var answers: [String: [String: String]]?
    /// `yes` or `no`.
    var contacted: String?
    var note: String?

    struct Valid: Sendable {
        var round: Int
        var termName: String
        var platforms: [String]
        var answers: [SelfCheckAnswer]
        var contacted: Bool
        var note: String
    }

    /// The name of an answer's field, for its radios and its error.
    static func field(_ platform: String, _ item: SelfCheckItem) -> String { "answer-\(platform)-\(item.rawValue)" }

    var usesNone: Bool { !(none ?? "").isEmpty }

    /// The chosen platforms, in the list's order, or why they cannot be used.
    func choosePlatforms(from known: SocialPlatforms) -> Result<[String], FieldError> {
        let chosen = Set((platforms ?? []).filter { !$0.isEmpty })
        if usesNone && !chosen.isEmpty {
            return .failure(FieldError("platforms", "Choose the platforms you use, or “I don't use any”, not both."))
        }
        if !usesNone && chosen.isEmpty {
            return .failure(FieldError("platforms", "Choose the platforms you use, or tick “I don't use any”."))
        }
        if chosen.contains(where: { known.platform($0) == nil }) {
            return .failure(FieldError("platforms", "One of the platforms chosen is not on the list. Choose again."))
        }
        return .success(known.all.map(\.key).filter { chosen.contains($0) })
    }

    /// Checks the whole check against the term open today (`open`, numbered `round`) and the platforms `known`.
    func validate(known: SocialPlatforms, open: (term: SchoolTerm, round: Int)?) -> Result<Valid, InvalidInput> {
        var errors: [FieldError] = []
        if let open {
            if term != String(open.round) {
                errors.append(
                    FieldError(
                        "term",
                        "This check was opened for a term that is not open now. Start \(open.term.name)'s check again."
                    ))
            }
        } else {
            errors.append(
                FieldError(
                    "term",
                    "No term is open today, so there is no check to complete. It opens on the first day of term."
                ))
        }
        var chosen: [String] = []
        switch choosePlatforms(from: known) {
        case .success(let list): chosen = list
        case .failure(let error): errors.append(error)
        }
        let sent = answers ?? [:]
        if sent.keys.contains(where: { !chosen.contains($0) }) && errors.allSatisfy({ $0.field != "platforms" }) {
            errors.append(FieldError("platforms", "Answers were sent for a platform you did not choose. Start again."))
        }
        let items = Set(SelfCheckItem.allCases.map(\.rawValue))
        if sent.values.contains(where: { !Set($0.keys).isSubset(of: items) }) {
            errors.append(
                FieldError("platforms", "Answers were sent for a question that is not on the check. Start again."))
        }
        var list: [SelfCheckAnswer] = []
        for key in chosen {
            let title = known.platform(key)?.title ?? key
            for item in SelfCheckItem.allCases {
                let raw = sent[key]?[item.rawValue] ?? ""
                if raw.isEmpty {
                    errors.append(FieldError(Self.field(key, item), "\(title): answer “\(item.question)”."))
                } else if let choice = SelfCheckAnswer.Choice(rawValue: raw) {
                    list.append(SelfCheckAnswer(platform: key, item: item, answer: choice))
                } else {
                    errors.append(
                        FieldError(
                            Self.field(key, item),
                            "\(title): “\(item.question)” must be done, not applicable or I need help."))
                }
            }
        }
        var contactedYes = false
        switch contacted {
        case "yes": contactedYes = true
        case "no": contactedYes = false
        default:
            errors.append(
                FieldError(
                    "contacted",
                    "Say whether a pupil or a pupil's family has contacted you on social media since your last check."))
        }
        var noteText = ""
        switch TextRules.paragraph(
            note, field: "note", label: "Your note for the online-safety lead", required: false, maxLength: 1_000)
        {
        case .success(let text): noteText = text
        case .failure(let error): errors.append(error)
        }
        guard errors.isEmpty, let open else { return .failure(InvalidInput(errors)) }
        return .success(
            Valid(
                round: open.round, termName: open.term.name, platforms: chosen, answers: list,
                contacted: contactedYes, note: noteText))
    }
}
