// One attempt to send an approved post to the school's webhook, with the answer it got.

import Fluent
import Foundation

final class PostDelivery: Model, @unchecked Sendable {
    static let schema = "post_deliveries"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "draft_id") var draftID: UUID
    @Field(key: "review_id") var reviewID: UUID
    @Field(key: "address") var address: String
    @Field(key: "attempted_at") var attemptedAt: Date
    /// The HTTP status the receiver answered, or nil when it could not be reached.
    @OptionalField(key: "status_code") var statusCode: Int?
    /// The start of the receiver's answer, or why it could not be reached.
    @Field(key: "answer") var answer: String

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $schoolID, $draftID, $reviewID, $address, $attemptedAt, $statusCode, $answer]
    }

    init() {}

    init(schoolID: UUID, draftID: UUID, reviewID: UUID, address: String, statusCode: Int?, answer: String) {
        self.schoolID = schoolID
        self.draftID = draftID
        self.reviewID = reviewID
        self.address = address
        self.attemptedAt = Date()
        self.statusCode = statusCode
        self.answer = answer
    }

    var succeeded: Bool { (200..<300).contains(statusCode ?? 0) }
}
