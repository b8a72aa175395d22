// A form's fields read strictly: a body that is not a readable form, or a field sent twice, is refused before anything
// is written, so a page never says "saved" about a request it could not read.

import Vapor

/// The fields of a posted form, each sent at most once.
///
/// Vapor's decoder takes the last of a field sent twice and reads an unreadable body as no fields at all; a handler
/// that then found "nothing to change" would answer that it had saved. Here both are refused with a message.
struct FormFields: Sendable {
    let values: [String: String]

    subscript(_ name: String) -> String? { values[name] }

    static let unreadable = "The form could not be read: nothing was saved. Reload the page and try again."

    static func duplicate(_ name: String) -> String {
        "The form sent the field “\(name.prefix(60))” more than once: nothing was saved. Reload the page and try again."
    }

    /// Reads `request`'s URL-encoded or multipart body; throws a 400 with a plain message if it cannot.
    static func read(_ request: Request) throws -> FormFields {
        let type = request.headers.contentType
        if type == .urlEncodedForm {
            guard let buffer = request.body.data else { return FormFields(values: [:]) }
            return try parse(Data(buffer.readableBytesView))
        }
        // The pages' own forms are URL-encoded; a multipart body, whose decoder takes the last of a repeated field and
        // keeps bytes that are not UTF-8, is not taken here.
        if request.body.data == nil || request.body.data?.readableBytes == 0 { return FormFields(values: [:]) }
        throw Abort(.unsupportedMediaType, reason: unreadable)
    }

    /// The fields of an `application/x-www-form-urlencoded` body.
    static func parse(_ body: Data) throws -> FormFields {
        guard let text = String(data: body, encoding: .utf8) else { throw Abort(.badRequest, reason: unreadable) }
        var values: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else {
                throw Abort(.badRequest, reason: unreadable)
            }
            guard values.updateValue(value, forKey: name) == nil else {
                throw Abort(.badRequest, reason: duplicate(name))
            }
        }
        return FormFields(values: values)
    }

    /// Whether every name and value of an `application/x-www-form-urlencoded` body reads as text: the body UTF-8, and
    /// each %-escape whole and UTF-8 once decoded.
    static func isReadable(_ body: Data) -> Bool {
        guard let text = String(data: body, encoding: .utf8) else { return false }
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            for part in pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            where decode(part) == nil {
                return false
            }
        }
        return true
    }

    /// A name or value of a URL-encoded body as text: `+` a space, each %-escape a byte, and the bytes UTF-8. Nil if an
    /// escape is not whole or the bytes are not UTF-8: Foundation's `removingPercentEncoding` answers nil for some
    /// such bytes (`%FF`) and U+FFFD for others (`%A9`).
    static func decode(_ part: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(part.utf8.count)
        var iterator = part.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// `pairs` as a URL-encoded query or body, every character but the unreserved ones %-escaped: a value with "&",
    /// "=", "+", "#" or "%" arrives whole, and `decode` reads each back as it was.
    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
