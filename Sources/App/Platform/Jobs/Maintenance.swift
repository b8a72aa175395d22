// Daily housekeeping: records that only ever mattered for a short time are removed, and the removal is audited.

import Fluent
import Foundation
import StewardCore
import Vapor

enum Maintenance {
    static let purgeKind = "maintenance.purge"

    /// How long each kind of short-lived record is kept after it stops mattering.
    static let keepSignInAttempts: TimeInterval = 24 * 3600
    static let keepPendingImports: TimeInterval = 24 * 3600
    static let keepUsedResetLinks: TimeInterval = 24 * 3600
    static let keepSentMail: TimeInterval = 30 * 24 * 3600
    static let keepFinishedJobs: TimeInterval = 30 * 24 * 3600

    /// How many records each retention rule removed, by the rule's key.
    typealias Purged = [String: Int]

    /// Runs every feature's retention rules that remove records, and records what they removed in the audit log.
    @discardableResult
    static func purge(app: Application, now: Date = Date()) async throws -> Purged {
        sweepUploads(in: app.steward.config.dataDirectory, now: now)
        // A school added since the runner started gets its own morning jobs by the next day.
        try await Jobs.ensureRecurring(on: app.db, now: now)
        let removed = try await AuditLog.write(on: app.db, context: .system("maintenance", app)) { db, audit in
            var purged = Purged()
            for rule in Features.retention {
                guard let purge = rule.purge else { continue }
                purged[rule.key] = try await purge(db, now)
            }
            if purged.values.reduce(0, +) > 0 {
                try await audit.append("maintenance.purged", details: purged.mapValues(String.init))
            }
            return purged
        }
        // What this removed, and what an erasure earlier whose checkpoint a reader held up removed, leaves the
        // write-ahead log here.
        try await RecordsPurge.reclaimSpace(app.db, logger: app.logger)
        return removed
    }

    /// Uploads are spooled to disk only while their request runs; a folder left by a process that died is removed
    /// once it is an hour old.
    static func sweepUploads(in dataDirectory: URL, now: Date) {
        let root = dataDirectory.appendingPathComponent("uploads-in-progress", isDirectory: true)
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: root.path) else { return }
        for name in names {
            let path = root.appendingPathComponent(name).path
            let modified = (try? fm.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? now
            if now.timeIntervalSince(modified) > 3600 { try? fm.removeItem(atPath: path) }
        }
    }
}
