// Browsers that have signed in to an account before, recognised by a signed cookie, so strangers' failed guesses
// cannot lock the owner out (issue 10).

import Crypto
import Foundation
import StewardCore
import Vapor

enum KnownDevices {
    /// How long a browser stays known after it last signed in.
    static let lifetime: TimeInterval = 180 * 86_400

    /// One cookie per account that has signed in from this browser, named from a hash of the address so the name
    /// reveals nobody.
    static func cookieName(for email: String) -> String {
        "steward_device_" + Secrets.sha256("device-name:" + email).prefix(16)
    }

    /// `ISSUED.MAC`: the time it was issued and a MAC of the address and that time under the instance key.
    static func value(for email: String, key: SymmetricKey, now: Date = Date()) -> String {
        let issued = String(Int64(now.timeIntervalSince1970))
        return issued + "." + Secrets.mac("device:\(email):\(issued)", key: key)
    }

    /// An id for this browser as a known device of `email` (a hash of its cookie), or nil when it is not one.
    static func deviceID(_ req: Request, email: String, now: Date = Date()) -> String? {
        guard let raw = req.cookies[cookieName(for: email)]?.string, raw.count < 200 else { return nil }
        let parts = raw.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let issued = Int64(parts[0]) else { return nil }
        let age = now.timeIntervalSince1970 - TimeInterval(issued)
        guard age >= -60, age < lifetime,
            constantTimeEqual(
                parts[1], Secrets.mac("device:\(email):\(parts[0])", key: req.application.steward.secretKey))
        else { return nil }
        return Secrets.sha256("device:" + raw)
    }

    /// The cookie that marks this browser as a known device of `email`, set after a complete sign-in.
    static func cookie(for email: String, req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value(for: email, key: req.application.steward.secretKey), expires: nil, maxAge: Int(lifetime),
            domain: nil, path: "/", isSecure: req.application.steward.config.usesHTTPS, isHTTPOnly: true,
            sameSite: .lax)
    }
}
