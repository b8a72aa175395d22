// libFuzzer entry point: cuts text at findings with arbitrary offsets; the pieces must rebuild the text exactly.

import Foundation
import FuzzDriver
import StewardCore

@main
enum MarkedTextFuzzTarget {
    static func main() { FuzzDriver.run(markedTextFuzzInput) }

    /// The first byte gives the number of findings (0–15), then five bytes each: start and end as signed 16-bit
    /// numbers, and a severity. Whatever follows is the text, decoded as UTF-8 with repairs.
    static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let count = Int(first & 0x0F)
        let header = 1 + count * 5
        guard bytes.count >= header else { return }
        let text = String(decoding: bytes[header...], as: UTF8.self)
        let length = text.unicodeScalars.count
        var findings: [Finding] = []
        for index in 0..<count {
            let at = 1 + index * 5
            func offset(_ at: Int) -> Int {
                let raw = Int(Int16(bitPattern: UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])))
                // An odd number is taken as it is, however wild; an even one lands in or just around the text.
                if raw & 1 == 1 { return raw }
                return Int((raw >> 1).magnitude % UInt(length + 4)) - 2
            }
            let severity = Severity.allCases[Int(bytes[at + 4]) % Severity.allCases.count]
            findings.append(
                Finding(
                    category: .negativeRemark, kind: nil, severity: severity, start: offset(at), end: offset(at + 2),
                    text: "", message: ""))
        }

        let segments = MarkedText.segments(text, findings: findings)

        if segments.flatMap({ Array($0.text.unicodeScalars) }) != Array(text.unicodeScalars) {
            fatalError("the marked pieces do not rebuild the text")
        }
        if segments.contains(where: { $0.text.unicodeScalars.isEmpty }) { fatalError("an empty marked piece") }
        for (a, b) in zip(segments, segments.dropFirst()) where a.findings == b.findings {
            fatalError("two neighbouring pieces have the same findings")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func markedTextFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    MarkedTextFuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
