// API tokens on the account page: creating one after a fresh second factor, and revoking.

import Fluent
import StewardCore
import Vapor

extension AccountController {
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
                try await content(req, tokenErrors: errors, tokenName: form.name ?? "", tokenDays: form.days),
                status: .badRequest)
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
        return req.redirect(to: AccountPaths.account() + "?done=token-revoked", redirectType: .normal)
    }

    /// Setting up an authenticator from the account page needs the current password; replacing one that is set up
    /// needs a current code or a recovery code, so a session alone cannot lock the owner out.
}
