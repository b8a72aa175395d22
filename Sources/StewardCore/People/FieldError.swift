// Problems with what someone typed, named by field, in words a school secretary understands.

/// One problem with one field of a form or request.
public struct FieldError: Error, Sendable, Equatable, Codable {
    /// The form field's name (`email`), so a page can link the message to the field.
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// Thrown when input is refused; carries every problem found, not just the first.
public struct InvalidInput: Error, Sendable, Equatable {
    public var errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }
    public init(_ field: String, _ message: String) { self.errors = [FieldError(field, message)] }
}
