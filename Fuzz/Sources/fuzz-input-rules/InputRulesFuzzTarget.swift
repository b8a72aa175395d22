// libFuzzer entry point: the rules every form and sign-in field goes through, on whatever a browser could send.

import Foundation
import StewardCore

/// The pure decoders behind sign-in and the forms (email, password, names, dates, two-factor secrets and
/// recovery codes); the request decoding itself lives in the App target, which this package does not build.
@main
enum InputRulesFuzzTarget {
    /// libFuzzer's own driver, run from here because SwiftPM gives an executable its own `main`.
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, inputRulesFuzzInput))
    }

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

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
