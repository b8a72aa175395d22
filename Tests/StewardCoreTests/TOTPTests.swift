// TOTP against the RFC 6238 test vectors, Base32 against RFC 4648, and recovery codes.

import Foundation
import StewardCore
import Testing

@Suite("Two-factor codes")
struct TOTPTests {
    // RFC 6238 appendix B: the seeds are the ASCII digits repeated to the hash's key size.
    static let sha1Seed = Array("12345678901234567890".utf8)
    static let sha256Seed = Array("12345678901234567890123456789012".utf8)
    static let sha512Seed = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    static let vectors: [(TimeInterval, String, String, String)] = [
        (59, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ]

    @Test("RFC 6238 test vectors, SHA-1, SHA-256 and SHA-512", arguments: vectors.indices)
    func rfc6238(index: Int) {
        let (time, sha1, sha256, sha512) = Self.vectors[index]
        let date = Date(timeIntervalSince1970: time)
        #expect(TOTP(secret: Self.sha1Seed, digits: 8, algorithm: .sha1).code(at: date) == sha1)
        #expect(TOTP(secret: Self.sha256Seed, digits: 8, algorithm: .sha256).code(at: date) == sha256)
        #expect(TOTP(secret: Self.sha512Seed, digits: 8, algorithm: .sha512).code(at: date) == sha512)
    }

    @Test("A code matches its own step and one step either side, and nothing else")
    func drift() {
        let totp = TOTP(secret: Self.sha1Seed)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let step = totp.step(at: now)
        #expect(totp.matchingStep(for: totp.code(forStep: step), at: now) == step)
        #expect(totp.matchingStep(for: totp.code(forStep: step - 1), at: now) == step - 1)
        #expect(totp.matchingStep(for: totp.code(forStep: step + 1), at: now) == step + 1)
        #expect(totp.matchingStep(for: totp.code(forStep: step - 3), at: now) == nil)
        // Two steps either side is refused (issue 21: the test used to try only −3).
        for far in [step - 2, step + 2, step + 3] {
            let code = totp.code(forStep: far)
            // A far code that happens to equal a near one (one in a million) is not a drift failure.
            let near = [step - 1, step, step + 1].map { totp.code(forStep: $0) }
            if !near.contains(code) { #expect(totp.matchingStep(for: code, at: now) == nil, "step \(far - step)") }
        }
        #expect(totp.matchingStep(for: "12345", at: now) == nil)
        #expect(totp.matchingStep(for: "abcdef", at: now) == nil)
        #expect(totp.matchingStep(for: "١٢٣٤٥٦", at: now) == nil)
        let spaced = totp.code(forStep: step)
        #expect(totp.matchingStep(for: spaced.prefix(3) + " " + spaced.dropFirst(3), at: now) == step)
    }

    @Test("Base32 matches RFC 4648 and reads what it writes")
    func base32() {
        let vectors = [
            ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded.lowercased()) == Array(plain.utf8))
        }
        #expect(Base32.decode("MZXW6YTBOI======") == Array("foobar".utf8))
        #expect(Base32.decode("MZ1W") == nil)
        let secret = TOTP.generateSecret()
        #expect(secret.count == 20)
        #expect(Base32.decode(Base32.encode(secret)) == secret)
    }

    @Test("The provisioning link names the issuer and account, percent-encoded")
    func provisioningURI() {
        let uri = TOTP(secret: Array("12345678901234567890".utf8)).provisioningURI(
            account: "head@school.example.org", issuer: "St Cleopas")
        #expect(
            uri.hasPrefix(
                "otpauth://totp/St%20Cleopas%3Ahead@school.example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"))
        #expect(uri.contains("&issuer=St%20Cleopas"))
    }

    @Test("Recovery codes are distinct, readable, and hash the same however they are typed")
    func recoveryCodes() {
        let codes = RecoveryCodes.generate()
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        for code in codes {
            #expect(code.count == 11)
            #expect(RecoveryCodes.looksLikeRecoveryCode(code))
            #expect(
                RecoveryCodes.hash(code)
                    == RecoveryCodes.hash(code.uppercased().replacingOccurrences(of: "-", with: " ")))
        }
        #expect(!RecoveryCodes.looksLikeRecoveryCode("123456"))
        #expect(constantTimeEqual("abc", "abc"))
        #expect(!constantTimeEqual("abc", "abd"))
        #expect(!constantTimeEqual("abc", "abcd"))
    }
}
