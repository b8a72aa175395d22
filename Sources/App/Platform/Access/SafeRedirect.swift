// Only same-site paths are followed after sign-in, so `?next=` cannot send someone to another site.

import StewardCore
import Vapor

/// Only same-site paths are followed after sign-in, so `?next=` cannot send someone to another site.
enum SafeRedirect {
    static func path(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.hasPrefix("/\\"), raw.count < 500,
            !raw.unicodeScalars.contains(where: { $0.value < 32 || $0 == "\\" })
        else { return "/" }
        return raw
    }

    static func encode(_ path: String) -> String {
        path.addingPercentEncoding(
            withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=?#+")))
            ?? "/"
    }
}
