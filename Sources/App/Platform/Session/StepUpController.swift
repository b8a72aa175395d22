// Confirming it is still the person, with a code, before a confidential case opens: the 15-minute step-up.

import Fluent
import StewardCore
import Vapor

struct StepUpController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SessionPaths.stepUp, action: .stepUp, use: stepUpForm)
        routes.on(.POST, SessionPaths.stepUp, action: .stepUp, use: stepUp)
    }

    func stepUpForm(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        return try await req.page(
            "session/step-up", title: "Confirm it is you",
            StepUpContent(
                next: SafeRedirect.path(req.query[String.self, at: "next"]), hasTwoFactor: person.hasTwoFactor,
                errors: FormErrors(),
                provider: try await SchoolSignIn.linkedProvider(personID: actor.personID, on: req.db)?.kind.title))
    }

    struct StepUpForm: Content {
        var code: String?
        var next: String?
        var replay: String?
    }

    func stepUp(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let form = try req.content.decode(StepUpForm.self)
        let provider = try await SchoolSignIn.linkedProvider(personID: actor.personID, on: req.db)?.kind.title
        let next = SafeRedirect.path(form.next)
        // A refused form carried through the code: sent again to where it was going once the code is right.
        let replay = form.replay.map { SafeRedirect.path($0) }.flatMap {
            $0.hasPrefix(ConcernPaths.list() + "/") ? $0 : nil
        }
        let carried = replay == nil ? [] : Self.carried(req)
        func refuse(_ message: String, _ status: HTTPStatus) async throws -> Response {
            try await req.page(
                "session/step-up", title: "Confirm it is you",
                StepUpContent(
                    next: next, hasTwoFactor: person.hasTwoFactor, errors: FormErrors([FieldError("code", message)]),
                    carried: carried, replay: replay ?? "", provider: provider),
                status: status)
        }
        guard person.hasTwoFactor, let session = req.browserSession, let sessionID = session.id else {
            return try await refuse("Set up two-factor sign-in first.", .badRequest)
        }
        let personID = try person.requireID()
        let code = (form.code ?? "").trimmingCharacters(in: .whitespaces)
        if code.isEmpty {
            return try await refuse(
                "Enter the 6-digit code from your authenticator app, or one of your recovery codes.", .badRequest)
        }
        guard
            let attempt = try await SignInAttempts.reserve(
                req, email: person.email, personID: personID, refusedAction: nil)
        else {
            return try await refuse("Too many failed attempts. Wait 5 minutes and try again.", .tooManyRequests)
        }
        guard let proof = try await TwoFactor.check(code: code, person: person, req: req)
        else {
            try await SignInAttempts.failed(req, email: person.email, personID: personID, action: "step_up.failed")
            return try await refuse(
                "That code is not right, or has been used already. Try the newest code.", .unauthorized)
        }
        do {
            try await req.write { db, audit in
                try await TwoFactor.consume(proof, personID: personID, on: db)
                try await SignInAttempts.forget(attempt, on: db)
                try await BrowserSession.query(on: db).filter(\.$id == sessionID).set(\.$secondFactorAt, to: Date())
                    .update()
                try await audit.append("step_up.succeeded", target: "person:\(personID.uuidString)")
            }
        } catch is TwoFactor.AlreadyUsed {
            return try await refuse("That code has been used already. Wait for the next code.", .unauthorized)
        }
        // 307 keeps the method and the body: the browser sends the carried form (with its form token) to where it was
        // going, and that handler saves it as if the window had never closed.
        if let replay, !carried.isEmpty { return req.redirect(to: replay, redirectType: .temporary) }
        return req.redirect(to: next, redirectType: .normal)
    }
}
