// What a reviewer records on a declaration, and its checks.

import Foundation
import StewardCore
import Vapor

/// What a reviewer records.
struct DeclarationOutcomeForm: Content, Sendable {
    var outcome: String?
    var text: String?
    var reviewOn: String?

    struct Valid: Sendable {
        var kind: DeclarationOutcomeKind
        var text: String
        var reviewOn: CalendarDate?
    }

    /// Advice needs the advice; a plan needs what was agreed and a review date after today (within two years);
    /// the rest take an optional note.
    func validate(choices: [DeclarationOutcomeKind], today: CalendarDate) -> Result<Valid, InvalidInput> {
        var errors: [FieldError] = []
        let kind = DeclarationOutcomeKind(rawValue: outcome ?? "").flatMap { choices.contains($0) ? $0 : nil }
        if kind == nil { errors.append(FieldError("outcome", "Choose an outcome.")) }
        let label =
            switch kind {
            case .advice: "The advice you gave"
            case .plan: "What was agreed"
            default: "A note"
            }
        var text = ""
        switch TextRules.paragraph(
            self.text, field: "text", label: label, required: kind == .advice || kind == .plan,
            maxLength: DeclarationRules.maxAdviceLength)
        {
        case .success(let value): text = value
        case .failure(let error): errors.append(error)
        }
        var reviewOn: CalendarDate?
        if kind == .plan {
            switch TextRules.date(
                self.reviewOn, field: "reviewOn", label: "The date the plan is reviewed", required: true)
            {
            case .success(let value):
                if let value, value > today, value <= today.adding(days: 731) {
                    reviewOn = value
                } else {
                    errors.append(FieldError("reviewOn", "The review date must be after today and within two years."))
                }
            case .failure(let error): errors.append(error)
            }
        }
        guard errors.isEmpty, let kind else { return .failure(InvalidInput(errors)) }
        return .success(Valid(kind: kind, text: text, reviewOn: reviewOn))
    }
}
