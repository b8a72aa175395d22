// What the step-up page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension StepUpController {
    struct StepUpContent: Encodable, Sendable {
        var next: String
        var hasTwoFactor: Bool
        var errors: FormErrors
        /// A refused form's fields, carried through the code and sent again once it is right, so nothing typed is lost.
        var carried: [CarriedField] = []
        /// Where the refused form was going.
        var replay: String = ""
    }

    struct CarriedField: Encodable, Sendable {
        var name: String
        var value: String
    }

    /// The fields of a plain (URL-encoded) form worth carrying: all but the form token, the code and the step-up's own.
    static func carried(_ req: Request) -> [CarriedField] {
        guard req.headers.contentType == .urlEncodedForm,
            let fields = try? req.content.decode([String: String].self)
        else { return [] }
        return fields.filter { !["_csrf", "code", "next", "replay"].contains($0.key) }.sorted { $0.key < $1.key }
            .map { CarriedField(name: $0.key, value: $0.value) }
    }
}
