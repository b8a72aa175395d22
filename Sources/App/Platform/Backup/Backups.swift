// Making a backup file (a snapshot, the files a restore needs, a manifest, all encrypted) and reading one back.

import Crypto
import Foundation
import StewardCore
import Vapor

enum Backups {
    /// The files a backup may hold; anything else in one is refused.
    static let secretKeyName = "secret.key"
    static let checkpointsName = "audit-checkpoints.log"
    static let privacyHelpName = "privacy-help.json"
    static let knownNames: Set<String> = [
        BackupSnapshot.sqliteName, BackupSnapshot.postgresName, secretKeyName, checkpointsName, privacyHelpName,
    ]

    /// Makes an encrypted backup of everything at `file` (which must not exist yet) while the server carries on,
    /// and records it in the audit log. Answers its manifest.
    @discardableResult
    static func make(
        app: Application, to file: URL, key: SymmetricKey, now: Date = Date()
    ) async throws
        -> BackupManifest
    {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: file.path) else {
            throw CommandFailure(message: "\(file.path) already exists: give the backup a new name.", code: 1)
        }
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: file.deletingLastPathComponent().path, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw CommandFailure(
                message: "\(file.deletingLastPathComponent().path) is not a directory that exists.", code: 1)
        }
        let config = app.steward.config
        // The plain copy never leaves the data directory, where the database itself lives; one left by a backup that
        // was killed goes now.
        let folder = DailyBackup.directory(config)
        sweepStale(in: folder, now: now)
        let staging = folder.appendingPathComponent(".staging-\(UUID().uuidString)")
        try fm.createDirectory(at: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? fm.removeItem(at: staging) }

        let snapshot = try await BackupSnapshot.take(app: app, into: staging)
        var extras: [(name: String, data: Data)] = []
        let secret = config.secretKey.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() }
        extras.append((secretKeyName, Data((secret + "\n").utf8)))
        extras.append((checkpointsName, checkpoints(upTo: snapshot.auditSeq, sealing: app.steward.auditSealing)))
        let help = config.dataDirectory.appendingPathComponent(privacyHelpName)
        if let data = fm.contents(atPath: help.path) { extras.append((privacyHelpName, data)) }

        let manifest = try write(snapshot: snapshot, extras: extras, to: file, key: key, now: now)
        try await AuditLog.write(on: app.db, context: .system("backup", app)) { _, audit in
            try await audit.append(
                "backup.made",
                details: [
                    "file": file.lastPathComponent, "auditSeq": String(snapshot.auditSeq),
                    "rows": String(snapshot.counts.values.reduce(0, +)),
                ])
        }
        return manifest
    }

    /// How long a backup's own temporary files may be left before they are taken to be a killed backup's.
    static let staleAfter: TimeInterval = 6 * 3600

    /// Removes the plain copies (`.staging-…`) and unfinished files (`.….part`) that backups killed part-way left in
    /// `folder`, once they are `staleAfter` old; a backup under way now is younger than that.
    static func sweepStale(in folder: URL, now: Date) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
        where name.hasPrefix(".staging-") || (name.hasPrefix(".") && name.hasSuffix(".part")) {
            let path = folder.appendingPathComponent(name).path
            let modified = (try? fm.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? now
            if now.timeIntervalSince(modified) > staleAfter { try? fm.removeItem(atPath: path) }
        }
    }

    /// The checkpoint lines at or before the snapshot's head: later ones describe entries the copy does not hold.
    static func checkpoints(upTo seq: Int64, sealing: AuditSealing) -> Data {
        switch sealing.checkpoints() {
        case .success(let all):
            return Data(all.filter { $0.seq <= seq }.map { $0.line(key: sealing.checkpointKey) }.joined().utf8)
        case .failure:
            // Kept as it is: the restore's audit check will say what is wrong with it.
            return FileManager.default.contents(atPath: sealing.checkpointFile.path) ?? Data()
        case nil:
            return Data()
        }
    }

    /// Writes the backup file: the manifest, the snapshot and the extras, encrypted, into a temporary file beside
    /// `file`, synced to disk, then renamed into place, so a backup cut short never has the final name.
    static func write(
        snapshot: BackupSnapshot, extras: [(name: String, data: Data)], to file: URL, key: SymmetricKey, now: Date
    ) throws -> BackupManifest {
        let snapshotDigest = try digest(of: snapshot.file)
        var files = [BackupManifest.File(name: snapshot.name, size: snapshotDigest.size, sha256: snapshotDigest.hex)]
        for extra in extras {
            files.append(
                BackupManifest.File(
                    name: extra.name, size: extra.data.count, sha256: hex(SHA256.hash(data: extra.data))))
        }
        let manifest = BackupManifest(
            createdAt: AuditRecord.timestamp(now), stewardVersion: StewardVersion.current,
            engine: snapshot.name == BackupSnapshot.sqliteName ? "sqlite" : "postgresql", schema: snapshot.schema,
            migrations: snapshot.migrations, counts: snapshot.counts, auditSeq: snapshot.auditSeq,
            auditHash: snapshot.auditHash, files: files)

        let temporary = file.deletingLastPathComponent().appendingPathComponent(
            ".\(file.lastPathComponent).\(UUID().uuidString).part")
        guard
            FileManager.default.createFile(
                atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw CommandFailure(message: "Cannot write to \(file.deletingLastPathComponent().path).", code: 1)
        }
        var renamed = false
        defer { if !renamed { try? FileManager.default.removeItem(at: temporary) } }
        let output = try FileHandle(forWritingTo: temporary)
        defer { try? output.close() }
        var encoder = BackupEncoder(key: key)
        try output.write(contentsOf: encoder.add(manifest.encoded))
        let input = try FileHandle(forReadingFrom: snapshot.file)
        defer { try? input.close() }
        while let piece = try input.read(upToCount: BackupCipher.defaultChunkSize), !piece.isEmpty {
            try output.write(contentsOf: encoder.add(piece))
        }
        for extra in extras { try output.write(contentsOf: encoder.add(extra.data)) }
        try output.write(contentsOf: encoder.finish())
        try output.synchronize()
        try FileManager.default.moveItem(at: temporary, to: file)
        renamed = true
        return manifest
    }

    /// Reads and checks a whole backup file, writing its files into `directory` (which must exist): every chunk
    /// authenticated, every file's digest checked. Throws `BackupProblem` for a file that is damaged, cut short or
    /// made with another key; whatever was written by then is the caller's to remove.
    static func unpack(_ file: URL, key: SymmetricKey, into directory: URL) throws -> BackupManifest {
        guard let input = FileHandle(forReadingAtPath: file.path) else {
            throw CommandFailure(message: "\(file.path) cannot be read.", code: 1)
        }
        defer { try? input.close() }
        var decoder = BackupDecoder(key: key)
        var unpacker = BackupUnpacker()
        var outputs: [Int: FileHandle] = [:]
        defer { for handle in outputs.values { try? handle.close() } }
        func write(_ index: Int, _ file: BackupManifest.File, _ bytes: ArraySlice<UInt8>) throws {
            if outputs[index] == nil {
                let name = file.name
                guard knownNames.contains(name) else { throw BackupProblem.badContents("a file it should not hold") }
                let path = directory.appendingPathComponent(name).path
                guard
                    FileManager.default.createFile(
                        atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
                else { throw BackupProblem.cannotWrite("\(name) could not be made") }
                outputs[index] = FileHandle(forWritingAtPath: path)
            }
            try outputs[index]?.write(contentsOf: bytes)
        }
        while let piece = try input.read(upToCount: BackupCipher.defaultChunkSize), !piece.isEmpty {
            let plain = try decoder.feed(piece)
            try unpacker.feed(plain, write: write)
        }
        try decoder.finish()
        try unpacker.finish()
        guard let manifest = unpacker.manifest else { throw BackupProblem.badContents("no manifest") }
        // Empty files get no bytes to write: make them too.
        for (index, file) in manifest.files.enumerated() where outputs[index] == nil {
            guard knownNames.contains(file.name) else { throw BackupProblem.badContents("a file it should not hold") }
            FileManager.default.createFile(
                atPath: directory.appendingPathComponent(file.name).path, contents: Data(),
                attributes: [.posixPermissions: 0o600])
        }
        for handle in outputs.values { try handle.synchronize() }
        return manifest
    }

    static func digest(of file: URL) throws -> (size: Int, hex: String) {
        let input = try FileHandle(forReadingFrom: file)
        defer { try? input.close() }
        var hasher = SHA256()
        var size = 0
        while let piece = try input.read(upToCount: BackupCipher.defaultChunkSize), !piece.isEmpty {
            hasher.update(data: piece)
            size += piece.count
        }
        return (size, hex(hasher.finalize()))
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
