// libFuzzer entry point: the rules every form and sign-in field goes through, on whatever a browser could send.

import Foundation
import FuzzDriver
import StewardCore

/// The pure decoders behind sign-in and the forms (email, password, names, dates, two-factor secrets, recovery codes
/// and a declaration's "since when"); the request decoding itself lives in the App target, which this package does not build.
@main
enum InputRulesFuzzTarget {
    static func main() { FuzzDriver.run(inputRulesFuzzInput) }

    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        if case .success(let email) = TextRules.email(text) {
            guard case .success(email) = TextRules.email(email) else { fatalError("a valid email is not valid again") }
        }
        _ = TextRules.line(text, field: "name", label: "Name")
        _ = TextRules.paragraph(text, field: "details", label: "Details", maxLength: 2_000)
        _ = TextRules.newPassword(text, confirmedBy: String(text.reversed()))
        if case .success(let date?) = TextRules.date(text, field: "date", label: "Date", required: false) {
            _ = date.longForm
            _ = date.dayNumber
            guard CalendarDate(parsing: date.description) == date else { fatalError("a date does not read back") }
        }
        if let secret = Base32.decode(text) {
            guard Base32.decode(Base32.encode(secret)) == secret else { fatalError("base32 does not read back") }
        }
        _ = RecoveryCodes.normalise(text)
        // "Since when" of a declaration: whatever it reads, it reads back the same, and its earliest day is real.
        if let since = ApproximateDate(parsing: text) {
            guard ApproximateDate(parsing: since.description) == since else { fatalError("since does not read back") }
            _ = since.longForm
            _ = since.earliest.dayNumber
        }
        if let today = CalendarDate(year: 2026, month: 11, day: 30),
            case .success(let since) = DeclarationRules.since(text, today: today), since.earliest > today
        {
            fatalError("a relationship since a day after today was accepted")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func inputRulesFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    InputRulesFuzzTarget.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
