// Proving it is still the person before something that could hand their account to someone else.

import Fluent
import StewardCore
import Vapor

/// A second factor proved recently, or proved now; the current password for people without two-factor sign-in.
///
/// Creating an API token, changing a password and changing two-factor sign-in all ask for it (issue 10): a session
/// left open on a shared computer, or a stolen cookie, must not be enough to mint a token or replace an
/// authenticator.
enum Reauthentication {
    /// How recently a second factor must have been proved: the case page's window too.
    static let window: TimeInterval = 15 * 60

    /// What the person proved.
    enum Proof: Sendable {
        /// A second factor proved within the window on this session.
        case recentSecondFactor
        /// A code typed now, to be consumed in the write it authorises.
        case code(TwoFactor.Proof)
        /// The current password (people without two-factor sign-in only).
        case password
    }

    static let tooMany = "Too many failed attempts. Wait 5 minutes and try again."

    /// Whether this browser session proved a second factor within the window.
    static func isFresh(_ req: Request, now: Date = Date()) -> Bool {
        guard let at = req.browserSession?.secondFactorAt else { return false }
        return now.timeIntervalSince(at) < window && now >= at
    }

    /// Checks what the form carries: `code` for people with two-factor sign-in (unless the session is fresh),
    /// `current` password for the rest. Answers the error to show next to the field otherwise.
    static func check(
        _ req: Request, person: Person, code: String?, password: String?
    ) async throws -> Result<Proof, FieldError> {
        if person.hasTwoFactor {
            if isFresh(req) { return .success(.recentSecondFactor) }
            let typed = (code ?? "").trimmingCharacters(in: .whitespaces)
            if typed.isEmpty {
                return .failure(FieldError("code", "Enter a current code from your authenticator app."))
            }
            return try await checkCode(req, person: person, code: typed, field: "code").map { .code($0) }
        }
        // A school that turned passwords off for people with a link takes no password from them here either: they
        // confirm it is them at the provider (the step-up page) instead.
        if let personID = person.id,
            let provider = try await SchoolSignIn.passwordRefusedBy(personID: personID, on: req.db)
        {
            if isFresh(req) { return .success(.recentSecondFactor) }
            return .failure(
                FieldError(
                    "current",
                    "Your school signs you in with \(provider.kind.title): confirm it is you with \(provider.kind.title) "
                        + "on the step-up page first, then come back."))
        }
        if let error = try await checkPassword(req, person: person, password: password) { return .failure(error) }
        return .success(.password)
    }

    /// Checks a TOTP or recovery code, counting a wrong one with the guesses at sign-in, so a session cannot be used
    /// to try every code.
    static func checkCode(
        _ req: Request, person: Person, code: String, field: String
    ) async throws -> Result<TwoFactor.Proof, FieldError> {
        let personID = try person.requireID()
        guard
            let attempt = try await SignInAttempts.reserve(
                req, email: person.email, personID: personID, refusedAction: nil)
        else { return .failure(FieldError(field, Self.tooMany)) }
        guard let proof = try await TwoFactor.check(code: code, person: person, req: req) else {
            try await SignInAttempts.failed(
                req, email: person.email, personID: personID, action: "reauthentication.failed")
            return .failure(FieldError(field, "That code is not right, or has been used already."))
        }
        try await SignInAttempts.forget(attempt, on: req.db)
        return .success(proof)
    }

    /// Checks the current password, counting a wrong one with the guesses at sign-in; answers the error, if any.
    static func checkPassword(_ req: Request, person: Person, password: String?) async throws -> FieldError? {
        let personID = try person.requireID()
        guard let password, !password.isEmpty else {
            return FieldError("current", "Enter your current password.")
        }
        guard
            let attempt = try await SignInAttempts.reserve(
                req, email: person.email, personID: personID, refusedAction: nil)
        else { return FieldError("current", Self.tooMany) }
        let passwords = req.application.steward.passwords
        guard await passwords.verify(password, against: person.passwordHash) else {
            try await SignInAttempts.failed(
                req, email: person.email, personID: personID, action: "reauthentication.failed")
            return FieldError("current", "Your current password is not right.")
        }
        try await SignInAttempts.forget(attempt, on: req.db)
        return nil
    }

    /// Inside the write: marks a typed code used (so it cannot be replayed) and starts a fresh window.
    static func consume(_ proof: Proof, person: Person, req: Request, on db: any Database) async throws {
        guard case .code(let code) = proof else { return }
        try await TwoFactor.consume(code, personID: try person.requireID(), on: db)
        if let sessionID = req.browserSession?.id {
            try await BrowserSession.query(on: db).filter(\.$id == sessionID).set(\.$secondFactorAt, to: Date())
                .update()
        }
    }
}
