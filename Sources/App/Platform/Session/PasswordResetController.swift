// "Forgotten your password?": a single-use link by mail that works for one hour, and the page that uses it.

import Fluent
import SQLKit
import StewardCore
import Vapor

struct PasswordResetController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SessionPaths.forgotPassword, action: .resetPassword, use: showRequest)
        routes.on(.POST, SessionPaths.forgotPassword, action: .resetPassword, use: request)
        // The token travels in the query string, which the request log leaves out.
        routes.on(.GET, SessionPaths.resetPassword, action: .resetPassword, use: showReset)
        routes.on(.POST, SessionPaths.resetPassword, action: .resetPassword, use: reset)
    }

    /// Every request for a link is answered after this long, whether or not the address has an account.
    static let answerTime: Duration = .milliseconds(250)
    /// At most this many links per person, and per asking address, in an hour: enough for a typo, not for a flood.
    static let linksPerPersonPerHour = 3
    static let linksPerAddressPerHour = 10

    struct RequestForm: Content { var email: String? }

    func showRequest(req: Request) async throws -> Response {
        try await req.page(
            "session/forgot-password", title: "Reset your password",
            RequestContent(email: "", errors: FormErrors(), sent: false))
    }

    func request(req: Request) async throws -> Response {
        let form = try req.content.decode(RequestForm.self)
        let email: String
        switch TextRules.email(form.email) {
        case .success(let value): email = value
        case .failure(let error):
            return try await req.page(
                "session/forgot-password", title: "Reset your password",
                RequestContent(email: form.email ?? "", errors: FormErrors([error]), sent: false), status: .badRequest)
        }
        // The answer is the same whether or not the address has an account, so the page reveals nobody; and it
        // takes the same time, so its timing reveals nobody either (issue 10: 12.6 ms against 6.6 ms before).
        let started = ContinuousClock.now
        let sentPage = {
            try? await Task.sleep(until: started.advanced(by: Self.answerTime), clock: .continuous)
            return try await req.page(
                "session/forgot-password", title: "Check your email",
                RequestContent(email: email, errors: FormErrors(), sent: true))
        }
        guard let person = try await Person.query(on: req.db).filter(\.$email == email).first(), person.active,
            let personID = person.id
        else { return try await sentPage() }

        let hourAgo = Date().addingTimeInterval(-3600)
        let address = req.clientAddress
        let forPerson = try await PasswordReset.query(on: req.db).filter(\.$person.$id == personID)
            .filter(\.$createdAt > hourAgo).count()
        let fromAddress = try await PasswordReset.query(on: req.db).filter(\.$requestedFrom == address)
            .filter(\.$createdAt > hourAgo).count()
        if forPerson >= Self.linksPerPersonPerHour || fromAddress >= Self.linksPerAddressPerHour {
            try await req.write { _, audit in
                try await audit.append(
                    "password_reset.throttled", target: "person:\(personID.uuidString)", schoolID: person.$school.id)
            }
            return try await sentPage()
        }

        let mail = try await PasswordResets.prepareLink(for: person, req: req, byAdministrator: false)
        try await req.write { db, audit in
            try await mail(db, audit)
        }
        return try await sentPage()
    }

    // MARK: - Using the link

    struct ResetForm: Content {
        var token: String?
        var password: String?
        var confirm: String?
    }

    /// The unused, unexpired link for `token` and its active person, or nil.
    private func live(_ token: String?, on db: any Database) async throws -> (PasswordReset, Person)? {
        guard let token, !token.isEmpty, token.count < 200,
            let reset = try await PasswordReset.query(on: db).filter(\.$tokenHash == Secrets.sha256(token)).first(),
            reset.usedAt == nil, reset.expiresAt > Date(),
            let person = try await Person.find(reset.$person.id, on: db), person.active
        else { return nil }
        return (reset, person)
    }

    func showReset(req: Request) async throws -> Response {
        let token = req.query[String.self, at: "token"] ?? ""
        guard let (_, person) = try await live(token, on: req.db) else {
            return try await req.page(
                "session/reset-password", title: "This link no longer works",
                ResetContent(token: "", valid: false, email: "", errors: FormErrors()), status: .gone)
        }
        return try await req.page(
            "session/reset-password", title: "Choose a new password",
            ResetContent(token: token, valid: true, email: person.email, errors: FormErrors()))
    }

    func reset(req: Request) async throws -> Response {
        let form = try req.content.decode(ResetForm.self)
        let token = form.token ?? ""
        guard let (reset, person) = try await live(token, on: req.db), let resetID = reset.id,
            let personID = person.id
        else {
            return try await req.page(
                "session/reset-password", title: "This link no longer works",
                ResetContent(token: "", valid: false, email: "", errors: FormErrors()), status: .gone)
        }
        var errors: [FieldError] = []
        errors += TextRules.newPassword(form.password, confirmedBy: form.confirm)
        if !errors.isEmpty {
            return try await req.page(
                "session/reset-password", title: "Choose a new password",
                ResetContent(token: token, valid: true, email: person.email, errors: FormErrors(errors)),
                status: .badRequest)
        }
        let hash = try await req.application.steward.passwords.hash(form.password ?? "")
        var context = req.auditContext
        context.actorID = personID
        context.actorName = person.fullName
        context.schoolID = person.$school.id
        let used: Bool = try await AuditLog.write(on: req.db, context: context) { db, audit in
            // Spending the link is one conditional update: of two uses at once, exactly one succeeds.
            guard let sql = db as? any SQLDatabase else { return false }
            let now = Date()
            let rows = try await sql.raw(
                """
                UPDATE password_resets SET used_at = \(bind: now)
                WHERE id = \(bind: resetID) AND used_at IS NULL AND expires_at > \(bind: now) RETURNING id
                """
            ).all()
            guard !rows.isEmpty else { return false }
            try await Person.query(on: db).filter(\.$id == personID).set(\.$passwordHash, to: hash).update()
            // Whoever was signed in as this person (perhaps the reason for the reset) is signed out everywhere, and
            // any API token they made stops working.
            try await BrowserSession.query(on: db).filter(\.$person.$id == personID).delete()
            try await APITokens.revokeAll(of: personID, reason: "password reset", on: db, audit: audit)
            try await audit.append("password_reset.completed", target: "person:\(personID.uuidString)")
            return true
        }
        guard used else {
            return try await req.page(
                "session/reset-password", title: "This link no longer works",
                ResetContent(token: "", valid: false, email: "", errors: FormErrors()), status: .gone)
        }
        return req.redirect(to: SessionPaths.login() + "?reset=1", redirectType: .normal)
    }
}
