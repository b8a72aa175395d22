// Two-factor sign-in on the account page: setting up, replacing and turning off an authenticator.

import Fluent
import StewardCore
import Vapor

extension AccountController {
    func showTwoFactor(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        return try await TwoFactor.setupPage(
            person: person, req: req, at: AccountPaths.twoFactor(), qr: AccountPaths.twoFactorQR(),
            asks: person.hasTwoFactor ? .currentCode : .password)
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
                    person: person, req: req, at: AccountPaths.twoFactor(), qr: AccountPaths.twoFactorQR(), asks: asks,
                    errors: [error])
            }
        } else {
            switch try await Reauthentication.check(req, person: person, code: nil, password: form.current) {
            case .success(let value): proof = value
            case .failure(let error):
                return try await TwoFactor.setupPage(
                    person: person, req: req, at: AccountPaths.twoFactor(), qr: AccountPaths.twoFactorQR(), asks: asks,
                    errors: [error])
            }
        }
        guard let codes = try await TwoFactor.confirm(code: form.code ?? "", person: person, req: req) else {
            return try await TwoFactor.setupPage(
                person: person, req: req, at: AccountPaths.twoFactor(), qr: AccountPaths.twoFactorQR(), asks: asks,
                wrongCode: true)
        }
        let provedWith = proof
        do {
            try await req.write { db, audit in
                try await Reauthentication.consume(provedWith, person: person, req: req, on: db)
                try await TwoFactor.store(codes: codes, for: person, on: db, audit: audit, req: req)
            }
        } catch is TwoFactor.AlreadyUsed {
            return try await TwoFactor.setupPage(
                person: person, req: req, at: AccountPaths.twoFactor(), qr: AccountPaths.twoFactorQR(), asks: asks,
                errors: [FieldError("currentCode", "That code has been used already. Wait for the next code.")])
        }
        return try await req.page(
            "session/recovery-codes", title: "Save your recovery codes",
            TwoFactor.RecoveryContent(codes: codes, continueTo: AccountPaths.account()))
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
        return req.redirect(to: AccountPaths.account() + "?done=two-factor-off", redirectType: .normal)
    }
}

extension AccountController {
    struct RecoveryForm: Content { var code: String? }

    /// New recovery codes in place of the old ones, which stop working: after a code typed now (from the authenticator
    /// or one of the old recovery codes), so that a session left open cannot be used to take them. The person is told
    /// by mail, in case it was not them.
    func newRecoveryCodes(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        let personID = try person.requireID()
        func refuse(_ message: String) async throws -> Response {
            try await req.page(
                "session/account", title: "My account",
                try await content(req, recoveryErrors: [FieldError("recovery-code", message)]), status: .badRequest)
        }
        guard person.hasTwoFactor else { return try await refuse("Turn on two-factor sign-in first.") }
        let typed = (try req.content.decode(RecoveryForm.self).code ?? "").trimmingCharacters(in: .whitespaces)
        if typed.isEmpty {
            return try await refuse("Enter a code from your authenticator app, or one of your recovery codes.")
        }
        let proof: TwoFactor.Proof
        switch try await Reauthentication.checkCode(req, person: person, code: typed, field: "recovery-code") {
        case .success(let value): proof = value
        case .failure(let error): return try await refuse(error.message)
        }
        let codes = RecoveryCodes.generate()
        let (schoolID, email, forename) = (person.$school.id, person.email, person.forename)
        do {
            try await req.write { db, audit in
                try await TwoFactor.consume(proof, personID: personID, on: db)
                try await RecoveryCode.query(on: db).filter(\.$person.$id == personID).delete()
                for code in codes {
                    try await RecoveryCode(personID: personID, codeHash: RecoveryCodes.hash(code)).create(on: db)
                }
                try await Outbox.enqueue(
                    on: db, schoolID: schoolID, kind: "account_security", to: email,
                    subject: "New recovery codes for your Steward account",
                    body: "Hello \(forename),\n\nNew recovery codes were made for your Steward account just now, and "
                        + "the old ones no longer work.\n\nIf this was not you, tell your headteacher or trust "
                        + "administrator today.\n\nSteward")
                try await audit.append("two_factor.recovery_codes_replaced", target: "person:\(personID.uuidString)")
            }
        } catch is TwoFactor.AlreadyUsed {
            return try await refuse("That code has been used already. Wait for the next code.")
        }
        return try await req.page(
            "session/recovery-codes", title: "Save your recovery codes",
            TwoFactor.RecoveryContent(codes: codes, continueTo: AccountPaths.account(), replaced: true))
    }
}
