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
        routes.on(.POST, AccountPaths.recoveryCodes, action: .manageOwnTwoFactor, use: newRecoveryCodes)
    }

    func content(
        _ req: Request, newToken: String? = nil, passwordErrors: [FieldError] = [], tokenErrors: [FieldError] = [],
        tokenName: String = "", tokenDays: Int? = nil, recoveryErrors: [FieldError] = []
    ) async throws -> AccountContent {
        let (actor, person) = try req.requireActor()
        let personID = try person.requireID()
        let tokens = try await APIToken.query(on: req.db).filter(\.$person.$id == personID).filter(\.$revokedAt == nil)
            .filter(\.$expiresAt > Date()).sort(\.$createdAt, .descending).all()
        let left = try await RecoveryCode.query(on: req.db).filter(\.$person.$id == personID).filter(\.$usedAt == nil)
            .count()
        var content = AccountContent(
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
                LifetimeOption(days: $0, selected: $0 == (tokenDays ?? APITokenLifetime.defaultDays))
            }, offersCasesScope: person.hasTwoFactor, recoveryErrors: FormErrors(recoveryErrors))
        content.schoolAccount = try await SchoolSignIn.linkSummary(personID: personID, on: req.db)
        if content.schoolAccount == nil {
            content.canLinkSchoolAccount = try await SignInProvider.query(on: req.db).inSchool(person.$school.id)
                .filter(\.$enabled == true).first()?.kind.title
        }
        return content
    }

    static func requiresTwoFactor(_ actor: Actor) -> Bool {
        actor.rolesBySchool.values.contains { $0.contains { $0.requiresTwoFactor } }
    }

    func show(req: Request) async throws -> Response {
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "password": "Your password has been changed."
            case "token-revoked": "The token has been revoked. Anything using it will stop working."
            case "school-account-linked": "Your school account is linked: you can sign in with it from now on."
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
        return req.redirect(to: AccountPaths.account() + "?done=password", redirectType: .normal)
    }

    struct TokenForm: Content {
        var name: String?
        var days: Int?
        var cases: String?
        var code: String?
        var current: String?
    }
}
