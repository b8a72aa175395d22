// A person's own account: password, two-factor sign-in and API tokens.

import Fluent
import StewardCore
import Vapor

struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, AccountPaths.account, action: .viewOwnAccount, use: show)
        routes.on(.POST, AccountPaths.password, action: .viewOwnAccount, use: changePassword)
        routes.on(.POST, AccountPaths.tokens, action: .manageOwnTokens, use: createToken)
        routes.on(.POST, AccountPaths.revokeToken, action: .manageOwnTokens, use: revokeToken)
        routes.on(.GET, AccountPaths.twoFactor, action: .manageOwnTwoFactor, use: showTwoFactor)
        routes.on(.GET, AccountPaths.twoFactorQR, action: .manageOwnTwoFactor, use: qrCode)
        routes.on(.POST, AccountPaths.twoFactor, action: .manageOwnTwoFactor, use: confirmTwoFactor)
        routes.on(.POST, AccountPaths.disableTwoFactor, action: .manageOwnTwoFactor, use: disableTwoFactor)
    }

    struct TokenRow: Encodable, Sendable {
        var id: String
        var name: String
        var created: String
        var lastUsed: String?
        var expires: String
        var scopes: String
    }

    struct AccountContent: Encodable, Sendable {
        var name: String
        var email: String
        var kind: String
        var jobTitle: String
        var roles: [String]
        var twoFactorEnabled: Bool
        var twoFactorRequired: Bool
        var recoveryCodesLeft: Int
        var tokens: [TokenRow]
        var newToken: String?
        var passwordErrors: FormErrors
        var tokenErrors: FormErrors
        var tokenName: String
        /// Whether forms that change the account need a code typed now (no second factor proved recently).
        var needsCode: Bool
        var lifetimes: [LifetimeOption]
        var offersCasesScope: Bool
    }

    struct LifetimeOption: Encodable, Sendable {
        var days: Int
        var selected: Bool
    }

    private func content(
        _ req: Request, newToken: String? = nil, passwordErrors: [FieldError] = [], tokenErrors: [FieldError] = [],
        tokenName: String = ""
    ) async throws -> AccountContent {
        let (actor, person) = try req.requireActor()
        let personID = try person.requireID()
        let tokens = try await APIToken.query(on: req.db).filter(\.$person.$id == personID).filter(\.$revokedAt == nil)
            .filter(\.$expiresAt > Date()).sort(\.$createdAt, .descending).all()
        let left = try await RecoveryCode.query(on: req.db).filter(\.$person.$id == personID).filter(\.$usedAt == nil)
            .count()
        return AccountContent(
            name: person.fullName, email: person.email, kind: person.kind.title, jobTitle: person.jobTitle,
            roles: actor.roles.sorted().map(\.title), twoFactorEnabled: person.hasTwoFactor,
            twoFactorRequired: Self.requiresTwoFactor(actor), recoveryCodesLeft: left,
            tokens: tokens.map {
                TokenRow(
                    id: $0.id?.uuidString ?? "", name: $0.name, created: Display.time($0.createdAt),
                    lastUsed: $0.lastUsedAt.map { Display.time($0) },
                    expires: $0.expiresAt.map { Display.time($0) } ?? "Expired",
                    scopes: $0.scopeSet.sorted().map(\.title).joined(separator: "; "))
            }, newToken: newToken, passwordErrors: FormErrors(passwordErrors), tokenErrors: FormErrors(tokenErrors),
            tokenName: tokenName, needsCode: person.hasTwoFactor && !Reauthentication.isFresh(req),
            lifetimes: APITokenLifetime.choices.map {
                LifetimeOption(days: $0, selected: $0 == APITokenLifetime.defaultDays)
            }, offersCasesScope: person.hasTwoFactor)
    }

    static func requiresTwoFactor(_ actor: Actor) -> Bool {
        actor.rolesBySchool.values.contains { $0.contains { $0.requiresTwoFactor } }
    }

    func show(req: Request) async throws -> Response {
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "password": "Your password has been changed."
            case "token-revoked": "The token has been revoked. Anything using it will stop working."
            case "two-factor-off": "Two-factor sign-in is off."
            default: nil
            }
        return try await req.page("session/account", title: "My account", try await content(req), notice: notice)
    }

    struct PasswordForm: Content {
        var current: String?
        var password: String?
        var confirm: String?
        var code: String?
    }

    func changePassword(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        let form = try req.content.decode(PasswordForm.self)
        var errors: [FieldError] = []
        let passwords = req.application.steward.passwords
        // The current password always; for people with two-factor sign-in, a code too (unless one is fresh).
        var proof = Reauthentication.Proof.password
        if let error = try await Reauthentication.checkPassword(req, person: person, password: form.current) {
            errors.append(error)
        } else if person.hasTwoFactor {
            switch try await Reauthentication.check(req, person: person, code: form.code, password: nil) {
            case .success(let value): proof = value
            case .failure(let error): errors.append(error)
            }
        }
        errors += TextRules.newPassword(form.password, confirmedBy: form.confirm)
        if !errors.isEmpty {
            return try await req.page(
                "session/account", title: "My account", try await content(req, passwordErrors: errors),
                status: .badRequest)
        }
        let hash = try await passwords.hash(form.password ?? "")
        let personID = try person.requireID()
        let keep = req.browserSession?.id
        let provedWith = proof
        try await req.write { db, audit in
            try await Reauthentication.consume(provedWith, person: person, req: req, on: db)
            person.passwordHash = hash
            try await person.update(on: db)
            // Other browsers signed in with the old password are signed out, and tokens made with it end.
            try await BrowserSession.query(on: db).filter(\.$person.$id == personID).filter(\.$id != (keep ?? UUID()))
                .delete()
            try await APITokens.revokeAll(of: personID, reason: "password changed", on: db, audit: audit)
            try await audit.append("password.changed", target: "person:\(personID.uuidString)")
        }
        return req.redirect(to: "/account?done=password", redirectType: .normal)
    }

    struct TokenForm: Content {
        var name: String?
        var days: Int?
        var cases: String?
        var code: String?
        var current: String?
    }

    func createToken(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let form = try req.content.decode(TokenForm.self)
        var errors: [FieldError] = []
        var name = ""
        switch TextRules.line(form.name, field: "name", label: "A name for the token", maxLength: 60) {
        case .failure(let error): errors.append(error)
        case .success(let value): name = value
        }
        let days = form.days ?? APITokenLifetime.defaultDays
        if !APITokenLifetime.choices.contains(days) {
            errors.append(FieldError("days", "Choose how long the token lasts from the list."))
        }
        var scopes: Set<APIScope> = [.basic]
        if form.cases == "yes" {
            if person.hasTwoFactor {
                scopes.insert(.cases)
            } else {
                errors.append(
                    FieldError("cases", "Only people with two-factor sign-in can give a token access to cases."))
            }
        }
        if Self.requiresTwoFactor(actor) && !person.hasTwoFactor {
            errors.append(FieldError("name", "Your role needs two-factor sign-in. Set it up before creating a token."))
        }
        var proof = Reauthentication.Proof.password
        if errors.isEmpty {
            switch try await Reauthentication.check(req, person: person, code: form.code, password: form.current) {
            case .success(let value): proof = value
            case .failure(let error): errors.append(error)
            }
        }
        if !errors.isEmpty {
            return try await req.page(
                "session/account", title: "My account",
                try await content(req, tokenErrors: errors, tokenName: form.name ?? ""), status: .badRequest)
        }
        let provedWith = proof
        let (token, _) = try await APITokens.create(
            for: person, name: name, scopes: scopes, days: days, on: req.db, context: req.auditContext,
            beforeCommit: { db in try await Reauthentication.consume(provedWith, person: person, req: req, on: db) })
        return try await req.page("session/account", title: "My account", try await content(req, newToken: token))
    }

    func revokeToken(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        let personID = try person.requireID()
        guard let tokenID = req.parameters.get("tokenID", as: UUID.self),
            let token = try await APIToken.query(on: req.db).filter(\.$id == tokenID).filter(\.$person.$id == personID)
                .filter(\.$revokedAt == nil).first()
        else { throw Abort(.notFound) }
        try await req.write { db, audit in
            token.revokedAt = Date()
            try await token.update(on: db)
            try await audit.append(
                "api_token.revoked", target: "api_token:\(tokenID.uuidString)", details: ["name": token.name])
        }
        return req.redirect(to: "/account?done=token-revoked", redirectType: .normal)
    }

    /// Setting up an authenticator from the account page needs the current password; replacing one that is set up
    /// needs a current code or a recovery code, so a session alone cannot lock the owner out.
    func showTwoFactor(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        return try await TwoFactor.setupPage(
            person: person, req: req, at: "/account/two-factor", asks: person.hasTwoFactor ? .currentCode : .password)
    }

    func qrCode(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        return try TwoFactor.qrResponse(person: person, req: req)
    }

    struct CodeForm: Content {
        var code: String?
        var current: String?
        var currentCode: String?
    }

    func confirmTwoFactor(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        let form = try req.content.decode(CodeForm.self)
        let asks: TwoFactor.ProofField = person.hasTwoFactor ? .currentCode : .password
        var proof: Reauthentication.Proof
        if person.hasTwoFactor {
            let typed = (form.currentCode ?? "").trimmingCharacters(in: .whitespaces)
            let checked =
                typed.isEmpty
                ? .failure(
                    FieldError(
                        "currentCode",
                        "Enter a code from the authenticator you have now, or one of your recovery codes."))
                : try await Reauthentication.checkCode(req, person: person, code: typed, field: "currentCode")
            switch checked {
            case .success(let value): proof = .code(value)
            case .failure(let error):
                return try await TwoFactor.setupPage(
                    person: person, req: req, at: "/account/two-factor", asks: asks, errors: [error])
            }
        } else {
            switch try await Reauthentication.check(req, person: person, code: nil, password: form.current) {
            case .success(let value): proof = value
            case .failure(let error):
                return try await TwoFactor.setupPage(
                    person: person, req: req, at: "/account/two-factor", asks: asks, errors: [error])
            }
        }
        guard let codes = try await TwoFactor.confirm(code: form.code ?? "", person: person, req: req) else {
            return try await TwoFactor.setupPage(
                person: person, req: req, at: "/account/two-factor", asks: asks, wrongCode: true)
        }
        let provedWith = proof
        do {
            try await req.write { db, audit in
                try await Reauthentication.consume(provedWith, person: person, req: req, on: db)
                try await TwoFactor.store(codes: codes, for: person, on: db, audit: audit, req: req)
            }
        } catch is TwoFactor.AlreadyUsed {
            return try await TwoFactor.setupPage(
                person: person, req: req, at: "/account/two-factor", asks: asks,
                errors: [FieldError("currentCode", "That code has been used already. Wait for the next code.")])
        }
        return try await req.page(
            "session/recovery-codes", title: "Save your recovery codes",
            TwoFactor.RecoveryContent(codes: codes, continueTo: "/account"))
    }

    func disableTwoFactor(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let personID = try person.requireID()
        if Self.requiresTwoFactor(actor) {
            throw Abort(.badRequest, reason: "Your role needs two-factor sign-in, so it cannot be turned off.")
        }
        let form = try req.content.decode(CodeForm.self)
        guard
            !(form.code ?? "").isEmpty,
            case .success(let proof) = try await Reauthentication.checkCode(
                req, person: person, code: form.code ?? "", field: "code")
        else {
            return try await req.page(
                "session/account", title: "My account",
                try await content(
                    req, passwordErrors: [FieldError("code", "Enter a current code to turn two-factor sign-in off.")]),
                status: .badRequest)
        }
        try await req.write { db, audit in
            try await TwoFactor.consume(proof, personID: personID, on: db)
            person.totpSecret = nil
            try await person.update(on: db)
            try await RecoveryCode.query(on: db).filter(\.$person.$id == personID).delete()
            try await audit.append("two_factor.disabled", target: "person:\(personID.uuidString)")
        }
        return req.redirect(to: "/account?done=two-factor-off", redirectType: .normal)
    }
}

