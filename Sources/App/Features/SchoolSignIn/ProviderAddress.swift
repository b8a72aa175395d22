// The addresses Steward will talk to for a school's sign-in.

import Foundation
import StewardCore

/// Which addresses Steward will talk to: `https://` to a public host; with `allowLocal` (tests, closed networks,
/// `STEWARD_ALLOW_LOCAL_SIGN_IN=1`) plain `http://`, this machine and private networks too.
enum ProviderAddress {
    static func isAllowed(_ text: String, allowLocal: Bool) -> Bool {
        guard text.count <= 2048, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            let host = url.host?.lowercased(), !host.isEmpty, url.user == nil, url.password == nil
        else { return false }
        if allowLocal { return scheme == "https" || scheme == "http" }
        return scheme == "https" && !WebhookTarget.isLocal(host: host)
    }
}
