// The server's own nightly backup into DATA_DIR/backups, keeping seven daily and four weekly copies.

import Foundation
import StewardCore
import Vapor

enum DailyBackup {
    static let kind = "backup.daily"

    static func directory(_ config: StewardConfig) -> URL {
        config.dataDirectory.appendingPathComponent("backups", isDirectory: true)
    }

    /// Makes tonight's backup, then removes the daily copies rotation no longer keeps. Answers the removed names.
    @discardableResult
    static func run(app: Application, now: Date = Date()) async throws -> [String] {
        let config = app.steward.config
        let folder = directory(config)
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let (key, made) = try BackupKey.load(dataDirectory: config.dataDirectory, create: true)
        if let made { app.logger.notice("\(BackupKey.madeNotice(made))") }
        let file = folder.appendingPathComponent(BackupRotation.name(for: now))
        let manifest = try await Backups.make(app: app, to: file, key: key, now: now)
        app.logger.info("Backed up the database to \(file.path) (audit log to entry \(manifest.auditSeq)).")
        return rotate(folder)
    }

    /// Removes the daily backups in `folder` that rotation no longer keeps; other files are never touched.
    @discardableResult
    static func rotate(_ folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let keep = BackupRotation.keep(names)
        var removed: [String] = []
        for name in names where BackupRotation.date(of: name) != nil && !keep.contains(name) {
            // Only files the server made: a folder or a link with such a name is somebody's, and stays.
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            guard attributes?[.type] as? FileAttributeType == .typeRegular else { continue }
            if (try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))) != nil {
                removed.append(name)
            }
        }
        return removed.sorted()
    }
}
