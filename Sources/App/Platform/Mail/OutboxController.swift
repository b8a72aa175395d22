// Outgoing mail and background jobs, for the headteacher and trust administrators: what is waiting, what failed, why.

import Fluent
import StewardCore
import Vapor

struct OutboxController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, MailPaths.outbox, action: .viewOutbox, use: index)
        routes.on(.POST, MailPaths.retry, action: .retryMail, use: retry)
    }

    static let pageSize = 100

    /// A query builder for the mail of the current school that `actor` may see: mail about a confidential record only
    /// when they may see the record (the side doors of cases, declarations and privacy checks).
    static func visibleMail(
        to actor: Actor, on db: any Database
    ) async throws
        -> @Sendable () -> QueryBuilder<
            OutboxMessage
        >
    {
        let school = actor.schoolID
        let visible = try await CaseSideDoors.visibleCaseIDs(to: actor, in: [school], on: db)
        let declarations = try await DeclarationSideDoors.visibleIDs(to: actor, in: [school], on: db)
        return {
            SelfCheckSideDoors.outboxFilter(
                DeclarationSideDoors.outboxFilter(
                    CaseSideDoors.outboxFilter(OutboxMessage.query(on: db), visible: visible),
                    visible: declarations), actor: actor, schoolID: school
            ).inSchool(school)
        }
    }

    func index(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let show =
            ["waiting", "sent", "all"].contains(req.query[String.self, at: "show"] ?? "")
            ? req.query[String.self, at: "show"] ?? "waiting" : "waiting"
        let school = actor.schoolID
        let scoped = try await Self.visibleMail(to: actor, on: req.db)
        var query = scoped()
        switch show {
        case "waiting": query = query.filter(\.$status != .sent)
        case "sent": query = query.filter(\.$status == .sent)
        default: break
        }
        let messages = try await query.sort(\.$createdAt, .descending).limit(Self.pageSize).all()
        let waiting = try await scoped()
            .filter(\.$status != .sent).count()
        let failing = try await scoped()
            .filter(\.$status != .sent).filter(\.$lastError != nil).count()
        let canRetry = AccessPolicy.can(actor, .retryMail) == .allowed
        let rows = messages.map { message in
            let failingNow = message.status != .sent && message.lastError != nil
            let status =
                switch message.status {
                case .sent: "Sent \(Display.time(message.sentAt))"
                case .sending: "Sending now"
                case .queued: failingNow ? "Not delivered yet" : "Waiting to be sent"
                }
            return MessageRow(
                id: message.id?.uuidString ?? "", created: Display.time(message.createdAt),
                recipient: message.recipient,
                subject: message.subject, status: status, failing: failingNow, attempts: message.attempts,
                lastError: message.lastError ?? "",
                nextAttempt: message.status == .queued ? Display.time(message.nextAttemptAt) : "",
                canRetry: canRetry && message.status == .queued && message.lastError != nil)
        }
        // Jobs of this school, and Steward's own (no school), that are failing or gave up.
        let jobs = try await Job.query(on: req.db)
            .inSchoolOrNone(school)
            .group(.or) { $0.filter(\.$status == .failed).filter(\.$lastError != nil) }
            .sort(\.$dueAt, .descending).limit(Self.pageSize).all()
        let jobRows = jobs.map { job in
            JobRow(
                kind: job.kind,
                status: job.status == .failed ? "Gave up" : "Will try again \(Display.time(job.dueAt))",
                attempts: "\(job.attempts) of \(job.maxAttempts)", lastError: job.lastError ?? "",
                lastRun: Display.time(job.lastRunAt))
        }
        let transport =
            switch req.application.steward.config.mail {
            case .file: "saved as files on the server (no mail server is set up)"
            case .sendmail: "sent through the server's mail program"
            case .log: "written to the server's log (no mail server is set up)"
            }
        let notice: String? =
            req.query[String.self, at: "done"] == "retry" ? "The message will be sent again now." : nil
        return try await req.page(
            "outbox/index", title: "Outgoing mail",
            Content(
                messages: rows, jobs: jobRows, waiting: waiting, failing: failing, transport: transport, show: show,
                canRetry: canRetry), notice: notice)
    }

    func retry(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        guard let id = req.parameters.get("messageID", as: UUID.self),
            let message = try await SelfCheckSideDoors.outboxFilter(
                DeclarationSideDoors.outboxFilter(
                    CaseSideDoors.outboxFilter(
                        OutboxMessage.query(on: req.db),
                        visible: try await CaseSideDoors.visibleCaseIDs(to: actor, in: [actor.schoolID], on: req.db)),
                    visible: try await DeclarationSideDoors.visibleIDs(to: actor, in: [actor.schoolID], on: req.db)),
                actor: actor, schoolID: actor.schoolID
            ).filter(\.$id == id).inSchool(actor.schoolID).first(),
            let schoolID = message.$school.id
        else { throw Abort(.notFound) }
        try req.authorize(.retryMail, .schoolRecord(schoolID: schoolID))
        guard message.status == .queued else { return req.redirect(to: MailPaths.outbox(), redirectType: .normal) }
        try await req.write { db, audit in
            try await OutboxMessage.query(on: db).filter(\.$id == id).filter(\.$status == .queued)
                .set(\.$nextAttemptAt, to: Date()).update()
            try await audit.append("mail.retry_requested", target: "mail:\(id.uuidString)")
        }
        return req.redirect(to: MailPaths.outbox() + "?done=retry", redirectType: .normal)
    }
}
