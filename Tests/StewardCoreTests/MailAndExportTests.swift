// Messages as mail programs read them, retry timing, and spreadsheet cells that cannot run as formulas.

import Foundation
import StewardCore
import Testing

@Suite("Mail messages, retries and CSV export")
struct MailAndExportTests {
    static func message(
        to: String = "james.pike@stcleopas.example.org", subject: String = "Reset your password"
    )
        -> MailMessage
    {
        MailMessage(
            from: "Steward <no-reply@steward.example.org>", to: to, subject: subject,
            body: "Hello Zoë,\n\nOpen this link: https://steward.example.org/password/reset?token=abc=def\n",
            messageID: "1234@steward", date: Date(timeIntervalSince1970: 1_790_000_000))
    }

    @Test("A message renders with CRLF headers, a quoted-printable body that decodes back exactly")
    func rendering() throws {
        let text = try Self.message().rendered()
        #expect(
            text.hasPrefix("From: Steward <no-reply@steward.example.org>\r\nTo: james.pike@stcleopas.example.org\r\n"))
        #expect(text.contains("Subject: Reset your password\r\n"))
        #expect(text.contains("Date: Mon, 21 Sep 2026 14:13:20 +0000\r\n"))
        #expect(text.contains("Message-ID: <1234@steward>\r\n"))
        #expect(text.contains("Content-Transfer-Encoding: quoted-printable\r\n"))
        let body = String(text.split(separator: "\r\n\r\n", maxSplits: 1)[1])
        #expect(body.contains("Zo=C3=AB"))
        #expect(body.contains("token=3Dabc=3D"))
        #expect(body.split(separator: "\r\n").allSatisfy { $0.count <= 76 })
        #expect(
            MailMessage.decodeQuotedPrintable(body).replacingOccurrences(of: "\r\n", with: "\n")
                == Self.message().body)
    }

    @Test("A long line is folded with soft breaks that decode away")
    func softBreaks() throws {
        var message = Self.message()
        message.body = String(repeating: "word ", count: 60) + "end"
        let body = String(try message.rendered().split(separator: "\r\n\r\n", maxSplits: 1)[1])
        #expect(body.contains("=\r\n"))
        #expect(body.split(separator: "\r\n").allSatisfy { $0.count <= 76 })
        #expect(MailMessage.decodeQuotedPrintable(body) == message.body + "\r\n")
    }

    @Test("A subject in another script is an encoded word; a line break in a subject cannot add a header")
    func headers() throws {
        let greek = try Self.message(subject: "Καλημέρα από το σχολείο").rendered()
        #expect(greek.contains("Subject: =?UTF-8?B?"))
        let hostile = try Self.message(subject: "Hello\r\nBcc: everyone@example.org").rendered()
        #expect(!hostile.contains("\r\nBcc:"))
        #expect(hostile.contains("Subject: HelloBcc: everyone@example.org\r\n"))
    }

    @Test(
        "A recipient must be exactly one address",
        arguments: [
            "a@example.org, b@example.org", "a@example.org\r\nBcc: b@example.org", "Name <a@example.org>", "",
            "not-an-address",
        ])
    func recipients(to: String) {
        #expect(throws: MailMessage.Invalid.self) { try Self.message(to: to).rendered() }
    }

    @Test("Retries come after 1, 2, 4 … minutes and then every hour, without end")
    func retrySchedule() {
        #expect(RetrySchedule.delay(afterAttempt: 1) == 60)
        #expect(RetrySchedule.delay(afterAttempt: 2) == 120)
        #expect(RetrySchedule.delay(afterAttempt: 3) == 240)
        #expect(RetrySchedule.delay(afterAttempt: 7) == 3_600)
        #expect(RetrySchedule.delay(afterAttempt: 500) == 3_600)
        // A mail server down for a day: about 30 attempts, and the last one within an hour of its return.
        var elapsed = 0.0
        var attempt = 0
        while elapsed < 24 * 3600 {
            attempt += 1
            elapsed += RetrySchedule.delay(afterAttempt: attempt)
        }
        #expect(attempt < 40)
    }

    @Test(
        "Cells that a spreadsheet would run as a formula are exported as text",
        arguments: [
            ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+44 1632 960000", "'+44 1632 960000"), ("-2+3", "'-2+3"),
            ("@cmd", "'@cmd"), ("\tTab", "'\tTab"), ("Plain", "Plain"), ("O'Brien", "O'Brien"),
            ("Smith, Jo", "\"Smith, Jo\""), ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
        ])
    func formulaSafe(input: String, expected: String) {
        #expect(CSVWriter.field(input) == expected)
    }

    @Test("An exported file reads back to the same values")
    func roundTrip() throws {
        let values = ["=1+2", "Line\nbreak", "Semi;colon", "\"quoted\"", "-minus", "Zoë", "'kept apostrophe"]
        var writer = CSVWriter(header: ["A"])
        for value in values { writer.append([value]) }
        let table = try CSVTable(parsing: writer.text)
        #expect(table.header == ["A"])
        #expect(table.rows.map { $0.fields[0] } == values)
    }
}

@Suite("UTC calendar fields")
struct UTCTimeTests {
    @Test("Arithmetic agrees with the calendar on every day for a century and a half")
    func agreesWithCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var date = Date(timeIntervalSince1970: -2_208_988_800 + 45_296)  // 1900-01-01 12:34:56
        while date.timeIntervalSince1970 < 4_102_444_800 {  // 2100
            let t = UTCTime(date)
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
            #expect(
                [t.year, t.month, t.day, t.hour, t.minute, t.second] == [
                    c.year, c.month, c.day, c.hour, c.minute, c.second,
                ])
            #expect((t.weekdayFromThursday + 4) % 7 + 1 == c.weekday)
            if t.year != c.year || t.day != c.day { break }
            date += 86_400 * 13 + 3_607
        }
    }
}
