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

    struct Purged: Sendable, Equatable {
        var signInAttempts = 0
        var sessions = 0
        var pendingImports = 0
        var resetLinks = 0
        var sentMail = 0
        var finishedJobs = 0
        var total: Int { signInAttempts + sessions + pendingImports + resetLinks + sentMail + finishedJobs }
    }

    /// Deletes expired sessions, old sign-in attempts and uploads, spent reset links, and old sent mail and jobs.
    @discardableResult
    static func purge(app: Application, now: Date = Date()) async throws -> Purged {
        sweepUploads(in: app.steward.config.dataDirectory, now: now)
        return try await AuditLog.write(on: app.db, context: .system("maintenance", app)) { db, audit in
            var purged = Purged()
            let attempts = LoginAttempt.query(on: db).filter(\.$at < now.addingTimeInterval(-keepSignInAttempts))
            purged.signInAttempts = try await attempts.count()
            try await attempts.delete()

            let sessions = BrowserSession.query(on: db).group(.or) {
                $0.filter(\.$createdAt < now.addingTimeInterval(-SessionRules.absoluteTimeout))
                    .filter(\.$lastSeenAt < now.addingTimeInterval(-SessionRules.idleTimeout))
            }
            purged.sessions = try await sessions.count()
            try await sessions.delete()

            let uploads = PendingImport.query(on: db).filter(\.$createdAt < now.addingTimeInterval(-keepPendingImports))
            purged.pendingImports = try await uploads.count()
            try await uploads.delete()

            let links = PasswordReset.query(on: db).filter(\.$expiresAt < now.addingTimeInterval(-keepUsedResetLinks))
            purged.resetLinks = try await links.count()
            try await links.delete()

            let mail = OutboxMessage.query(on: db).filter(\.$status == .sent)
                .filter(\.$sentAt < now.addingTimeInterval(-keepSentMail))
            purged.sentMail = try await mail.count()
            try await mail.delete()

            let jobs = Job.query(on: db).filter(\.$status == .done)
                .filter(\.$finishedAt < now.addingTimeInterval(-keepFinishedJobs))
            purged.finishedJobs = try await jobs.count()
            try await jobs.delete()

            if purged.total > 0 {
                try await audit.append(
                    "maintenance.purged",
                    details: [
                        "sign_in_attempts": String(purged.signInAttempts), "sessions": String(purged.sessions),
                        "pending_imports": String(purged.pendingImports), "reset_links": String(purged.resetLinks),
                        "sent_mail": String(purged.sentMail), "finished_jobs": String(purged.finishedJobs),
                    ])
            }
            return purged
        }
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
