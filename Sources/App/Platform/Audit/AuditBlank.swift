// An audit entry a purge blanked, as stored: see `AuditRedaction`.

import Fluent
import Foundation
import StewardCore

/// An audit entry a purge blanked: its place, the hash it was sealed with, and the purge that took its personal data.
final class AuditBlank: Model, @unchecked Sendable {
    static let schema = "audit_redactions"

    @ID(custom: "seq", generatedBy: .user) var id: Int64?
    @Field(key: "hash") var hash: String
    @Field(key: "blank_hash") var blankHash: String
    @Field(key: "purge_id") var purgeID: String
    @Field(key: "blanked_at") var blankedAt: Date

    var properties: [any AnyProperty] { [$id, $hash, $blankHash, $purgeID, $blankedAt] }

    init() {}

    init(_ redaction: AuditRedaction, at: Date) {
        self.id = redaction.seq
        self.hash = redaction.hash
        self.blankHash = redaction.blankHash
        self.purgeID = redaction.purgeID
        self.blankedAt = at
    }

    var redaction: AuditRedaction { AuditRedaction(seq: id ?? 0, hash: hash, blankHash: blankHash, purgeID: purgeID) }
}
