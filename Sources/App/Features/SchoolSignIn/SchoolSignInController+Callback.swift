// Coming back from the school's provider: the code exchanged, the ID token checked, the person found or linked.

import Fluent
import StewardCore
import Vapor

extension SchoolSignInController {
    // MARK: - Coming back

    func callback(req: Request) async throws -> Response {
        try await SignInAttempts.holdBack(req)
        guard let state = req.query[String.self, at: "state"], !state.isEmpty, state.count <= 512 else {
            return try await refuse(
                req, provider: nil,
                failure: SchoolSignInFailure(refusal: .requestUnknown, detail: "no state"), personID: nil)
        }
        let stateHash = Secrets.sha256(state)
        let browser = req.cookies[Self.browserCookie]?.string ?? ""
        // Used once: taken out of the table before anything else, so a replayed callback finds nothing.
        let taken: SignInRequest? = try await req.db.transaction { db in
            guard let found = try await SignInRequest.query(on: db).filter(\.$stateHash == stateHash).first()
            else { return nil }
            try await found.delete(on: db)
            return found
        }
        guard let request = taken, request.expiresAt > Date(),
            SchoolSignInRules.sameText(request.browserHash, Secrets.sha256(browser)),
            let provider = try await SignInProvider.find(request.providerID, on: req.db), provider.enabled
        else {
            return try await refuse(
                req, provider: nil,
                failure: SchoolSignInFailure(
                    refusal: .requestUnknown,
                    detail: taken == nil ? "unknown or used state" : "expired or other browser"),
                personID: nil)
        }
        do {
            if let error = req.query[String.self, at: "error"] {
                throw SchoolSignInFailure(
                    refusal: .providerError, detail: "the provider answered \(String(error.prefix(100)))")
            }
            guard let code = req.query[String.self, at: "code"], !code.isEmpty, code.count <= 4096 else {
                throw SchoolSignInFailure(refusal: .providerError, detail: "no code")
            }
            let (claims, token) = try await verifiedClaims(req, provider: provider, request: request, code: code)
            if request.purpose == Purpose.stepUp.rawValue {
                return try await finishStepUp(req, provider: provider, request: request, claims: claims)
            }
            if request.purpose == Purpose.link.rawValue {
                return try await finishLink(req, provider: provider, request: request, claims: claims)
            }
            let response = try await finishSignIn(req, provider: provider, request: request, claims: claims)
            if let providerID = provider.id,
                let cookie = SchoolSignIn.providerCookie(providerID: providerID, idToken: token, req: req)
            {
                response.cookies[SchoolSignIn.providerCookie] = cookie
            }
            return response
        } catch let failure as SchoolSignInFailure {
            return try await refuse(
                req, provider: provider, failure: failure, personID: request.personID,
                stepUp: request.purpose != Purpose.signIn.rawValue)
        }
    }

    /// The ID token for `code`: exchanged with the PKCE verifier, its signature checked against the provider's
    /// published keys, then its issuer, audience, times, nonce and organisation.
    func verifiedClaims(
        _ req: Request, provider: SignInProvider, request: SignInRequest, code: String
    ) async throws -> (IDTokenClaims, String) {
        let openID = req.application.steward.openID
        let metadata = try await openID.metadata(issuer: provider.issuer, app: req.application)
        let secret: String
        do {
            secret = String(
                decoding: try Secrets.open(
                    provider.sealedClientSecret, key: req.application.steward.secretKey,
                    purpose: SignInProvider.secretPurpose), as: UTF8.self)
        } catch {
            throw SchoolSignInFailure(refusal: .providerError, detail: "the client secret cannot be opened")
        }
        let token = try await openID.exchange(
            code: code, verifier: request.codeVerifier, redirectURI: SchoolSignIn.redirectURI(req.application),
            clientID: provider.clientID, clientSecret: secret, tokenEndpoint: metadata.tokenEndpoint,
            app: req.application)
        let payload = try await openID.verify(
            token, issuer: provider.issuer, jwksURI: metadata.jwksURI, app: req.application)
        let claims = payload.claims
        if let refusal = provider.rules.check(claims, nonce: request.nonce, now: Date()) {
            throw SchoolSignInFailure(refusal: refusal, detail: "the ID token failed the check: \(refusal.rawValue)")
        }
        return (claims, token)
    }

