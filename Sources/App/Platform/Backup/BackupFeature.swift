// Encrypted backups: the nightly copy the server makes, and how long the copies are kept.

import Fluent
import StewardCore
import Vapor

struct BackupFeature: Feature {
    let name = "backups"

    /// No pages yet: backups are made by the server each night and by `steward backup`.
    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {}

    var recurringJobs: [RecurringJob] {
        [
            RecurringJob(
                kind: DailyBackup.kind,
                schedule: .every(seconds: 24 * 3600, firstDue: { Jobs.next(hour: 1, weekday: nil, after: $0) })
            ) { _, app in try await DailyBackup.run(app: app) }
        ]
    }

    /// A nightly backup that failed, for those who look after the server's mail and jobs: the copy a lost disk
    /// would need is not being made. The job's failures are not audited, so this is read afresh for every home page.
    var workFollowsTheAuditLog: Bool { false }

    func work(for actor: Actor, person: Person, on db: any Database) async throws -> [WorkItem] {
        guard AccessPolicy.can(actor, .viewOutbox) == .allowed,
            let job = try await Job.query(on: db).filter(\.$kind == DailyBackup.kind).filter(\.$lastError != nil)
                .first()
        else { return [] }
        return [
            WorkItem(
                title: "Last night's backup did not work",
                href: MailPaths.outbox(),
                status: "Tried \(Display.time(job.lastRunAt)); the mail page says why. Whoever runs the server "
                    + "should look at it today",
                urgent: true)
        ]
    }

    var retention: [RetentionRule] {
        [
            RetentionRule(
                key: "backups", records: "Encrypted backups of the whole database (DATA_DIR/backups)",
                period: 28 * 24 * 3600,
                after: "the backup: the newest of each of the last 7 days and of each of the last 4 weeks are kept",
                purge: nil)
        ]
    }
}
