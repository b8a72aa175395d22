// A person's account at the school's identity provider, linked by the provider's stable subject id.

import Fluent
import Foundation

/// A person's account at their school's provider, by the provider's stable subject id.
final class SignInLink: Model, @unchecked Sendable {
    static let schema = "sign_in_links"

    @ID(key: .id) var id: UUID?
    @Field(key: "provider_id") var providerID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "subject") var subject: String
    /// The address the first sign-in was matched by.
    @Field(key: "linked_by") var linkedBy: String
    @Field(key: "linked_at") var linkedAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    /// Whether the person made the link themselves, signed in (My account), rather than it being made by matching
    /// their address at a first sign-in.
    @Field(key: "confirmed") var confirmed: Bool

    var properties: [any AnyProperty] {
        [$id, $providerID, $personID, $subject, $linkedBy, $linkedAt, $lastUsedAt, $confirmed]
    }

    init() {}

    init(providerID: UUID, personID: UUID, subject: String, linkedBy: String, now: Date, confirmed: Bool) {
        self.providerID = providerID
        self.personID = personID
        self.subject = subject
        self.linkedBy = linkedBy
        self.linkedAt = now
        self.lastUsedAt = now
        self.confirmed = confirmed
    }
}
