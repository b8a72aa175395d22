// What the audit log page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension AuditController {
    struct Row: Encodable, Sendable {
        var at: String
        var actor: String
        var action: String
        /// The action in words (`case.lado_referral_recorded` as "Case LADO referral recorded"); the code stays beside
        /// it, since the filter takes codes.
        var what: String
        var target: String
        var client: String
        var details: String
    }

    struct Content: Encodable, Sendable {
        var rows: [Row]
        var action: String
        var actor: String
        var from: String
        var to: String
        /// The next page of older entries, and of newer ones, with the same filters.
        var older: String?
        var newer: String?
        var errors: FormErrors
    }

    /// An action's code as words for a person to read: its parts and words in order, the first capitalised, known
    /// abbreviations in capitals. Answers the code itself when it has no words.
    static func describe(_ action: String) -> String {
        let words = action.split { $0 == "." || $0 == "_" || $0 == "-" || $0 == " " }.map { word in
            Self.abbreviations.contains(word.lowercased()) ? word.uppercased() : String(word)
        }
        guard let first = words.first else { return action }
        let opening = first.prefix(1).uppercased() + first.dropFirst()
        return ([opening] + words.dropFirst()).joined(separator: " ")
    }

    /// Words the audit's codes abbreviate that a person reads in capitals.
    static let abbreviations: Set<String> = [
        "api", "csv", "dsl", "hr", "html", "json", "lado", "oidc", "pdf", "qr", "sar", "svg", "totp", "url",
    ]
}
