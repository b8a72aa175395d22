// An approver's decision on a draft: approved (for one exact content) or returned with comments.

import Fluent
import Foundation
import StewardCore

final class DraftReview: Model, @unchecked Sendable {
    static let schema = "draft_reviews"

    enum Decision: String, Codable, Sendable {
        case approved
        case returned
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "draft_id") var draftID: UUID
    @Field(key: "reviewer_id") var reviewerID: UUID
    @Field(key: "decision") var decision: Decision
    /// The content digest the decision is about.
    @Field(key: "digest") var digest: String
    /// The findings as the reviewer saw them, as JSON.
    @Field(key: "findings") var findings: String
    /// The headteacher's reason for approving over a blocking finding, or empty.
    @Field(key: "override_reason") var overrideReason: String
    @Field(key: "warnings_acknowledged") var warningsAcknowledged: Bool
    @Field(key: "comments") var comments: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "expires_at") var expiresAt: Date?
    /// Set when an edit, a withdrawal or time ends the approval, with why.
    @OptionalField(key: "voided_at") var voidedAt: Date?
    @OptionalField(key: "void_reason") var voidReason: String?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $schoolID, $draftID, $reviewerID, $decision, $digest, $findings, $overrideReason,
            $warningsAcknowledged, $comments, $createdAt, $expiresAt, $voidedAt, $voidReason,
        ]
    }

    init() {}

    init(
        schoolID: UUID, draftID: UUID, reviewerID: UUID, decision: Decision, digest: String, findings: [Finding],
        overrideReason: String, warningsAcknowledged: Bool, comments: String, expiresAt: Date?, now: Date = Date()
    ) {
        self.schoolID = schoolID
        self.draftID = draftID
        self.reviewerID = reviewerID
        self.decision = decision
        self.digest = digest
        self.findings = (try? String(decoding: JSONEncoder().encode(findings), as: UTF8.self)) ?? "[]"
        self.overrideReason = overrideReason
        self.warningsAcknowledged = warningsAcknowledged
        self.comments = comments
        self.createdAt = now
        self.expiresAt = expiresAt
    }

    var decodedFindings: [Finding] {
        (try? JSONDecoder().decode([Finding].self, from: Data(findings.utf8))) ?? []
    }
}
