// One of the school's official social-media accounts (policy 4.8, 4.9). Steward never holds its password.

import Fluent
import Foundation

final class OfficialAccount: Model, @unchecked Sendable {
    static let schema = "official_accounts"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "platform") var platform: AccountPlatform
    @Field(key: "handle") var handle: String
    @Field(key: "address") var address: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "created_at") var createdAt: Date
    /// Set when the school stops using the account: it leaves the register's choices but stays in the archive.
    @OptionalField(key: "retired_at") var retiredAt: Date?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $schoolID, $platform, $handle, $address, $purpose, $createdAt, $retiredAt]
    }

    init() {}

    init(
        schoolID: UUID, platform: AccountPlatform, handle: String, address: String, purpose: String, now: Date = Date()
    ) {
        self.schoolID = schoolID
        self.platform = platform
        self.handle = handle
        self.address = address
        self.purpose = purpose
        self.createdAt = now
    }

    /// "Facebook page @stcleopas", as lists show it.
    var title: String { "\(platform.title) \(handle)" }
}
