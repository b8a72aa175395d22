// Proof that the audit log is whole: every entry in place, unchanged, in order, and none cut from its end.

import Crypto

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
    private(set) public var failure: AuditVerification?

    /// `key` is the chain key (`AuditKeys.chainKey`); `checkpoints` those read back from outside the database.
    public init(key: SymmetricKey, checkpoints: [AuditCheckpoint] = []) {
        self.key = key
        var bySeq: [Int64: AuditCheckpoint] = [:]
        for checkpoint in checkpoints { bySeq[checkpoint.seq] = checkpoint }
        self.checkpoints = bySeq
        self.lastCheckpoint = checkpoints.max { $0.seq < $1.seq }
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
        if entry.computedHash(key: key) != entry.hash {
            failure = .broken(seq: entry.seq, reason: "entry \(entry.seq) was changed after it was written")
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

    /// The verdict, given the head (last sequence number and hash) the database recorded.
    public func finish(headSeq: Int64, headHash: String) -> AuditVerification {
        if let failure { return failure }
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
