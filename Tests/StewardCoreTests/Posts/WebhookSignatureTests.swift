// Signing webhook deliveries: the header's exact form, and a receiver's check of secret, body and freshness.

import Crypto
import Foundation
import StewardCore
import Testing

@Suite("Signing webhook deliveries")
struct WebhookSignatureTests {
    static let secret = Array("whsec_0123456789".utf8)
    static let body = Array(#"{"post":"Sports day"}"#.utf8)
    static let time = 1_700_000_000

    @Test("The header is t=<time>,v1=<HMAC-SHA256 of \"<time>.\" + body>, as an independent HMAC gives it")
    func knownAnswer() {
        // Computed with Python's hmac module for this exact secret, time and body.
        let python = "e401739ed067a56e1124b82d6ad54132e083de0cd387812f82c916c458dc6f07"
        let crypto = HMAC<SHA256>.authenticationCode(
            for: Data("1700000000.".utf8) + Data(Self.body), using: SymmetricKey(data: Self.secret)
        ).map { String(format: "%02x", $0) }.joined()

        let header = WebhookSignature.header(body: Self.body, secret: Self.secret, timestamp: Self.time)

        #expect(crypto == python)
        #expect(header == "t=1700000000,v1=\(python)")
    }

    @Test("A header is accepted up to 300 seconds either side of now, and refused at 301")
    func tolerance() {
        let header = WebhookSignature.header(body: Self.body, secret: Self.secret, timestamp: Self.time)
        func verify(at now: Int, tolerance: Int = 300) -> Bool {
            WebhookSignature.verify(
                header: header, body: Self.body, secret: Self.secret, now: now, tolerance: tolerance)
        }

        #expect(verify(at: Self.time))
        #expect(verify(at: Self.time + 300))
        #expect(verify(at: Self.time - 300))
        #expect(!verify(at: Self.time + 301))
        #expect(!verify(at: Self.time - 301))
        #expect(verify(at: Self.time + 5, tolerance: 5) && !verify(at: Self.time + 6, tolerance: 5))
        #expect(!verify(at: Int.min) && !verify(at: Int.max))
    }

    @Test("Another secret, another body, or one changed digit of the code is refused")
    func tampering() {
        let header = WebhookSignature.header(body: Self.body, secret: Self.secret, timestamp: Self.time)
        var changedCode = Array(header)
        changedCode[changedCode.count - 1] = changedCode.last == "0" ? "1" : "0"

        #expect(!WebhookSignature.verify(header: header, body: Self.body, secret: Array("other".utf8), now: Self.time))
        #expect(!WebhookSignature.verify(header: header, body: Self.body + [0x20], secret: Self.secret, now: Self.time))
        #expect(
            !WebhookSignature.verify(header: String(changedCode), body: Self.body, secret: Self.secret, now: Self.time))
        // The time is signed too: moving it breaks the signature even within tolerance.
        let moved = header.replacingOccurrences(of: "t=1700000000", with: "t=1700000001")
        #expect(!WebhookSignature.verify(header: moved, body: Self.body, secret: Self.secret, now: Self.time))
    }

    @Test("Malformed headers are refused")
    func malformed() {
        let code = String(
            WebhookSignature.header(body: Self.body, secret: Self.secret, timestamp: Self.time).suffix(64))
        let headers = [
            "", "t=1700000000", "v1=\(code)", "t=,v1=\(code)", "t=abc,v1=\(code)", "t=-1700000000,v1=\(code)",
            "t=+1700000000,v1=\(code)", "t=1700000000,v1=", "t=1700000000,v1=\(code.dropLast(2))",
            "t=1700000000,v1=\(code)00", "t=1700000000,v1=\(code.dropLast())g", "t=1700000000,t=1700000000,v1=\(code)",
            "t=1700000000;v1=\(code)", "t=1700000000,v1=\(code),", "t=1700000000,,v1=\(code)",
            "t=99999999999999999999999,v1=\(code)", "t=1700000000,v1 \(code)",
        ]
        for header in headers {
            #expect(
                !WebhookSignature.verify(header: header, body: Self.body, secret: Self.secret, now: Self.time),
                "\(header)")
        }
    }

    @Test("Other keys are ignored, and any one of several v1 codes may match, so secrets can be rotated")
    func rotation() {
        let header = WebhookSignature.header(body: Self.body, secret: Self.secret, timestamp: Self.time)
        let old = WebhookSignature.header(body: Self.body, secret: Array("old".utf8), timestamp: Self.time)
        let both = "\(old),v0=ignored,\(header.split(separator: ",")[1])"

        #expect(WebhookSignature.verify(header: both, body: Self.body, secret: Self.secret, now: Self.time))
        #expect(WebhookSignature.verify(header: both, body: Self.body, secret: Array("old".utf8), now: Self.time))
        #expect(!WebhookSignature.verify(header: both, body: Self.body, secret: Array("new".utf8), now: Self.time))
    }

    @Test("A new secret is 64 lowercase hex digits, different every time")
    func newSecret() {
        let secrets = (0..<20).map { _ in WebhookSignature.newSecret() }

        #expect(secrets.allSatisfy { $0.count == 64 && $0.allSatisfy { "0123456789abcdef".contains($0) } })
        #expect(Set(secrets).count == 20)
    }
}
