// Where a school may send its approved posts: a public https address, never this machine or a private network.

import Foundation

/// Checks a webhook address a headteacher types.
public enum WebhookTarget {
    /// Trims and checks `raw`: `https://` to a public host. With `allowLocal` (tests, closed networks) plain
    /// `http://`, loopback and private addresses are accepted too.
    public static func check(_ raw: String?, allowLocal: Bool) -> Result<String, FieldError> {
        let field = "webhook_url"
        let result = WebAddress.check(
            raw, field: field, label: "The webhook's address", required: false, secureOnly: !allowLocal)
        guard case .success(let text) = result, !text.isEmpty, !allowLocal else { return result }
        guard let host = URLComponents(string: text)?.host?.lowercased() else { return result }
        if isLocal(host) {
            return .failure(
                FieldError(field, "The webhook must be a public address, not this computer or a private network."))
        }
        return .success(text)
    }

    /// Whether `host` names this machine or a private, link-local or reserved network by name or number.
    public static func isLocal(_ host: String) -> Bool {
        let name = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if name == "localhost" || name.hasSuffix(".localhost") || name.hasSuffix(".local")
            || name.hasSuffix(".internal") || !name.contains(".") && !name.contains(":")
        {
            return true
        }
        if name.contains(":") {
            // IPv6: loopback, unspecified, unique-local (fc00::/7), link-local (fe80::/10), IPv4-mapped.
            return name == "::1" || name == "::" || name.hasPrefix("fc") || name.hasPrefix("fd")
                || name.hasPrefix("fe8") || name.hasPrefix("fe9") || name.hasPrefix("fea") || name.hasPrefix("feb")
                || name.hasPrefix("::ffff:")
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        // A name made only of digits and dots (or hex) is an address, however it is written.
        let numeric =
            parts.allSatisfy { part in !part.isEmpty && part.allSatisfy { $0.isHexDigit || $0 == "x" } }
            && parts.contains { $0.first?.isNumber == true }
        guard numeric else { return false }
        let octets = parts.compactMap { UInt8($0) }
        // Anything numeric that is not four plain decimal octets (0x7f.1, 2130706433) is refused outright.
        guard octets.count == 4, parts.count == 4 else { return true }
        switch (octets[0], octets[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168), (100, 64...127), (198, 18...19): return true
        case (172, 16...31): return true
        case (224...255, _): return true
        default: return false
        }
    }
}
