// Checks on names, e-mail addresses, dates and passwords.

import StewardCore
import Testing

@Suite("Text rules")
struct TextRulesTests {
    @Test("Names are trimmed; control, bidirectional and zero-width characters are refused")
    func names() throws {
        #expect(try TextRules.line("  Zoë O'Neill-Smith ", field: "f", label: "Name").get() == "Zoë O'Neill-Smith")
        for hostile in ["A\u{202E}B", "A\u{200B}B", "A\nB", "A\u{0000}B", "A\u{0007}B"] {
            #expect(throws: FieldError.self) { try TextRules.line(hostile, field: "f", label: "Name").get() }
        }
        #expect(throws: FieldError.self) {
            try TextRules.line(String(repeating: "x", count: 101), field: "f", label: "Name").get()
        }
        #expect(throws: FieldError.self) { try TextRules.line("   ", field: "f", label: "Name").get() }
        #expect(try TextRules.line("", field: "f", label: "Job", required: false).get() == "")
    }

    @Test(
        "Email addresses are lower-cased and checked",
        arguments: [
            ("Head@School.Example.org", "head@school.example.org"), (" a.b+c@d.example ", "a.b+c@d.example"),
        ])
    func goodEmails(input: String, expected: String) throws {
        #expect(try TextRules.email(input).get() == expected)
    }

    @Test(
        "Malformed email addresses are refused",
        arguments: [
            "", "plain", "@example.org", "a@", "a@b", "a@.example.org", "a@example..org", "a b@example.org",
            "a@example.org\u{0000}", "<a@example.org>", "ä@example.org",
        ])
    func badEmails(input: String) {
        #expect(throws: FieldError.self) { try TextRules.email(input).get() }
    }

    @Test("Dates are read in ISO and UK forms and must exist")
    func dates() throws {
        #expect(CalendarDate(parsing: "2025-09-01")?.description == "2025-09-01")
        #expect(CalendarDate(parsing: "1/9/2025")?.description == "2025-09-01")
        #expect(CalendarDate(parsing: "29/02/2024") != nil)
        #expect(CalendarDate(parsing: "29/02/2025") == nil)
        #expect(CalendarDate(parsing: "31/04/2025") == nil)
        #expect(CalendarDate(parsing: "2025-13-01") == nil)
        #expect(CalendarDate(parsing: "09/01/25") == nil)
        #expect(CalendarDate(parsing: "2025-09-01")?.longForm == "1 September 2025")
    }

    @Test("Passwords need 10 characters and at most 72 bytes, counted in bytes not letters")
    func passwords() throws {
        #expect(throws: FieldError.self) { try TextRules.newPassword("short").get() }
        #expect(try TextRules.newPassword(String(repeating: "a", count: 72)).get().count == 72)
        #expect(throws: FieldError.self) { try TextRules.newPassword(String(repeating: "a", count: 73)).get() }
        // 37 two-byte letters: 37 characters but 74 bytes.
        #expect(throws: FieldError.self) { try TextRules.newPassword(String(repeating: "é", count: 37)).get() }
    }
}
