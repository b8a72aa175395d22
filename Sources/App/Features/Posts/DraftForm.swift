// A draft's words, accounts and intended day as the form sends them, and their checks.

import StewardCore
import Vapor

/// A draft as the form sends it (images come as files beside it).
struct DraftForm: Content, Sendable {
    var text: String?
    var intendedOn: String?
    var accounts: [String]?

    enum CodingKeys: String, CodingKey {
        case text
        case intendedOn = "intended_on"
        case accounts
    }

    init(text: String? = nil, intendedOn: String? = nil, accounts: [String]? = nil) {
        self.text = text
        self.intendedOn = intendedOn
        self.accounts = accounts
    }

    struct Valid: Sendable {
        var text: String
        var intendedOn: CalendarDate?
        var accounts: Set<UUID>
    }

    /// Checks the fields; `open` are the accounts a draft may be for now (the school's, not retired).
    func validate(open: Set<UUID>) -> Result<Valid, InvalidInput> {
        var errors: [FieldError] = []
        // The post is kept exactly as typed (apart from Windows line ends): screening reads every character, hidden
        // ones included, and the approval binds exactly these words.
        let text = TextRules.unixLines(self.text ?? "")
        if text.unicodeScalars.count > DraftRules.maximumTextLength {
            errors.append(
                FieldError(
                    "text",
                    "The post is \(text.unicodeScalars.count) characters long; the most is \(DraftRules.maximumTextLength). Shorten it or split it into two posts."
                ))
        } else if text.unicodeScalars.contains(where: {
            $0 != "\n" && $0 != "\t" && $0.properties.generalCategory == .control
        }) {
            // Invisible formatting characters are kept and reported by screening; control characters (a null byte,
            // a bell) cannot be posted anywhere and are refused.
            errors.append(FieldError("text", "The post contains a control character that cannot be posted. Retype it."))
        } else if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(FieldError("text", "Write the post."))
        }
        var intended: CalendarDate?
        switch TextRules.date(intendedOn, field: "intended_on", label: "The day you mean to post it", required: false) {
        case .success(let date): intended = date
        case .failure(let error): errors.append(error)
        }
        var chosen = Set<UUID>()
        for raw in accounts ?? [] {
            guard let id = UUID(uuidString: raw), open.contains(id) else {
                errors.append(FieldError("accounts", "Choose accounts from the list."))
                break
            }
            chosen.insert(id)
        }
        if chosen.isEmpty, !errors.contains(where: { $0.field == "accounts" }) {
            errors.append(FieldError("accounts", "Choose at least one account to post on."))
        }
        guard errors.isEmpty else { return .failure(InvalidInput(errors)) }
        return .success(Valid(text: text, intendedOn: intended, accounts: chosen))
    }
}
