// Taking the personal data out of an audit entry whose record was removed, without breaking the chain.

import Crypto
import Foundation

/// One audit entry whose personal data the purge took out: its place and the hash it was sealed with, and the purge
/// that took it (whose own entry, sealed in the chain, records a digest of everything it took).
///
/// A blanked entry keeps its place, time, school, action, target and request; it loses who did it, from where, and
/// every detail. The chain still verifies: the blanked entry is accepted on its recorded hash, only in the blank
/// form, only with what it kept sealed again under the chain key (`blankHash`), and only when a later purge entry's
/// digest covers it.
public struct AuditRedaction: Sendable, Equatable, Codable {
    public var seq: Int64
    /// The hash the entry was sealed with, which the next entry follows.
    public var hash: String
    /// The chain key's MAC of the blank entry: what it kept can no more be changed than any other entry.
    public var blankHash: String
    public var purgeID: String

    public init(seq: Int64, hash: String, blankHash: String, purgeID: String) {
        self.seq = seq
        self.hash = hash
        self.blankHash = blankHash
        self.purgeID = purgeID
    }

    /// The redaction of `entry` (as sealed) under `purgeID`.
    public init(blanking entry: AuditRecord, purgeID: String, key: SymmetricKey) {
        self.init(
            seq: entry.seq, hash: entry.hash, blankHash: entry.blanked.computedHash(key: key), purgeID: purgeID)
    }

    /// The action of the entry a purge writes.
    public static let purgeAction = "records.purged"
    /// What a blanked entry's details say.
    public static let blankDetails = #"{"redacted":"yes"}"#

    /// The digest a purge entry records of what it blanked: every sequence number and hash, in order.
    public static func digest(_ redactions: [AuditRedaction]) -> String {
        var text = ""
        for redaction in redactions.sorted(by: { $0.seq < $1.seq }) {
            text += "\(redaction.seq):\(redaction.hash):\(redaction.blankHash)\n"
        }
        return SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension AuditRecord {
    /// The entry with its personal data taken out: who, from where and every detail.
    public var blanked: AuditRecord {
        var copy = self
        copy.actorID = nil
        copy.actorName = nil
        copy.clientAddress = nil
        copy.details = AuditRedaction.blankDetails
        return copy
    }

    /// Whether the entry is in the blank form a purge leaves.
    public var isBlank: Bool { self == blanked }
}
