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
        on db: any Database, schoolID: UUID?, caseID: UUID? = nil, declarationID: UUID? = nil, kind: String,
        to recipient: String,
        subject: String, body: String, now: Date = Date()
    ) async throws -> OutboxMessage {
        let id = UUID()
        let message = OutboxMessage(
            schoolID: schoolID, kind: kind, recipient: recipient, subject: subject, body: body,
            messageID: "\(id.uuidString.lowercased())@steward", now: now)
        message.id = id
        message.caseID = caseID
        message.declarationID = declarationID
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

extension MailSetting {
    func transport(logger: Logger) -> any MailTransport {
        switch self {
        case .file(let directory): FileMailTransport(directory: directory)
        case .sendmail(let path): SendmailTransport(path: path)
        case .log: LogMailTransport(logger: logger)
        }
    }
}
