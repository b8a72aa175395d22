// Signing in and out: password, then a second factor (or setting one up), each step on a fresh session id.

import Fluent
import StewardCore
import Vapor

struct SignInController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SessionPaths.login, action: .viewSignIn, use: showSignIn)
        routes.on(.POST, SessionPaths.login, action: .signIn, use: signIn)
        routes.on(.GET, SessionPaths.code, action: .viewSignIn, use: showSecondFactor)
        routes.on(.POST, SessionPaths.code, action: .signIn, use: submitSecondFactor)
        routes.on(.GET, SessionPaths.enrol, action: .viewSignIn, use: showEnrolment)
        routes.on(.GET, SessionPaths.enrolQR, action: .viewSignIn, use: enrolmentQRCode)
        routes.on(.POST, SessionPaths.enrol, action: .signIn, use: confirmEnrolment)
        routes.on(.POST, SessionPaths.logout, action: .signOut, use: signOut)
    }

    struct SignInForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    static let wrongCredentials = "The email address or password is not right. Check them and try again."

    func showSignIn(req: Request) async throws -> Response {
        if req.actor != nil { return req.redirect(to: HomePaths.home()) }
        let next = SafeRedirect.path(req.query[String.self, at: "next"])
        let signedOut = req.query[String.self, at: "signed-out"] != nil
        var providerSignOut: SignInContent.ProviderSignOut?
        if signedOut, let (title, address) = await SchoolSignIn.providerSignOut(req: req) {
            providerSignOut = SignInContent.ProviderSignOut(title: title, address: address)
        }
        let response = try await Self.loginPage(
            req, email: "", next: next, errors: [], signedOut: signedOut,
            passwordReset: req.query[String.self, at: "reset"] != nil, providerSignOut: providerSignOut)
        // Offered once: the provider's token leaves the browser with this page.
        if signedOut, req.cookies[SchoolSignIn.providerCookie] != nil {
            response.cookies[SchoolSignIn.providerCookie] = SchoolSignIn.expiredProviderCookie(req)
        }
        return response
    }

    /// The sign-in page, with the school's "Sign in with …" buttons.
    static func loginPage(
        _ req: Request, email: String, next: String, errors: [FieldError], status: HTTPStatus = .ok,
        signedOut: Bool = false, passwordReset: Bool = false, providerSignOut: SignInContent.ProviderSignOut? = nil
    ) async throws -> Response {
        var content = SignInContent(email: email, next: next, errors: FormErrors(errors), signedOut: signedOut)
        content.passwordReset = passwordReset
        content.providers = try await SchoolSignIn.buttons(next: next, on: req.db)
        content.providerSignOut = providerSignOut
        return try await req.page("session/login", title: "Sign in", content, status: status)
    }

    func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let next = SafeRedirect.path(form.next)
        let typed = String((form.email ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased().prefix(254))
        let password = form.password ?? ""
        func refuse(_ errors: [FieldError], status: HTTPStatus) async throws -> Response {
            try await Self.loginPage(req, email: typed, next: next, errors: errors, status: status)
        }
        var missing: [FieldError] = []
        if typed.isEmpty { missing.append(FieldError("email", "Enter your email address.")) }
        if password.isEmpty { missing.append(FieldError("password", "Enter your password.")) }
        if !missing.isEmpty { return try await refuse(missing, status: .badRequest) }

        try await SignInAttempts.holdBack(req)
        guard
            let attempt = try await SignInAttempts.reserve(
                req, email: typed, personID: nil, refusedAction: "sign_in.throttled")
        else {
            return try await refuse(
                [FieldError("email", "Too many failed attempts. Wait 5 minutes and try again.")],
                status: .tooManyRequests)
        }

        let person = try await Person.query(on: req.db).filter(\.$email == typed).first()
        let matched = await req.application.steward.passwords.verify(password, against: person?.passwordHash)
        guard matched, let person, person.active, let personID = person.id else {
            try await SignInAttempts.failed(req, email: typed, personID: nil, action: "sign_in.failed")
            return try await refuse([FieldError("email", Self.wrongCredentials)], status: .unauthorized)
        }

        // A school may sign people with a link to its Microsoft or Google account in only that way.
        if let provider = try await SchoolSignIn.passwordRefusedBy(personID: personID, on: req.db) {
            try await SignInAttempts.failed(req, email: typed, personID: personID, action: "sign_in.password_refused")
            return try await refuse(
                [
                    FieldError(
                        "email",
                        "Your school signs you in with \(provider.kind.title), not a Steward password. Use the "
                            + "“Sign in with \(provider.kind.title)” button.")
                ], status: .forbidden)
        }
        let actor = try await ActorLoader.load(person: person, currentSchoolID: nil, on: req.db)
        let needsSecondFactor = actor.rolesBySchool.values.contains { $0.contains { $0.requiresTwoFactor } }
        let stage: SessionStage =
            person.hasTwoFactor ? .awaitingSecondFactor : (needsSecondFactor ? .mustEnrolSecondFactor : .signedIn)
        let response = try await SessionIssuer.begin(
            req, person: person, personID: personID, stage: stage, schoolID: actor.schoolID,
            auditAction: stage == .signedIn ? "sign_in.succeeded" : "sign_in.password_accepted",
            details: ["method": "password"], redirect: Self.destination(for: stage, next: next),
            beforeCommit: { db, _ in try await SignInAttempts.forget(attempt, on: db) })
        return response
    }

    static func destination(for stage: SessionStage, next: String) -> String {
        switch stage {
        case .awaitingSecondFactor: SessionPaths.code() + "?next=\(SafeRedirect.encode(next))"
        case .mustEnrolSecondFactor: SessionPaths.enrol()
        case .signedIn: next
        }
    }

    // MARK: - Second factor

    struct CodeForm: Content {
        var code: String?
        var next: String?
    }

    private func pending(_ req: Request, stage: SessionStage) async throws -> (BrowserSession, Person)? {
        guard let session = req.browserSession, session.stage == stage,
            let person = try await Person.find(session.$person.id, on: req.db), person.active
        else { return nil }
        return (session, person)
    }

    func showSecondFactor(req: Request) async throws -> Response {
        guard try await pending(req, stage: .awaitingSecondFactor) != nil else {
            return req.redirect(to: SessionPaths.login())
        }
        let next = SafeRedirect.path(req.query[String.self, at: "next"])
        return try await req.page(
            "session/login-2fa", title: "Enter your code", CodeContent(next: next, errors: FormErrors()))
    }

    func submitSecondFactor(req: Request) async throws -> Response {
        guard let (session, person) = try await pending(req, stage: .awaitingSecondFactor), let personID = person.id
        else { return req.redirect(to: SessionPaths.login(), redirectType: .normal) }
        let form = try req.content.decode(CodeForm.self)
        let next = SafeRedirect.path(form.next)
        let code = (form.code ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        func refuse(_ message: String, _ status: HTTPStatus) async throws -> Response {
            try await req.page(
                "session/login-2fa", title: "Enter your code",
                CodeContent(next: next, errors: FormErrors([FieldError("code", message)])), status: status)
        }
        if code.isEmpty { return try await refuse("Enter the 6-digit code from your authenticator app.", .badRequest) }
        try await SignInAttempts.holdBack(req)
        guard
            let attempt = try await SignInAttempts.reserve(
                req, email: person.email, personID: personID, refusedAction: nil)
        else {
            return try await refuse("Too many failed attempts. Wait 5 minutes and try again.", .tooManyRequests)
        }
        let proof = try await TwoFactor.check(code: code, person: person, req: req)
        guard let proof else {
            try await SignInAttempts.failed(
                req, email: person.email, personID: personID, action: "sign_in.second_factor_failed")
            return try await refuse(
                "That code is not right, or has been used already. Try the newest code.", .unauthorized)
        }
        do {
            return try await SessionIssuer.begin(
                req, person: person, personID: personID, stage: .signedIn, schoolID: session.$school.id,
                auditAction: "sign_in.succeeded", details: ["method": proof.method], redirect: next, secondFactor: true,
                beforeCommit: { db, _ in
                    try await TwoFactor.consume(proof, personID: personID, on: db)
                    try await SignInAttempts.forget(attempt, on: db)
                })
        } catch is TwoFactor.AlreadyUsed {
            return try await refuse("That code has been used already. Wait for the next code.", .unauthorized)
        }
    }

    // MARK: - Enrolment during sign-in (roles that require two-factor sign-in)

    func showEnrolment(req: Request) async throws -> Response {
        guard let (_, person) = try await pending(req, stage: .mustEnrolSecondFactor) else {
            return req.redirect(to: SessionPaths.login())
        }
        return try await TwoFactor.setupPage(
            person: person, req: req, at: SessionPaths.enrol(), qr: SessionPaths.enrolQR())
    }

    func enrolmentQRCode(req: Request) async throws -> Response {
        guard let (_, person) = try await pending(req, stage: .mustEnrolSecondFactor) else { throw Abort(.notFound) }
        return try TwoFactor.qrResponse(person: person, req: req)
    }

    func confirmEnrolment(req: Request) async throws -> Response {
        guard let (session, person) = try await pending(req, stage: .mustEnrolSecondFactor), let personID = person.id
        else { return req.redirect(to: SessionPaths.login(), redirectType: .normal) }
        let form = try req.content.decode(CodeForm.self)
        guard let codes = try await TwoFactor.confirm(code: form.code ?? "", person: person, req: req) else {
            return try await TwoFactor.setupPage(
                person: person, req: req, at: SessionPaths.enrol(), qr: SessionPaths.enrolQR(), wrongCode: true)
        }
        let response = try await SessionIssuer.begin(
            req, person: person, personID: personID, stage: .signedIn, schoolID: session.$school.id,
            auditAction: "sign_in.succeeded", details: ["method": "totp-enrolment"], redirect: HomePaths.home(),
            secondFactor: true,
            beforeCommit: { db, audit in
                try await TwoFactor.store(codes: codes, for: person, on: db, audit: audit, req: req)
            })
        // Show the recovery codes once, on the first signed-in page.
        return try await TwoFactor.recoveryCodesPage(codes: codes, req: req, signedInResponse: response)
    }

    // MARK: - Sign out

    func signOut(req: Request) async throws -> Response {
        if let session = req.browserSession {
            try await req.write { db, audit in
                try await BrowserSession.query(on: db).filter(\.$id == session.id ?? UUID()).delete()
                try await audit.append("sign_out", target: "person:\(session.$person.id.uuidString)")
            }
        }
        // Steward's session is over; the provider's own may not be, so the signed-out page offers its sign-out too.
        let signedOut = SessionPaths.login() + "?signed-out=1"
        let response = req.redirect(to: signedOut, redirectType: .normal)
        response.cookies[BrowserSessionMiddleware.cookieName] = BrowserSessionMiddleware.expiredCookie(
            secure: req.application.steward.config.usesHTTPS)
        return response
    }
}
