// A post being prepared for one or more official accounts, from its first words to the archive.

import Fluent
import Foundation
import StewardCore

final class Draft: Model, @unchecked Sendable {
    static let schema = "drafts"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "text") var text: String
    /// The day the author means to post it (yyyy-mm-dd), if they said.
    @OptionalField(key: "intended_on") var intendedOn: String?
    @Field(key: "state") var state: DraftState
    /// The digest of the content as it is now (`PostContent.digest`): an approval holds only for this digest.
    @Field(key: "digest") var digest: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "published_at") var publishedAt: Date?
    @OptionalField(key: "published_by") var publishedBy: UUID?
    /// Where the post can be seen, once posted.
    @OptionalField(key: "live_address") var liveAddress: String?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $schoolID, $authorID, $text, $intendedOn, $state, $digest, $createdAt, $updatedAt, $submittedAt,
            $publishedAt, $publishedBy, $liveAddress,
        ]
    }

    init() {}

    init(schoolID: UUID, authorID: UUID, text: String, intendedOn: String?, digest: String, now: Date = Date()) {
        self.schoolID = schoolID
        self.authorID = authorID
        self.text = text
        self.intendedOn = intendedOn
        self.state = .writing
        self.digest = digest
        self.createdAt = now
        self.updatedAt = now
    }
}
