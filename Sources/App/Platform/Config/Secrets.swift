// Random tokens, their hashes, and sealing small secrets with the instance key.

import Crypto
import Foundation
import Vapor

enum Secrets {
    /// A URL-safe random token of `byteCount` random bytes, with an optional recognisable prefix.
    static func token(prefix: String = "", byteCount: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Data(bytes).base64URLEncoded()
    }

    /// SHA-256 as lowercase hex: how session cookies and API tokens are stored.
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).hex
    }

    /// HMAC-SHA-256 of `message` under the instance key, as URL-safe base64.
    static func mac(_ message: String, key: SymmetricKey) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key)).base64URLEncoded()
    }

    /// Seals `bytes` with AES-GCM under a key derived from the instance key for `purpose`.
    static func seal(_ bytes: [UInt8], key: SymmetricKey, purpose: String) throws -> String {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data(purpose.utf8), outputByteCount: 32)
        guard let combined = try AES.GCM.seal(bytes, using: derived).combined else {
            throw Abort(.internalServerError, reason: "Could not seal a secret.")
        }
        return combined.base64EncodedString()
    }

    static func open(_ sealed: String, key: SymmetricKey, purpose: String) throws -> [UInt8] {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data(purpose.utf8), outputByteCount: 32)
        guard let data = Data(base64Encoded: sealed) else {
            throw Abort(.internalServerError, reason: "A sealed secret is damaged.")
        }
        return Array(try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: derived))
    }
}

extension Data {
    func base64URLEncoded() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
