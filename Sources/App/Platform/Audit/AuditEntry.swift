// A row of the append-only, hash-chained audit log, and the one-row head that serialises writers.

import Fluent
import Foundation
import StewardCore

final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(custom: "seq", generatedBy: .user) var id: Int64?
    @Field(key: "occurred_at") var occurredAt: String
    @OptionalField(key: "actor_id") var actorID: String?
    @OptionalField(key: "actor_name") var actorName: String?
    @OptionalField(key: "school_id") var schoolID: String?
    @Field(key: "action") var action: String
    @OptionalField(key: "target") var target: String?
    @OptionalField(key: "client_address") var clientAddress: String?
    @OptionalField(key: "request_id") var requestID: String?
    @Field(key: "details") var details: String
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "hash") var hash: String

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $occurredAt, $actorID, $actorName, $schoolID, $action, $target, $clientAddress, $requestID, $details,
            $prevHash, $hash,
        ]
    }

    init() {}

    init(_ record: AuditRecord) {
        self.id = record.seq
        self.occurredAt = record.occurredAt
        self.actorID = record.actorID
        self.actorName = record.actorName
        self.schoolID = record.schoolID
        self.action = record.action
        self.target = record.target
        self.clientAddress = record.clientAddress
        self.requestID = record.requestID
        self.details = record.details
        self.prevHash = record.prevHash
        self.hash = record.hash
    }

    var record: AuditRecord {
        AuditRecord(
            seq: id ?? 0, occurredAt: occurredAt, actorID: actorID, actorName: actorName, schoolID: schoolID,
            action: action, target: target, clientAddress: clientAddress, requestID: requestID, details: details,
            prevHash: prevHash, hash: hash)
    }
}
