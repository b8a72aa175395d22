// One message in the outbox: written with the event that causes it, kept until delivered, never dropped.

import Fluent
import Foundation

final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    enum Status: String, Codable, Sendable {
        /// Waiting for its next attempt (the first, or a retry after a failure).
        case queued
        /// Claimed by a runner that is delivering it now.
        case sending
        /// Handed to the transport.
        case sent
    }

    @ID(key: .id) var id: UUID?
    @OptionalParent(key: "school_id") var school: School?
    /// What caused it (`password_reset`, `test` …), for the administrators' list.
    @Field(key: "kind") var kind: String
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "message_id") var messageID: String
    @Field(key: "status") var status: Status
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "claimed_until") var claimedUntil: Date?
    @OptionalField(key: "last_attempt_at") var lastAttemptAt: Date?
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "sent_at") var sentAt: Date?
    @Field(key: "created_at") var createdAt: Date
    /// The case this message is about: then only those who see the case in full see the message in the outbox.
    @OptionalField(key: "case_id") var caseID: UUID?
    /// The declaration the mail is about, if any: shown only to those who may see it.
    @OptionalField(key: "declaration_id") var declarationID: UUID?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $school, $kind, $recipient, $subject, $body, $messageID, $status, $attempts, $nextAttemptAt,
            $claimedUntil, $lastAttemptAt, $lastError, $sentAt, $createdAt, $caseID, $declarationID,
        ]
    }

    init() {}

    init(
        schoolID: UUID?, kind: String, recipient: String, subject: String, body: String, messageID: String,
        now: Date
    ) {
        self.$school.id = schoolID
        self.kind = kind
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.messageID = messageID
        self.status = .queued
        self.attempts = 0
        self.nextAttemptAt = now
        self.createdAt = now
    }
}
