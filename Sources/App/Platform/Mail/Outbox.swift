// Outgoing mail: queued in the transaction of the event that causes it, delivered by a transport, retried until sent.

import Fluent
import Foundation
import Logging
import NIOCore
import SQLKit
import StewardCore
import Vapor

enum Outbox {
    /// Queues a message on `db`, which should be the transaction of the event that causes it: if the event rolls
    /// back, so does the message; if it commits, the message will be sent.
    @discardableResult
    static func enqueue(
        on db: any Database, schoolID: UUID?, caseID: UUID? = nil, kind: String, to recipient: String,
        subject: String, body: String, now: Date = Date()
    ) async throws -> OutboxMessage {
        let id = UUID()
        let message = OutboxMessage(
            schoolID: schoolID, kind: kind, recipient: recipient, subject: subject, body: body,
            messageID: "\(id.uuidString.lowercased())@steward", now: now)
        message.id = id
        message.caseID = caseID
        try await message.create(on: db)
        return message
    }

    /// How long a runner may hold a claimed message before another runner may try it.
    static let claimLease: TimeInterval = 120

    struct Delivery: Sendable {
        var sent = 0
        var failed = 0
    }

    /// Delivers every message that is due, `batch` at a time, until none is left; returns how many went and failed.
    static func deliverDue(
        db: any Database, transport: any MailTransport, from sender: String, logger: Logger, batch: Int = 200,
        now: @Sendable () -> Date = { Date() }
    ) async throws -> Delivery {
        var total = Delivery()
        while true {
            let claimed = try await claim(db: db, limit: batch, now: now())
            if claimed.isEmpty { break }
            var sent: [UUID] = []
            for message in claimed {
                guard let id = message.id else { continue }
                do {
                    let mail = MailMessage(
                        from: sender, to: message.recipient, subject: message.subject, body: message.body,
                        messageID: message.messageID, date: message.createdAt)
                    try await transport.deliver(mail, id: id)
                    sent.append(id)
                } catch {
                    total.failed += 1
                    let attempt = message.attempts
                    let reason = String(describing: error).prefix(1_000)
                    logger.warning("Mail \(id) to the outbox's recipient failed (attempt \(attempt)): \(reason)")
                    try await OutboxMessage.query(on: db).filter(\.$id == id)
                        .set(\.$status, to: .queued)
                        .set(\.$claimedUntil, to: nil)
                        .set(\.$lastError, to: String(reason))
                        .set(\.$nextAttemptAt, to: now().addingTimeInterval(RetrySchedule.delay(afterAttempt: attempt)))
                        .update()
                }
            }
            if !sent.isEmpty {
                try await OutboxMessage.query(on: db).filter(\.$id ~~ sent)
                    .set(\.$status, to: .sent)
                    .set(\.$sentAt, to: now())
                    .set(\.$claimedUntil, to: nil)
                    .set(\.$lastError, to: nil)
                    .update()
                total.sent += sent.count
            }
            if claimed.count < batch { break }
        }
        return total
    }

    /// Claims up to `limit` due messages (and any whose runner stopped mid-delivery) for this runner alone:
    /// one statement, with `FOR UPDATE SKIP LOCKED` on PostgreSQL so two instances never take the same message.
    static func claim(db: any Database, limit: Int, now: Date) async throws -> [OutboxMessage] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let skipLocked = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        let ids = try await sql.raw(
            """
            UPDATE outbox_messages SET status = 'sending', attempts = attempts + 1, last_attempt_at = \(bind: now),
              claimed_until = \(bind: now.addingTimeInterval(claimLease))
            WHERE id IN (SELECT id FROM outbox_messages
              WHERE (status = 'queued' AND next_attempt_at <= \(bind: now))
                 OR (status = 'sending' AND claimed_until < \(bind: now))
              ORDER BY next_attempt_at LIMIT \(bind: limit)\(unsafeRaw: skipLocked))
            RETURNING id
            """
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
        if ids.isEmpty { return [] }
        return try await OutboxMessage.query(on: db).filter(\.$id ~~ ids).sort(\.$nextAttemptAt).all()
    }
}

/// Hands a rendered message to the world outside. Throwing means "not delivered": the message stays queued.
protocol MailTransport: Sendable {
    func deliver(_ message: MailMessage, id: UUID) async throws
}

extension MailSetting {
    func transport(logger: Logger) -> any MailTransport {
        switch self {
        case .file(let directory): FileMailTransport(directory: directory)
        case .sendmail(let path): SendmailTransport(path: path)
        case .log: LogMailTransport(logger: logger)
        }
    }
}

/// One `.eml` file per message, named by the message's id so a retried delivery replaces rather than duplicates.
struct FileMailTransport: MailTransport {
    var directory: URL

    func deliver(_ message: MailMessage, id: UUID) async throws {
        let text = try message.rendered()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(
            "\(UTCTime(message.date).compact)-\(id.uuidString.lowercased()).eml")
        try Data(text.utf8).write(to: file, options: .atomic)
    }
}

/// Pipes the message to a sendmail-compatible program (`sendmail -i -- recipient`); a non-zero exit is a failure.
struct SendmailTransport: MailTransport {
    var path: String
    var timeout: TimeInterval = 60

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    func deliver(_ message: MailMessage, id: UUID) async throws {
        let text = try message.rendered()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-i", "--", message.to]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let finished: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: Failed(description: "cannot run \(path): \(error.localizedDescription)"))
                return
            }
            let timeout = self.timeout
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if process.isRunning { process.terminate() }
            }
            // Written from another thread, so a program that does not read its input cannot block this one.
            DispatchQueue.global().async {
                try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
                try? input.fileHandleForWriting.close()
            }
        }
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile().prefix(500), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard finished == 0 else {
            throw Failed(
                description: "\(path) exited with status \(finished)" + (stderr.isEmpty ? "" : ": \(stderr)"))
        }
    }
}

/// Writes the message to the log: for trying Steward out without a mail server.
struct LogMailTransport: MailTransport {
    var logger: Logger

    func deliver(_ message: MailMessage, id: UUID) async throws {
        logger.notice("Mail to \(message.to): \(message.subject)\n\(message.body)")
    }
}
