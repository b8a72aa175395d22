// Signing in with the school's own account: the authorisation code flow with PKCE, state and nonce, the link from
// the provider's account to a person of the school, and the step-up confirmed at the provider.

import Crypto
import Fluent
import StewardCore
import Vapor

struct SchoolSignInController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        // Links, not forms: the pages' Content-Security-Policy allows forms to post only to Steward, and Chromium
        // holds a form's redirect to the provider to that too.
        routes.on(.GET, SchoolSignInPaths.start, action: .signIn, use: start)
        routes.on(.GET, SchoolSignInPaths.callback, action: .signIn, use: callback)
        routes.on(.GET, SchoolSignInPaths.stepUp, action: .stepUp, use: startStepUp)
        routes.on(.GET, SchoolSignInPaths.link, action: .viewOwnAccount, use: startLink)
        routes.on(.GET, SchoolSignInPaths.settings, action: .manageSignIn, use: settingsPage)
        routes.on(.POST, SchoolSignInPaths.settings, action: .manageSignIn, use: saveSettings)
        routes.on(.POST, SchoolSignInPaths.unlink, action: .managePeople, use: unlink)
    }

    /// The cookie that ties a sign-in at the provider to the browser that began it: a callback arriving in another
    /// browser (a link sent to someone to sign them in as somebody else) finds no request.
    static let browserCookie = "steward_sign_in"

    enum Purpose: String {
        case signIn = "sign-in"
        case stepUp = "step-up"
        case link = "link"
    }

    /// Sign-ins under way at once from one address (a school behind one address signs in a few at a time; a script
    /// begins thousands), and across the instance.
    static let mostUnderWayFromOneAddress = 30
    static let mostUnderWay = 50_000

    // MARK: - Going to the provider

    func start(req: Request) async throws -> Response {
        guard let providerID = req.parameters.get("providerID", as: UUID.self),
            let provider = try await SignInProvider.find(providerID, on: req.db), provider.enabled
        else { throw Abort(.notFound) }
        let next = SafeRedirect.path(req.query[String.self, at: "next"])
        return try await redirectToProvider(req, provider: provider, purpose: .signIn, personID: nil, next: next)
    }

    func startStepUp(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let next = SafeRedirect.path(req.query[String.self, at: "next"])
        guard let provider = try await SchoolSignIn.linkedProvider(personID: actor.personID, on: req.db) else {
            return req.redirect(
                to: SessionPaths.stepUp() + "?next=\(SafeRedirect.encode(next))", redirectType: .normal)
        }
        return try await redirectToProvider(
            req, provider: provider, purpose: .stepUp, personID: actor.personID, next: next)
    }

    /// Linking from the account page: for people with two-factor sign-in, after a code entered in the last 15
    /// minutes, so that nobody who finds a signed-in browser links their own account to it.
    func startLink(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        guard
            let provider = try await SignInProvider.query(on: req.db).inSchool(person.$school.id)
                .filter(\.$enabled == true).first()
        else { throw Abort(.notFound) }
        // Linked already: nothing to do (removing the link is the school's, on the person's page).
        if try await SignInLink.query(on: req.db).filter(\.$personID == actor.personID)
            .filter(\.$providerID == provider.requireID()).first() != nil
        {
            return req.redirect(to: AccountPaths.account(), redirectType: .normal)
        }
        // Proving it is them to Steward first: a code within the last 15 minutes. (People without two-factor
        // sign-in link by address at their first sign-in with the school's account instead.)
        guard person.hasTwoFactor else {
            return req.redirect(to: AccountPaths.twoFactor(), redirectType: .normal)
        }
        if !Reauthentication.isFresh(req) {
            return req.redirect(
                to: SessionPaths.stepUp() + "?next=\(SafeRedirect.encode(SchoolSignInPaths.link()))",
                redirectType: .normal)
        }
        return try await redirectToProvider(
            req, provider: provider, purpose: .link, personID: actor.personID, next: AccountPaths.account())
    }

    private func redirectToProvider(
        _ req: Request, provider: SignInProvider, purpose: Purpose, personID: UUID?, next: String
    ) async throws -> Response {
        let metadata: ProviderMetadata
        do {
            metadata = try await req.application.steward.openID.metadata(issuer: provider.issuer, app: req.application)
        } catch let failure as SchoolSignInFailure {
            return try await refuse(
                req, provider: provider, failure: failure, personID: personID, stepUp: purpose != .signIn)
        }
        let state = Secrets.token()
        let nonce = Secrets.token()
        let verifier = Secrets.token(byteCount: 48)
        let browser = Secrets.token()
        let challenge = Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncoded()
        let request = SignInRequest()
        request.providerID = try provider.requireID()
        request.stateHash = Secrets.sha256(state)
        request.browserHash = Secrets.sha256(browser)
        request.nonce = nonce
        request.codeVerifier = verifier
        request.purpose = purpose.rawValue
        request.personID = personID
        request.next = next
        let now = Date()
        request.expiresAt = now.addingTimeInterval(SignInRequest.lifetime)
        // A request is not a record of anyone until it comes back: it is not audited, and the expired are cleared
        // here as well as by the daily retention run.
        request.clientAddress = req.clientAddress
        let address = req.clientAddress
        try await SignInAttempts.holdBack(req)
        let admitted = try await req.db.transaction { db -> HTTPStatus? in
            try await SignInRequest.query(on: db).filter(\.$expiresAt < now).delete()
            if try await SignInRequest.query(on: db).filter(\.$clientAddress == address).count()
                >= Self.mostUnderWayFromOneAddress
            {
                return .tooManyRequests
            }
            guard try await SignInRequest.query(on: db).count() < Self.mostUnderWay else { return .serviceUnavailable }
            try await request.create(on: db)
            return nil
        }
        if let refused = admitted {
            throw Abort(
                refused,
                reason: refused == .tooManyRequests
                    ? "Too many sign-ins have been begun from this address. Finish one, or wait ten minutes."
                    : "Too many sign-ins are under way. Try again in a few minutes.")
        }
        guard var components = URLComponents(string: metadata.authorizationEndpoint) else {
            throw Abort(.badGateway)
        }
        var items = [
            URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "client_id", value: provider.clientID),
            URLQueryItem(name: "redirect_uri", value: SchoolSignIn.redirectURI(req.application)),
            URLQueryItem(name: "scope", value: "openid email profile"),
            URLQueryItem(name: "state", value: state),
            URLQueryItem(name: "nonce", value: nonce),
            URLQueryItem(name: "code_challenge", value: challenge),
            URLQueryItem(name: "code_challenge_method", value: "S256"),
        ]
        if provider.kind == .google, !provider.organisation.isEmpty {
            items.append(URLQueryItem(name: "hd", value: provider.organisation))
        }
        if purpose != .signIn {
            // Ask the provider to confirm the person now, not to wave them through on an old sign-in.
            items.append(URLQueryItem(name: "prompt", value: "login"))
            items.append(URLQueryItem(name: "max_age", value: "0"))
        }
        components.queryItems = (components.queryItems ?? []) + items
        guard let address = components.string else { throw Abort(.badGateway) }
        let response = req.redirect(to: address, redirectType: .normal)
        response.cookies[Self.browserCookie] = HTTPCookies.Value(
            string: browser, expires: nil, maxAge: Int(SignInRequest.lifetime), domain: nil, path: "/",
            isSecure: req.application.steward.config.usesHTTPS, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// Audits a refusal with its reason and shows the person a plain message on the sign-in page (or, for a
    /// step-up, on the step-up page).
    func refuse(
        _ req: Request, provider: SignInProvider?, failure: SchoolSignInFailure, personID: UUID?,
        stepUp: Bool = false
    ) async throws -> Response {
        let schoolName: String
        if let provider, let school = try await School.find(provider.schoolID, on: req.db) {
            schoolName = school.name
        } else {
            schoolName = "your school"
        }
        let providerTitle = provider?.kind.title ?? "Your school's sign-in"
        let message = failure.refusal.message(
            provider: providerTitle == "your school's account" ? "Your school's sign-in" : providerTitle,
            school: schoolName)
        let details = [
            "reason": failure.refusal.rawValue, "provider": provider?.kind.rawValue ?? "unknown",
            "detail": String(failure.detail.prefix(300)),
        ]
        let address = req.clientAddress
        try await req.write { db, audit in
            // Counted against the address like a wrong password: a stream of made-up callbacks is slowed.
            try await LoginAttempt(
                email: "(school account)", clientAddress: address, succeeded: false, at: Date(), device: nil
            ).create(on: db)
            try await audit.append(
                "sign_in.provider_refused", target: personID.map { "person:\($0.uuidString)" },
                schoolID: provider?.schoolID, details: details)
        }
        let status: HTTPStatus =
            switch failure.refusal {
            case .providerError: .badGateway
            case .requestUnknown: .badRequest
            default: .forbidden
            }
        if stepUp, req.actor != nil {
            return try await req.page(
                "session/step-up", title: "Confirm it is you",
                StepUpController.StepUpContent(
                    next: HomePaths.home(), hasTwoFactor: req.currentPerson?.hasTwoFactor ?? false,
                    errors: FormErrors([FieldError("code", message)]),
                    provider: try await SchoolSignIn.linkedProvider(
                        personID: req.actor?.personID ?? UUID(), on: req.db)?.kind.title),
                status: status)
        }
        return try await SignInController.loginPage(
            req, email: "", next: HomePaths.home(), errors: [FieldError("provider", message)], status: status)
    }
}