    func finishSignIn(
        _ req: Request, provider: SignInProvider, request: SignInRequest, claims: IDTokenClaims
    ) async throws -> Response {
        let providerID = try provider.requireID()
        let newLink: SignInLink?
        let person: Person
        if let link = try await SignInLink.query(on: req.db).filter(\.$providerID == providerID)
            .filter(\.$subject == claims.subject).first()
        {
            guard let linked = try await Person.find(link.personID, on: req.db) else {
                throw SchoolSignInFailure(refusal: .noSuchPerson, detail: "the linked person is gone")
            }
            // A link made by address for someone who has since been given a confidential or trust-given role no
            // longer counts: it goes, and they link again from My account.
            if !link.confirmed {
                let roles = try await ActorLoader.load(person: linked, currentSchoolID: provider.schoolID, on: req.db)
                    .rolesBySchool.values.reduce(into: Set<Role>()) { $0.formUnion($1) }
                if !SchoolSignInRules.linksByAddress(roles: roles), let linkID = link.id, let linkedID = linked.id {
                    try await req.write { db, audit in
                        try await SignInLink.query(on: db).filter(\.$id == linkID).delete()
                        try await audit.append(
                            "sign_in.link_removed", target: "person:\(linkedID.uuidString)",
                            schoolID: provider.schoolID,
                            details: ["links": "1", "reason": "a role that is linked only from the account page"])
                    }
                    throw SchoolSignInFailure(
                        refusal: .linkFromAccount, detail: "the person was given such a role after the link was made")
                }
            }
            person = linked
            newLink = nil
        } else {
            // The first time: a verified address that names exactly one person of the school. Nobody is ever
            // created by signing in.
            let address: String
            switch provider.rules.linkingAddress(claims) {
            case .failure(let refusal): throw SchoolSignInFailure(refusal: refusal, detail: "no usable address")
            case .success(let found): address = found
            }
            let matches = try await Person.query(on: req.db).filter(\.$email == address)
                .inSchool(provider.schoolID).all()
            guard matches.count == 1, let match = matches.first, let matchID = match.id else {
                throw SchoolSignInFailure(
                    refusal: .noSuchPerson, detail: "\(matches.count) people of the school have the address")
            }
            guard match.active else { throw SchoolSignInFailure(refusal: .leaver, detail: "the person is deactivated") }
            if try await SignInLink.query(on: req.db).filter(\.$providerID == providerID)
                .filter(\.$personID == matchID).first() != nil
            {
                throw SchoolSignInFailure(refusal: .alreadyLinked, detail: "the person is linked to another subject")
            }
            let roles = try await ActorLoader.load(person: match, currentSchoolID: provider.schoolID, on: req.db)
                .rolesBySchool.values.reduce(into: Set<Role>()) { $0.formUnion($1) }
            guard SchoolSignInRules.linksByAddress(roles: roles) else {
                throw SchoolSignInFailure(
                    refusal: .linkFromAccount, detail: "a role that is linked only from the account page")
            }
            person = match
            newLink = SignInLink(
                providerID: providerID, personID: matchID, subject: claims.subject, linkedBy: address, now: Date(),
                confirmed: false)
        }
        guard person.active, let personID = person.id else {
            throw SchoolSignInFailure(refusal: .leaver, detail: "the person is deactivated")
        }
        let actor = try await ActorLoader.load(person: person, currentSchoolID: provider.schoolID, on: req.db)
        let needsSecondFactor = actor.rolesBySchool.values.contains { $0.contains { $0.requiresTwoFactor } }
        let asserted = SchoolSignInRules.assertsSecondFactor(claims)
        let stage: SessionStage =
            !needsSecondFactor || asserted
            ? .signedIn : (person.hasTwoFactor ? .awaitingSecondFactor : .mustEnrolSecondFactor)
        // The 15-minute window for confidential records opens only when the provider asked for the second factor just
        // now: a provider that waves a browser through on an old sign-in does not reopen it.
        let fresh = SchoolSignInRules.countsAsStepUp(claims, now: Date())
        let subject = claims.subject
        let details = [
            "method": provider.kind.rawValue, "provider_second_factor": asserted ? "yes" : "no",
        ]
        let mail = newLink.map { Self.linkMail(person: person, provider: provider, by: $0.linkedBy) }
        do {
            return try await SessionIssuer.begin(
                req, person: person, personID: personID, stage: stage, schoolID: actor.schoolID,
                auditAction: stage == .signedIn ? "sign_in.succeeded" : "sign_in.provider_accepted", details: details,
                redirect: SignInController.destination(for: stage, next: request.next), secondFactor: fresh,
                beforeCommit: { db, audit in
                    if let newLink, let mail {
                        try await newLink.create(on: db)
                        try await Outbox.enqueue(
                            on: db, schoolID: provider.schoolID, kind: "account_security", to: person.email,
                            subject: mail.subject, body: mail.body)
                        try await audit.append(
                            "sign_in.link_created", target: "person:\(personID.uuidString)",
                            schoolID: provider.schoolID,
                            details: ["provider": provider.kind.rawValue, "matched_by": "email address"])
                    } else {
                        try await SignInLink.query(on: db).filter(\.$providerID == providerID)
                            .filter(\.$subject == subject).set(\.$lastUsedAt, to: Date()).update()
                    }
                })
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two first sign-ins of one account at the same moment: the other made the link.
            throw SchoolSignInFailure(refusal: .alreadyLinked, detail: "the link was made at the same moment")
        }
    }