/// Issuing and ending API tokens, shared by the account page, `steward token create` and the events that end them.
enum APITokens {
    static let defaultLifetime = TimeInterval(APITokenLifetime.defaultDays * 86_400)

    static func create(
        for person: Person, name: String, scopes: Set<APIScope> = [.basic], days: Int = APITokenLifetime.defaultDays,
        on db: any Database, context: AuditContext,
        beforeCommit: (@Sendable (any Database) async throws -> Void)? = nil
    ) async throws -> (String, APIToken) {
        let personID = try person.requireID()
        let token = Secrets.token(prefix: "stw_")
        let now = Date()
        let record = APIToken(
            personID: personID, name: name, tokenHash: Secrets.sha256(token), createdAt: now, scopes: scopes,
            expiresAt: now.addingTimeInterval(TimeInterval(days * 86_400)))
        try await AuditLog.write(on: db, context: context) { db, audit in
            try await beforeCommit?(db)
            try await record.create(on: db)
            try await audit.append(
                "api_token.created", target: "api_token:\(record.id?.uuidString ?? "")", schoolID: person.$school.id,
                details: [
                    "name": name, "person": personID.uuidString, "scopes": APIScope.encode(scopes),
                    "days": String(days),
                ])
        }
        return (token, record)
    }

    /// Ends every live token of a person (password changed or reset, roles changed, deactivated), with one audit
    /// entry when there were any.
    static func revokeAll(of personID: UUID, reason: String, on db: any Database, audit: AuditWriter) async throws {
        let live = try await APIToken.query(on: db).filter(\.$person.$id == personID).filter(\.$revokedAt == nil)
            .count()
        guard live > 0 else { return }
        try await APIToken.query(on: db).filter(\.$person.$id == personID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: Date()).update()
        try await audit.append(
            "api_token.revoked_all", target: "person:\(personID.uuidString)",
            details: ["reason": reason, "count": String(live)])
    }
}

/// Dates and times as a school reads them, in UK time.
