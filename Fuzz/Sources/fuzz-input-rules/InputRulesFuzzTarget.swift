// libFuzzer entry point: the rules every form and sign-in field goes through, on whatever a browser could send.

import Foundation
import FuzzDriver
import StewardCore

/// The pure decoders behind sign-in and the forms (email, password, names, dates, two-factor secrets and
/// recovery codes); the request decoding itself lives in the App target, which this package does not build.
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
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func inputRulesFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    InputRulesFuzzTarget.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
