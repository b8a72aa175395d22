// Field errors shaped for templates: a summary list and a lookup by field name.

import Fluent
import StewardCore
import Vapor

/// Field errors shaped for templates: a summary list and a lookup by field name.
struct FormErrors: Encodable, Sendable {
    var list: [FieldError]
    var byField: [String: String]

    init(_ errors: [FieldError] = []) {
        list = errors
        var map: [String: String] = [:]
        for error in errors where map[error.field] == nil { map[error.field] = error.message }
        byField = map
    }

    var isEmpty: Bool { list.isEmpty }
}