    /// The mail that tells a person their account was linked, so a link they did not make does not go unseen.
    static func linkMail(
        person: Person, provider: SignInProvider, by address: String
    ) -> (subject: String, body: String) {
        let title = provider.kind == .openID ? "school" : provider.kind.title
        return (
            "Your Steward account is now linked to your \(title) account",
            "Hello \(person.forename),\n\nYour Steward account was linked just now to the \(title) account \(address): "
                + "you can sign in to Steward with it. If this was not you, tell your headteacher or trust administrator "
                + "today; they can remove the link from your page in Steward.\n\nSteward"
        )
    }

    /// A signed-in person links their account at the school's provider, having proved who they are to Steward: the
    /// only way for roles that see confidential records.
    func finishLink(
        _ req: Request, provider: SignInProvider, request: SignInRequest, claims: IDTokenClaims
    ) async throws -> Response {
        let providerID = try provider.requireID()
        guard let session = req.browserSession, session.stage == .signedIn, let personID = request.personID,
            session.$person.id == personID, let person = try await Person.find(personID, on: req.db), person.active
        else {
            throw SchoolSignInFailure(refusal: .requestUnknown, detail: "not the signed-in person")
        }
        // The provider must have asked the person to sign in just now, not waved through a browser it knew.
        guard SchoolSignInRules.isRecent(claims, now: Date()) else {
            throw SchoolSignInFailure(refusal: .notRecent, detail: "linking needs a sign-in at the provider just now")
        }
        if let other = try await SignInLink.query(on: req.db).filter(\.$providerID == providerID)
            .filter(\.$subject == claims.subject).first()
        {
            throw SchoolSignInFailure(
                refusal: other.personID == personID ? .alreadyLinked : .otherAccount,
                detail: "the provider account is already linked")
        }
        if try await SignInLink.query(on: req.db).filter(\.$providerID == providerID).filter(\.$personID == personID)
            .first() != nil
        {
            throw SchoolSignInFailure(refusal: .alreadyLinked, detail: "the person is linked to another subject")
        }
        let address = (try? provider.rules.linkingAddress(claims).get()) ?? "(no address)"
        let link = SignInLink(
            providerID: providerID, personID: personID, subject: claims.subject, linkedBy: address, now: Date(),
            confirmed: true)
        let mail = Self.linkMail(person: person, provider: provider, by: address)
        do {
            try await req.write { db, audit in
                try await link.create(on: db)
                try await Outbox.enqueue(
                    on: db, schoolID: provider.schoolID, kind: "account_security", to: person.email,
                    subject: mail.subject, body: mail.body)
                try await audit.append(
                    "sign_in.link_created", target: "person:\(personID.uuidString)", schoolID: provider.schoolID,
                    details: ["provider": provider.kind.rawValue, "matched_by": "signed-in person"])
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw SchoolSignInFailure(refusal: .alreadyLinked, detail: "the link was made at the same moment")
        }
        return req.redirect(to: AccountPaths.account() + "?done=school-account-linked", redirectType: .normal)
    }

    func finishStepUp(
        _ req: Request, provider: SignInProvider, request: SignInRequest, claims: IDTokenClaims
    ) async throws -> Response {
        let providerID = try provider.requireID()
        guard let session = req.browserSession, let sessionID = session.id, session.stage == .signedIn,
            let personID = request.personID, session.$person.id == personID,
            let link = try await SignInLink.query(on: req.db).filter(\.$providerID == providerID)
                .filter(\.$personID == personID).first()
        else {
            throw SchoolSignInFailure(refusal: .requestUnknown, detail: "not the signed-in person's account")
        }
        guard link.subject == claims.subject else {
            throw SchoolSignInFailure(refusal: .otherAccount, detail: "another account at the provider")
        }
        guard SchoolSignInRules.countsAsStepUp(claims, now: Date()) else {
            throw SchoolSignInFailure(refusal: .notRecent, detail: "no fresh second factor at the provider")
        }
        try await req.write { db, audit in
            try await BrowserSession.query(on: db).filter(\.$id == sessionID).set(\.$secondFactorAt, to: Date())
                .update()
            try await audit.append(
                "step_up.succeeded", target: "person:\(personID.uuidString)",
                details: ["method": provider.kind.rawValue])
        }
        return req.redirect(to: request.next, redirectType: .normal)
    }
}
