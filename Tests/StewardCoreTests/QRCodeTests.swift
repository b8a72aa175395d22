// The QR encoder: sizes, the fixed patterns a scanner looks for, and an SVG it can draw.
// (The browser journey also decodes a real enrolment QR code with zbarimg.)

import StewardCore
import Testing

@Suite("QR codes")
struct QRCodeTests {
    @Test("The smallest version that holds the text is chosen")
    func versions() throws {
        #expect(try QRCode(encoding: "HELLO").version == 1)
        #expect(try QRCode(encoding: String(repeating: "a", count: 14)).version == 1)
        #expect(try QRCode(encoding: String(repeating: "a", count: 15)).version == 2)
        let otpauth =
            "otpauth://totp/St%20Cleopas%20C%20of%20E%20Primary%20School:headteacher@stcleopas.example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Steward&algorithm=SHA1&digits=6&period=30"
        let code = try QRCode(encoding: otpauth)
        #expect(code.size == code.version * 4 + 17)
        #expect(code.version >= 7)
        #expect(throws: QRCode.EncodingError.self) { try QRCode(bytes: Array(repeating: 0x61, count: 3000)) }
    }

    @Test("Finder patterns sit in three corners and timing patterns alternate")
    func fixedPatterns() throws {
        let code = try QRCode(encoding: "https://example.org/two-factor")
        let last = code.size - 1
        for (x, y) in [(0, 0), (last - 6, 0), (0, last - 6)] {
            for i in 0..<7 {
                #expect(code.isDark(x: x + i, y: y) && code.isDark(x: x + i, y: y + 6))
                #expect(code.isDark(x: x, y: y + i) && code.isDark(x: x + 6, y: y + i))
            }
            #expect(!code.isDark(x: x + 1, y: y + 1))
            #expect(code.isDark(x: x + 3, y: y + 3))
        }
        for i in 8..<(code.size - 8) {
            #expect(code.isDark(x: i, y: 6) == (i % 2 == 0))
            #expect(code.isDark(x: 6, y: i) == (i % 2 == 0))
        }
        #expect(code.isDark(x: 8, y: code.size - 8))
    }

    @Test("The SVG has a quiet zone, a title and escapes it")
    func svg() throws {
        let svg = try QRCode(encoding: "x").svg(title: "Scan <me>")
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains(#"viewBox="0 0 29 29""#))
        #expect(svg.contains("<title>Scan &lt;me&gt;</title>"))
    }
}
