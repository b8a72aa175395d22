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
        /// The school's provider the person is linked to ("Microsoft"), whose own second step can stand for a code.
        var provider: String? = nil
        /// `next`, percent-encoded for the provider link's query.
        var nextEncoded: String { SafeRedirect.encode(next) }

        enum CodingKeys: String, CodingKey {
            case next, hasTwoFactor, errors, carried, replay, provider, nextEncoded
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(next, forKey: .next)
            try container.encode(hasTwoFactor, forKey: .hasTwoFactor)
            try container.encode(errors, forKey: .errors)
            try container.encode(carried, forKey: .carried)
            try container.encode(replay, forKey: .replay)
            try container.encodeIfPresent(provider, forKey: .provider)
            try container.encode(nextEncoded, forKey: .nextEncoded)
        }
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
