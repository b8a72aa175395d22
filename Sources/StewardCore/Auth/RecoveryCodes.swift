// Single-use recovery codes for when a phone is lost: shown once, stored only as hashes.

import Crypto

/// Makes and checks recovery codes.
public enum RecoveryCodes {
    /// Letters and digits that cannot be mistaken for one another when read aloud or copied.
    private static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")

    /// `count` fresh codes formatted `xxxxx-xxxxx` (about 49 bits each).
    public static func generate(count: Int = 10) -> [String] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            let chars = (0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            return String(chars[0..<5]) + "-" + String(chars[5..<10])
        }
    }

    /// The form a code is stored and compared in: lowercase, without spaces or hyphens.
    public static func normalise(_ code: String) -> String {
        String(code.lowercased().filter { $0 != "-" && !$0.isWhitespace })
    }

    /// SHA-256 of the normalised code; codes are random enough that a slow hash adds nothing.
    public static func hash(_ code: String) -> String {
        SHA256.hash(data: Array(normalise(code).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether the submitted text looks like a recovery code rather than a six-digit TOTP code.
    public static func looksLikeRecoveryCode(_ text: String) -> Bool {
        let n = normalise(text)
        return n.count == 10 && n.allSatisfy { alphabet.contains($0) }
    }
}
