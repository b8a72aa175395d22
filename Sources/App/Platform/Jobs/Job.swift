// One piece of background work: due at a time, claimed by one runner, retried when it fails, its error kept.

import Fluent
import Foundation

final class Job: Model, @unchecked Sendable {
    static let schema = "jobs"

    enum Status: String, Codable, Sendable {
        case queued
        case running
        case done
        /// Failed as many times as it may; kept with its error for an administrator to see.
        case failed
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @OptionalParent(key: "school_id") var school: School?
    /// JSON for the job's handler.
    @Field(key: "payload") var payload: String
    /// At most one job with this key exists (a recurring job, or work that must not be queued twice).
    @OptionalField(key: "unique_key") var uniqueKey: String?
    /// A recurring job runs again this many seconds after it finishes.
    @OptionalField(key: "interval_seconds") var intervalSeconds: Int?
    @Field(key: "status") var status: Status
    @Field(key: "due_at") var dueAt: Date
    @Field(key: "attempts") var attempts: Int
    @Field(key: "max_attempts") var maxAttempts: Int
    @OptionalField(key: "claimed_by") var claimedBy: String?
    @OptionalField(key: "claimed_until") var claimedUntil: Date?
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "last_run_at") var lastRunAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $kind, $school, $payload, $uniqueKey, $intervalSeconds, $status, $dueAt, $attempts, $maxAttempts,
            $claimedBy, $claimedUntil, $lastError, $lastRunAt, $finishedAt, $createdAt,
        ]
    }

    init() {}

    init(
        kind: String, schoolID: UUID? = nil, payload: String = "{}", uniqueKey: String? = nil,
        intervalSeconds: Int? = nil, dueAt: Date, maxAttempts: Int = 5, now: Date = Date()
    ) {
        self.kind = kind
        self.$school.id = schoolID
        self.payload = payload
        self.uniqueKey = uniqueKey
        self.intervalSeconds = intervalSeconds
        self.status = .queued
        self.dueAt = dueAt
        self.attempts = 0
        self.maxAttempts = maxAttempts
        self.createdAt = now
    }
}
