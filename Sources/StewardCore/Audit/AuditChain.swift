// Proof that the audit log is whole: every entry in place, unchanged, in order, and none cut from its end.

import Crypto
import Foundation

/// The outcome of checking the chain.
public enum AuditVerification: Sendable, Equatable {
    /// Every entry checks out; `count` entries, ending in `lastHash`.
    case intact(count: Int64, lastHash: String)
    /// The first entry that does not check out, and why.
    case broken(seq: Int64, reason: String)
}

/// Walks the audit log in order and checks each link.
///
/// Feed entries in ascending `seq`; finish with the head the database keeps (the last sequence number and hash
/// written). Checkpoints kept outside the database catch what the head cannot: entries cut from the end with the
/// head rewound to match.
public struct AuditChainVerifier: Sendable {
    private let key: SymmetricKey
    private let checkpoints: [Int64: AuditCheckpoint]
    private let lastCheckpoint: AuditCheckpoint?
    private var expectedSeq: Int64 = 1
    private var previousHash = AuditRecord.genesisHash
    private let blanked: [Int64: AuditRedaction]
    private let blankedByPurge: [String: [AuditRedaction]]
    private var purgesSeen = Set<String>()
    private(set) public var failure: AuditVerification?

    /// `key` is the chain key (`AuditKeys.chainKey`); `checkpoints` those read back from outside the database;
    /// `redactions` the entries purges have blanked.
    public init(key: SymmetricKey, checkpoints: [AuditCheckpoint] = [], redactions: [AuditRedaction] = []) {
        self.key = key
        var bySeq: [Int64: AuditCheckpoint] = [:]
        for checkpoint in checkpoints { bySeq[checkpoint.seq] = checkpoint }
        self.checkpoints = bySeq
        self.lastCheckpoint = checkpoints.max { $0.seq < $1.seq }
        var blanked: [Int64: AuditRedaction] = [:]
        for redaction in redactions { blanked[redaction.seq] = redaction }
        self.blanked = blanked
        self.blankedByPurge = Dictionary(grouping: redactions, by: \.purgeID)
    }

    /// Checks the next entry; after the first failure the rest are ignored.
    public mutating func check(_ entry: AuditRecord) {
        guard failure == nil else { return }
        if entry.seq != expectedSeq {
            let reason =
                entry.seq > expectedSeq
                ? "entry \(expectedSeq) is missing (found \(entry.seq) next)"
                : "entry \(entry.seq) is out of order or repeated"
            failure = .broken(seq: min(entry.seq, expectedSeq), reason: reason)
            return
        }
        if entry.prevHash != previousHash {
            failure = .broken(seq: entry.seq, reason: "entry \(entry.seq) does not follow the entry before it")
            return
        }
        if let redaction = blanked[entry.seq] {
            // Blanked by a purge: accepted on the hash it was sealed with, only in the blank form with what it kept
            // sealed again, and only if the purge's own entry (checked when it is reached) covers it. (`hash` is not
            // part of the canonical bytes, so the blank entry's MAC is computed over what it kept.)
            guard entry.isBlank, entry.hash == redaction.hash, entry.computedHash(key: key) == redaction.blankHash
            else {
                failure = .broken(seq: entry.seq, reason: "entry \(entry.seq) was changed after it was written")
                return
            }
        } else if entry.computedHash(key: key) != entry.hash {
            failure = .broken(seq: entry.seq, reason: "entry \(entry.seq) was changed after it was written")
            return
        }
        if entry.action == AuditRedaction.purgeAction, let problem = checkPurge(entry) {
            failure = .broken(seq: entry.seq, reason: problem)
            return
        }
        if let checkpoint = checkpoints[entry.seq], checkpoint.hash != entry.hash {
            failure = .broken(
                seq: entry.seq,
                reason: "entry \(entry.seq) is not the one the checkpoint of \(checkpoint.at) recorded")
            return
        }
        previousHash = entry.hash
        expectedSeq += 1
    }

    /// Why a purge's entry does not match the entries blanked in its name, or nil when it does.
    private mutating func checkPurge(_ entry: AuditRecord) -> String? {
        guard let data = entry.details.data(using: .utf8),
            let details = try? JSONDecoder().decode([String: String].self, from: data),
            let purgeID = details["purge"]
        else { return nil }
        let taken = blankedByPurge[purgeID] ?? []
        if String(taken.count) != (details["blanked"] ?? "0")
            || (!taken.isEmpty && AuditRedaction.digest(taken) != details["blanked_digest"])
        {
            return "the entries blanked by the purge of entry \(entry.seq) are not the ones it recorded"
        }
        if let later = taken.first(where: { $0.seq >= entry.seq }) {
            return "entry \(later.seq) was blanked by a purge that came before it"
        }
        purgesSeen.insert(purgeID)
        return nil
    }

    /// The verdict, given the head (last sequence number and hash) the database recorded.
    public func finish(headSeq: Int64, headHash: String) -> AuditVerification {
        if let failure { return failure }
        if let orphan = blanked.values.filter({ !purgesSeen.contains($0.purgeID) }).min(by: { $0.seq < $1.seq }) {
            return .broken(seq: orphan.seq, reason: "entry \(orphan.seq) was blanked, but no purge entry records it")
        }
        let count = expectedSeq - 1
        if let last = lastCheckpoint, last.seq > count {
            return .broken(
                seq: count + 1,
                reason:
                    "entries from \(count + 1) to \(last.seq) are missing (the checkpoint of \(last.at) recorded \(last.seq) entries)"
            )
        }
        if headSeq != count || headHash != previousHash {
            let missing = count + 1
            return .broken(
                seq: missing,
                reason: headSeq > count
                    ? "entries from \(missing) to \(headSeq) are missing"
                    : "the log's head does not match its last entry \(count)")
        }
        return .intact(count: count, lastHash: previousHash)
    }
}
