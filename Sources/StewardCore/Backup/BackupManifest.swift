// What a backup holds, written first inside it: when, from which version and engine, the counts and the audit head.

import Foundation

/// What a backup holds, written first inside it (before the files), so a restore can check what it restored.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// One file in the backup, in the order the files follow the manifest.
    public struct File: Codable, Sendable, Equatable {
        public var name: String
        public var size: Int
        /// SHA-256 of the file's bytes, lowercase hex.
        public var sha256: String

        public init(name: String, size: Int, sha256: String) {
            self.name = name
            self.size = size
            self.sha256 = sha256
        }
    }

    public var format: Int
    /// When the copy was taken, `2026-12-01T02:00:00.000Z`.
    public var createdAt: String
    public var stewardVersion: String
    /// `sqlite` or `postgresql`: a backup restores into the engine it came from.
    public var engine: String
    /// The last migration the database had, and how many it had.
    public var schema: String
    public var migrations: Int
    /// Rows in each table at the moment of the copy.
    public var counts: [String: Int]
    /// The audit log's head at the moment of the copy.
    public var auditSeq: Int64
    public var auditHash: String
    public var files: [File]

    public init(
        createdAt: String, stewardVersion: String, engine: String, schema: String, migrations: Int,
        counts: [String: Int], auditSeq: Int64, auditHash: String, files: [File]
    ) {
        self.format = 1
        self.createdAt = createdAt
        self.stewardVersion = stewardVersion
        self.engine = engine
        self.schema = schema
        self.migrations = migrations
        self.counts = counts
        self.auditSeq = auditSeq
        self.auditHash = auditHash
        self.files = files
    }

    /// The largest manifest a backup may hold; a larger length means a damaged file.
    public static let largestSize = 1 << 20

    /// The manifest as the backup's plaintext starts: its length (4 bytes, big-endian), then canonical JSON.
    public var encoded: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A manifest of strings and numbers always encodes.
        let json = Array(try! encoder.encode(self))
        return BackupCipher.uint32(json.count) + json
    }

    /// What is wrong with a manifest read back, if anything: names safe as file names and unique, sizes sensible.
    public var problem: String? {
        guard format == 1 else { return "manifest format \(format)" }
        guard !files.isEmpty, files.count <= 32 else { return "\(files.count) files" }
        var seen = Set<String>()
        for file in files {
            let safe =
                !file.name.isEmpty && file.name.count <= 64 && file.name.first != "."
                && file.name.unicodeScalars.allSatisfy {
                    ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-._".unicodeScalars.contains($0)
                }
            guard safe else { return "a file named \(file.name.debugDescription)" }
            guard seen.insert(file.name).inserted else { return "\(file.name) twice" }
            guard file.size >= 0, file.size <= 1 << 48 else { return "\(file.name) of \(file.size) bytes" }
            guard file.sha256.count == 64, file.sha256.allSatisfy(\.isHexDigit) else { return "\(file.name)'s digest" }
        }
        guard engine == "sqlite" || engine == "postgresql" else { return "engine \(engine.debugDescription)" }
        guard auditSeq >= 0 else { return "audit head \(auditSeq)" }
        return nil
    }
}
