// A signed-in browser, kept on the server so that sign-out and deactivation end it at once.

import Fluent
import Foundation
import StewardCore

final class BrowserSession: Model, @unchecked Sendable {
    static let schema = "browser_sessions"

    @ID(key: .id) var id: UUID?
    /// SHA-256 of the cookie value: a copy of the database does not give away live sessions.
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "person_id") var person: Person
    @Parent(key: "school_id") var school: School
    @Field(key: "stage") var stage: SessionStage
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    /// When the person last proved their second factor in this session.
    @OptionalField(key: "second_factor_at") var secondFactorAt: Date?
    @OptionalField(key: "client_address") var clientAddress: String?
    @OptionalField(key: "user_agent") var userAgent: String?

    /// Listed by hand: Fluent otherwise finds them by reflection on every read and write, the largest cost of a
    /// signed-in page. `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $tokenHash, $person, $school, $stage, $createdAt, $lastSeenAt, $secondFactorAt, $clientAddress,
            $userAgent,
        ]
    }

    init() {}

    init(tokenHash: String, personID: UUID, schoolID: UUID, stage: SessionStage, now: Date) {
        self.tokenHash = tokenHash
        self.$person.id = personID
        self.$school.id = schoolID
        self.stage = stage
        self.createdAt = now
        self.lastSeenAt = now
    }
}
