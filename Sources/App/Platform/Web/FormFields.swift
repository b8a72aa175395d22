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

    private static func decode(_ part: Substring) -> String? {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
