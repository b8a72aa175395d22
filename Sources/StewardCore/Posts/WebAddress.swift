// Checks a web address typed into a form: an account's page, a published post, a webhook.

import Foundation

/// Checks web addresses people type: only `https://` (or, where allowed, `http://`) with a host, nothing hidden.
public enum WebAddress {
    public static let maxLength = 500

    /// Trims and checks `raw`; `secureOnly` refuses `http://` (a webhook carries a post and its signature).
    public static func check(
        _ raw: String?, field: String, label: String, required: Bool = true, secureOnly: Bool = false
    ) -> Result<String, FieldError> {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            return required ? .failure(FieldError(field, "Enter \(label.lowercased()).")) : .success("")
        }
        if text.count > maxLength {
            return .failure(FieldError(field, "\(label) must be \(maxLength) characters or fewer."))
        }
        let example = secureOnly ? "https://example.org/…" : "https://www.facebook.com/yourschool"
        guard text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }),
            let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "https" || (!secureOnly && scheme == "http"), let host = components.host, !host.isEmpty,
            components.user == nil, components.password == nil
        else {
            return .failure(FieldError(field, "\(label) must be a full web address, like \(example)."))
        }
        return .success(text)
    }
}
