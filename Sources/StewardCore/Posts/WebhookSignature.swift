// Signing what Steward sends to a school's webhook, so the receiver can tell it came from Steward, unaltered and fresh.

import Crypto
import Foundation

/// A `Steward-Signature`-style header: `t=<unix seconds>,v1=<HMAC-SHA256 of "<t>." + body, lowercase hex>`.
public enum WebhookSignature {
    /// The header for `body` sent at `timestamp` (Unix seconds), signed with `secret` (the shared secret's bytes, for
    /// example the UTF-8 of the hex string `newSecret()` gives).
    public static func header(body: [UInt8], secret: [UInt8], timestamp: Int) -> String {
        let code = HMAC<SHA256>.authenticationCode(
            for: signedBytes(body: body, timestamp: timestamp), using: SymmetricKey(data: secret))
        return "t=\(timestamp),v1=\(hex(code))"
    }

    /// Whether `header` signs `body` with `secret` at a time within `tolerance` seconds of `now`, either side.
    ///
    /// The header is comma-separated `key=value` pairs with exactly one `t` (decimal digits) and at least one `v1`
    /// (64 hex digits; any one matching is enough, so a receiver can rotate secrets); other keys are ignored. Anything
    /// else is malformed and fails. Codes are compared in constant time.
    public static func verify(
        header: String, body: [UInt8], secret: [UInt8], now: Int, tolerance: Int = 300
    ) -> Bool {
        guard header.utf8.count <= 4096 else { return false }
        var timestamp: Int?
        var codes: [[UInt8]] = []
        for pair in header.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return false }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            switch key {
            case "t":
                guard timestamp == nil, !value.isEmpty, value.count <= 18,
                    value.allSatisfy({ $0.isASCII && $0.isNumber }),
                    let parsed = Int(value)
                else { return false }
                timestamp = parsed
            case "v1":
                guard let code = bytes(hex: value), code.count == SHA256.byteCount else { return false }
                codes.append(code)
            default:
                continue
            }
        }
        guard let timestamp, !codes.isEmpty, tolerance >= 0 else { return false }
        let (age, overflow) = now.subtractingReportingOverflow(timestamp)
        guard !overflow, age.magnitude <= UInt(tolerance) else { return false }
        let message = signedBytes(body: body, timestamp: timestamp)
        let key = SymmetricKey(data: secret)
        // Check every code, so the time taken does not say which one matched.
        var valid = false
        for code in codes where HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: message, using: key) {
            valid = true
        }
        return valid
    }

    /// A new shared secret: 32 random bytes as 64 lowercase hex digits.
    public static func newSecret() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { hex($0) }
    }

    static func signedBytes(body: [UInt8], timestamp: Int) -> [UInt8] {
        Array("\(timestamp).".utf8) + body
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Hex digits (either case) as bytes; nil for anything else or an odd count.
    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var index = 0
        while index + 1 < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}
