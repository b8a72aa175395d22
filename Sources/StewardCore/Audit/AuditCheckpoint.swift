// Signed checkpoints of the audit chain's head, kept outside the database, and the keys the chain is sealed with.

import Crypto
import Foundation

/// The keys that seal the audit log, derived from the instance's secret key and never stored in the database.
public enum AuditKeys {
    /// The key each entry's MAC is computed under.
    public static func chainKey(from secret: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: secret, info: Data("steward audit chain v1".utf8), outputByteCount: 32)
    }

    /// The key each checkpoint line is signed with.
    public static func checkpointKey(from secret: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: secret, info: Data("steward audit checkpoints v1".utf8), outputByteCount: 32)
    }
}

/// "The log had `seq` entries, the last with `hash`, at `at`": written after each audited transaction commits.
///
/// One line of text each: `seq hash at mac`, the MAC covering the first three fields. Someone who deletes entries
/// from the end of the log and rewinds its head cannot remove a checkpoint they cannot see, nor forge one.
public struct AuditCheckpoint: Sendable, Equatable {
    public var seq: Int64
    public var hash: String
    /// UTC time, as audit entries store it.
    public var at: String

    public init(seq: Int64, hash: String, at: String) {
        self.seq = seq
        self.hash = hash
        self.at = at
    }

    private func mac(key: SymmetricKey) -> String {
        HMAC<SHA256>.authenticationCode(for: Data("\(seq) \(hash) \(at)".utf8), using: key)
            .map { String(format: "%02x", $0) }.joined()
    }

    /// The line to append to the checkpoint file, with its newline.
    public func line(key: SymmetricKey) -> String {
        "\(seq) \(hash) \(at) \(mac(key: key))\n"
    }

    /// Reads a checkpoint file: every line must be well formed and correctly signed.
    public static func parse(_ text: String, key: SymmetricKey) -> Result<[AuditCheckpoint], AuditCheckpointError> {
        var result: [AuditCheckpoint] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 4, let seq = Int64(fields[0]), seq > 0 else {
                return .failure(AuditCheckpointError(line: index + 1, reason: "is not a checkpoint"))
            }
            let checkpoint = AuditCheckpoint(seq: seq, hash: String(fields[1]), at: String(fields[2]))
            guard checkpoint.mac(key: key) == String(fields[3]) else {
                return .failure(AuditCheckpointError(line: index + 1, reason: "has a signature that does not match"))
            }
            result.append(checkpoint)
        }
        return .success(result)
    }
}

/// A checkpoint file that cannot be trusted, and where.
public struct AuditCheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line) of the checkpoint file \(reason)" }
}
