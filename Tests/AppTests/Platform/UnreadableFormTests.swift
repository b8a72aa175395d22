// Found by issue 15's long hostile sweep: a form field whose %-escapes do not decode to UTF-8 was read by Vapor as
// absent, and a handler saved the form without it (the screening policy cleared, a list of terms shifted). Such a form
// is now refused whole before any handler runs. Both sides of the line: every way an escape can be broken, and the
// escapes and raw text a browser really sends.

import Foundation
import Testing
import Vapor

@testable import App

@Suite("Forms whose fields do not read as text")
struct UnreadableFormTests {
    /// Escapes that do not decode to UTF-8, or are not whole: invalid bytes, an overlong slash, a lone surrogate, a
    /// sequence cut short, a bare or short `%`, a non-hex digit.
    static let broken = ["%FF", "%C0%AF", "%ED%A0%80", "abc%E2%82", "caf%C3", "%", "%4", "%G1", "%%41"]

    /// The lax handlers the sweep found, and one that reads strictly already: each page, its form's path, and a field.
    static let forms: [(page: String, action: String, field: String)] = [
        ("/screening", "/screening/clauses", "policy"),
        ("/screening", "/screening/approval", "approval_days"),
        ("/self-checks/settings", "/self-checks/settings", "term_name[]"),
        ("/people/new", "/people", "forename"),
    ]

    @Test("A field or name that does not read as text is refused with a plain message, and nothing is written")
    func refusedWhole() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let schoolID = try await app.schoolID("st-cleopas")
            let chosen = try await SchoolScreening.settings(for: schoolID, on: app.db).policyID
            #expect(chosen != nil, "the demo school's screening cites its social media policy")
            for form in Self.forms {
                let csrf = try #require(try await head.get(form.page).csrf)
                let entries = try await app.count("audit_entries")
                let people = try await app.count("people")
                for escape in Self.broken {
                    for body in ["_csrf=\(csrf)&\(form.field)=\(escape)", "_csrf=\(csrf)&\(escape)=1"] {
                        let reply = try await head.request(.POST, form.action, body: body)
                        #expect(reply.status == .badRequest, "\(form.action): \(body)")
                        #expect(reply.body.contains("The form could not be read: nothing was saved"), "\(body)")
                    }
                }
                // Bytes that are not UTF-8 at all, sent raw rather than escaped.
                let raw = Array("_csrf=\(csrf)&\(form.field)=caf".utf8) + [0xE9, 0xFF]
                #expect(try await head.request(.POST, form.action, bytes: raw).status == .badRequest)
                #expect(try await app.count("audit_entries") == entries, "\(form.action) wrote something")
                #expect(try await app.count("people") == people)
            }
            let settings = try await SchoolScreening.settings(for: schoolID, on: app.db)
            #expect(settings.policyID == chosen, "the screening policy was cleared")
        }
    }

    @Test("Escapes a browser sends, `+` for a space and raw UTF-8 still read, and the form is saved")
    func readableStillSaved() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let csrf = try #require(try await head.get("/screening").csrf)
            // "+3+" is " 3 ", trimmed; %34%35 is "45".
            for (sent, days) in [("+3+", 3), ("%34%35", 45), ("9%30", 90)] {
                let reply = try await head.request(
                    .POST, "/screening/approval", body: "_csrf=\(csrf)&approval_days=\(sent)")
                #expect(reply.status == .seeOther, "\(sent)")
                let settings = try await SchoolScreening.settings(
                    for: try await app.schoolID("st-cleopas"), on: app.db)
                #expect(settings.approvalDays == days)
            }
            // A name with accents and an emoji, escaped as a browser does, and the same raw.
            let page = try await head.get("/people/new")
            let escaped = try await head.request(
                .POST, "/people",
                body: "_csrf=\(page.csrf ?? "")&forename=Ren%C3%A9e&surname=%C3%89t%C3%A9+%F0%9F%98%80")
            #expect(escaped.status != .badRequest || !escaped.body.contains("could not be read"))
            let raw = try await head.request(
                .POST, "/people", body: "_csrf=\(page.csrf ?? "")&forename=Zoë&surname=Ōta")
            #expect(raw.status != .badRequest || !raw.body.contains("could not be read"))
        }
    }

    @Test("Readable exactly when every name and value decodes to UTF-8: checked against decoding each by hand")
    func readableMatchesDecoding() {
        // Named cases on both sides.
        for text in [
            "", "a", "a=", "=b", "a=b", "&&a=b&&", "a=%C3%A9", "a=+%2B+", "a[]=1&a[]=2", "a=%F0%9F%98%80", "a=b=c",
        ] {
            #expect(FormFields.isReadable(Data(text.utf8)), "\(text)")
        }
        for text in ["a=%FF", "%FF=a", "a=%C0%AF", "a=%ED%A0%80", "a=%E2%82", "a=%", "a=%4", "a=%G1", "ok=1&a=%80"] {
            #expect(!FormFields.isReadable(Data(text.utf8)), "\(text)")
        }
        #expect(!FormFields.isReadable(Data([0x61, 0x3D, 0xFF])))
        // Random bytes, each escaped: readable exactly when the bytes are UTF-8.
        var generator = SeededGenerator(seed: 15)
        var both = (readable: 0, not: 0)
        for _ in 0..<2_000 {
            let count = Int.random(in: 0...6, using: &generator)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &generator)
                    ? UInt8.random(in: 0x20...0x7E, using: &generator)
                    : UInt8.random(in: 0x80...0xFF, using: &generator)
            }
            let escaped = bytes.map { String(format: "%%%02X", Int($0)) }.joined()
            let expected = String(bytes: bytes, encoding: .utf8) != nil
            #expect(FormFields.isReadable(Data("a=\(escaped)&\(escaped)=b".utf8)) == expected, "\(bytes)")
            if expected { both.readable += 1 } else { both.not += 1 }
        }
        #expect(both.readable > 100 && both.not > 100)
    }
}

/// A small deterministic generator (SplitMix64), so a failure names inputs that come back on the next run.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
