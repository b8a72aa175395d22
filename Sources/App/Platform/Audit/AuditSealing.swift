// The audit log's keys and its checkpoint file: what seals the chain, kept out of the database.

import Crypto
import Foundation
import StewardCore

#if canImport(Glibc)
    import Glibc
#endif

/// Seals audit entries with a key derived from `STEWARD_SECRET_KEY` and appends a signed checkpoint of the head
/// outside the database after each audited transaction commits.
struct AuditSealing: Sendable {
    let chainKey: SymmetricKey
    let checkpointKey: SymmetricKey
    let checkpointFile: URL

    init(config: StewardConfig) {
        chainKey = AuditKeys.chainKey(from: config.secretKey)
        checkpointKey = AuditKeys.checkpointKey(from: config.secretKey)
        checkpointFile = config.auditCheckpoints
    }

    /// Appends one line with a single `write` to a file opened for appending, so concurrent writers never
    /// interleave. A checkpoint that cannot be written is logged, never allowed to undo a committed change.
    func recordCheckpoint(seq: Int64, hash: String, now: Date = Date()) -> Bool {
        let line = AuditCheckpoint(seq: seq, hash: hash, at: AuditRecord.timestamp(now)).line(key: checkpointKey)
        let fd = open(checkpointFile.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(line.utf8)
        return bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count
    }

    /// The checkpoints written so far; none when the file does not exist yet.
    func checkpoints() -> Result<[AuditCheckpoint], AuditCheckpointError>? {
        guard let data = FileManager.default.contents(atPath: checkpointFile.path) else { return nil }
        return AuditCheckpoint.parse(String(decoding: data, as: UTF8.self), key: checkpointKey)
    }
}
