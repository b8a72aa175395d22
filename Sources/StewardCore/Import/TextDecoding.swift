// Reading exported files as schools' systems write them: UTF-8 (with or without a BOM) or Windows-1252.

/// Decodes file bytes into text, refusing what is not text at all.
public enum TextDecoding {
    public enum Encoding: String, Sendable { case utf8 = "UTF-8", windows1252 = "Windows-1252" }

    public struct NotText: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String { "This file is not a text (CSV) file." }
    }

    /// The characters Windows-1252 puts at 0x80–0x9F (nil where it has none).
    private static let windows1252High: [UInt32?] = [
        0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, nil,
        0x017D, nil, nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, nil, 0x017E, 0x0178,
    ]

    /// UTF-8 when the bytes are valid UTF-8, else Windows-1252; a NUL byte means the file is not text.
    public static func decode(_ bytes: [UInt8]) throws -> (String, Encoding) {
        if bytes.contains(0) { throw NotText() }
        var body = bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { body = bytes.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return (text, .utf8) }
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if byte < 0x80 || byte >= 0xA0 {
                scalars.append(Unicode.Scalar(byte))
            } else if let value = windows1252High[Int(byte - 0x80)], let scalar = Unicode.Scalar(value) {
                scalars.append(scalar)
            } else {
                throw NotText()
            }
        }
        return (String(scalars), .windows1252)
    }
}
