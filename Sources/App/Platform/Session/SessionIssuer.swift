// Starts a session at a stage, always under a new id, ending the one the browser had.

import Fluent
import StewardCore
import Vapor

/// Starts a session at a stage, always under a new id, ending the one the browser had.
enum SessionIssuer {
    static func begin(
        _ req: Request, person: Person, personID: UUID, stage: SessionStage, schoolID: UUID, auditAction: String,
        details: [String: String], redirect: String, secondFactor: Bool = false,
        beforeCommit: (@Sendable (any Database, AuditWriter) async throws -> Void)? = nil
    ) async throws -> Response {
        let token = Secrets.token()
        let now = Date()
        let session = BrowserSession(
            tokenHash: Secrets.sha256(token), personID: personID, schoolID: schoolID, stage: stage, now: now)
        session.secondFactorAt = secondFactor ? now : nil
        session.clientAddress = req.clientAddress
        session.userAgent = req.headers.first(name: .userAgent).map { String($0.prefix(300)) }
        let oldSessionID = req.browserSession?.id
        var context = req.auditContext
        context.actorID = personID
        context.actorName = person.fullName
        context.schoolID = schoolID
        let email = person.email
        let address = req.clientAddress
        let device = KnownDevices.deviceID(req, email: email)
        try await AuditLog.write(on: req.db, context: context) { db, audit in
            if let oldSessionID { try await BrowserSession.query(on: db).filter(\.$id == oldSessionID).delete() }
            try await session.create(on: db)
            // Only a complete sign-in counts as a success: a password accepted while a code is still to come must not
            // clear the count of wrong codes.
            if stage == .signedIn {
                try await LoginAttempt(email: email, clientAddress: address, succeeded: true, at: now, device: device)
                    .create(on: db)
            }
            try await beforeCommit?(db, audit)
            try await audit.append(auditAction, target: "person:\(personID.uuidString)", details: details)
        }
        let response = req.redirect(to: redirect, redirectType: .normal)
        response.cookies[BrowserSessionMiddleware.cookieName] = BrowserSessionMiddleware.cookie(
            token, secure: req.application.steward.config.usesHTTPS)
        // Whoever signed in before in this browser, their provider's token goes (a sign-in with the school's account
        // sets its own after this).
        if req.cookies[SchoolSignIn.providerCookie] != nil {
            response.cookies[SchoolSignIn.providerCookie] = SchoolSignIn.expiredProviderCookie(req)
        }
        // A browser that completes a sign-in becomes a known device of the account (renewed at every sign-in).
        if stage == .signedIn {
            response.cookies[KnownDevices.cookieName(for: email)] = KnownDevices.cookie(for: email, req: req)
        }
        return response
    }
}
