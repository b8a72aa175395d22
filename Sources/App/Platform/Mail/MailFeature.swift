// Outgoing mail and background jobs: the page that shows them, and how long sent mail and finished jobs are kept.

import Fluent
import StewardCore
import Vapor

struct MailFeature: Feature {
    let name = "mail"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: OutboxController())
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(title: "Mail", path: MailPaths.outbox(), action: .viewOutbox, order: 80)]
    }

    var recurringJobs: [RecurringJob] {
        [
            RecurringJob(kind: Maintenance.purgeKind, schedule: .every(seconds: 24 * 3600, firstDue: { $0 })) {
                _, app in
                try await Maintenance.purge(app: app)
            }
        ]
    }

    /// Mail that could not be delivered, for those who look after it: a reminder nobody received is a reminder not
    /// given. Counted over the mail this person may see.
    /// Deliveries fail and succeed in the background, unaudited.
    var workFollowsTheAuditLog: Bool { false }

    func work(for actor: Actor, person: Person, on db: any Database) async throws -> [WorkItem] {
        guard AccessPolicy.can(actor, .viewOutbox) == .allowed else { return [] }
        // Nearly always nothing is failing: then say so without working out which mail this person may see (which
        // reads every case and declaration of the school).
        let anyFailing = try await OutboxMessage.query(on: db).inSchool(actor.schoolID).filter(\.$status != .sent)
            .filter(\.$lastError != nil).count()
        guard anyFailing > 0 else { return [] }
        let failing = try await OutboxController.visibleMail(to: actor, on: db)().filter(\.$status != .sent)
            .filter(\.$lastError != nil).sort(\.$createdAt, .descending).all()
        guard let newest = failing.first else { return [] }
        return [
            WorkItem(
                title: failing.count == 1
                    ? "1 message could not be delivered" : "\(failing.count) messages could not be delivered",
                href: MailPaths.outbox(), status: "Steward keeps trying; see why on the mail page", urgent: true,
                at: newest.createdAt)
        ]
    }

    var retention: [RetentionRule] {
        [
            RetentionRule(
                key: "sent_mail", records: "Sent mail", period: Maintenance.keepSentMail, after: "it was sent"
            ) { db, now in
                try await OutboxMessage.query(on: db).filter(\.$status == .sent)
                    .filter(\.$sentAt < now.addingTimeInterval(-Maintenance.keepSentMail)).deleteCounting()
            },
            RetentionRule(
                key: "finished_jobs", records: "Finished background jobs", period: Maintenance.keepFinishedJobs,
                after: "the job finished"
            ) { db, now in
                try await Job.query(on: db).filter(\.$status == .done)
                    .filter(\.$finishedAt < now.addingTimeInterval(-Maintenance.keepFinishedJobs)).deleteCounting()
            },
        ]
    }
}
