// Two-factor sign-in: checking codes without letting one work twice, and enrolling a new authenticator.

import Fluent
import SQLKit
import StewardCore
import Vapor

enum TwoFactor {
    /// What a valid code proved, to be consumed in the same transaction that signs the person in.
    enum Proof: Sendable {
        case totp(step: Int64)
        case recoveryCode(hash: String)

        var method: String {
            switch self {
            case .totp: "totp"
            case .recoveryCode: "recovery-code"
            }
        }
    }

    /// A code was valid when checked but another request used it first.
    struct AlreadyUsed: Error {}

    static func totp(for person: Person, key: SymmetricKey) throws -> StewardCore.TOTP? {
        guard let sealed = person.totpSecret else { return nil }
        return StewardCore.TOTP(secret: try Secrets.open(sealed, key: key, purpose: "totp"))
    }

    /// Checks a TOTP or recovery code without consuming it.
    static func check(code: String, person: Person, req: Request) async throws -> Proof? {
        guard let personID = person.id else { return nil }
        if RecoveryCodes.looksLikeRecoveryCode(code) {
            let hash = RecoveryCodes.hash(code)
            let unused = try await RecoveryCode.query(on: req.db).filter(\.$person.$id == personID)
                .filter(\.$codeHash == hash).filter(\.$usedAt == nil).first()
            return unused == nil ? nil : .recoveryCode(hash: hash)
        }
        guard let totp = try totp(for: person, key: req.application.steward.secretKey),
            let step = totp.matchingStep(for: code, at: Date())
        else { return nil }
        if let last = person.totpLastStep, step <= last { return nil }
        return .totp(step: step)
    }

    /// Marks the proof used, atomically: if another request got there first, throws `AlreadyUsed`.
    static func consume(_ proof: Proof, personID: UUID, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw AlreadyUsed() }
        struct Row: Decodable { var id: UUID }
        let rows: [Row]
        switch proof {
        case .totp(let step):
            rows = try await sql.update("people").set("totp_last_step", to: step)
                .where("id", .equal, personID)
                .where { $0.where("totp_last_step", .is, SQLLiteral.null).orWhere("totp_last_step", .lessThan, step) }
                .returning("id").all(decoding: Row.self)
        case .recoveryCode(let hash):
            rows = try await sql.update("recovery_codes").set("used_at", to: Date())
                .where("person_id", .equal, personID).where("code_hash", .equal, hash)
                .where("used_at", .is, SQLLiteral.null)
                .returning("id").all(decoding: Row.self)
        }
        if rows.isEmpty { throw AlreadyUsed() }
    }

    // MARK: - Enrolment

    /// The secret offered during enrolment, derived from the session so that showing the page writes nothing
    /// and a reload shows the same QR code.
    static func offeredSecret(person: Person, req: Request) throws -> [UInt8] {
        guard let session = req.browserSession, let id = person.id else { throw Abort(.unauthorized) }
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("totp-enrolment:\(id.uuidString):\(session.tokenHash)".utf8),
            using: req.application.steward.secretKey)
        return Array(Array(mac).prefix(20))
    }

    /// What else the set-up form asks for, to prove it is the person (issue 10).
    enum ProofField: String, Encodable, Sendable {
        /// Nothing more: the password was typed moments ago, during sign-in.
        case none
        /// The current password: setting up an authenticator from the account page.
        case password
        /// A code from the current authenticator or a recovery code: replacing an authenticator.
        case currentCode
    }

    struct EnrolmentContent: Encodable, Sendable {
        var formAction: String
        var qrPath: String
        var secret: String
        var secretGrouped: String
        var account: String
        var errors: FormErrors
        var asks: ProofField
        var replacing: Bool
    }

    private static func enrolmentContent(
        person: Person, req: Request, formAction: String, qrPath: String, errors: [FieldError], asks: ProofField
    ) async throws -> EnrolmentContent {
        let secret = Base32.encode(try offeredSecret(person: person, req: req))
        var grouped = ""
        for (i, c) in secret.enumerated() {
            if i > 0 && i % 4 == 0 { grouped += " " }
            grouped.append(c)
        }
        return EnrolmentContent(
            formAction: formAction, qrPath: qrPath, secret: secret, secretGrouped: grouped, account: person.email,
            errors: FormErrors(errors), asks: asks, replacing: asks == .currentCode)
    }

    /// The set-up page at `base` (its form posts there, its QR code is at `base/qr.svg`), after a wrong code if asked.
    static func setupPage(
        person: Person, req: Request, at base: String, qr: String, asks: ProofField = .none, wrongCode: Bool = false,
        errors given: [FieldError] = []
    ) async throws -> Response {
        let errors =
            given
            + (wrongCode
                ? [FieldError("code", "That code is not right. Check the time on your phone and try the newest code.")]
                : [])
        let content = try await enrolmentContent(
            person: person, req: req, formAction: base, qrPath: qr, errors: errors, asks: asks)
        return try await req.page(
            "session/two-factor-setup",
            title: asks == .currentCode ? "Change your authenticator" : "Set up two-factor sign-in",
            content, status: errors.isEmpty ? .ok : .badRequest)
    }

    static func qrResponse(person: Person, req: Request) throws -> Response {
        let totp = StewardCore.TOTP(secret: try offeredSecret(person: person, req: req))
        let uri = totp.provisioningURI(account: person.email, issuer: req.application.steward.config.issuer)
        let svg = try QRCode(encoding: uri).svg(title: "QR code for setting up two-factor sign-in")
        let response = Response(status: .ok, body: .init(string: svg))
        response.headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml")
        return response
    }

    /// Checks the first code from a newly added authenticator; on success returns fresh recovery codes to store.
    static func confirm(code: String, person: Person, req: Request) async throws -> [String]? {
        let totp = StewardCore.TOTP(secret: try offeredSecret(person: person, req: req))
        guard totp.matchingStep(for: code, at: Date()) != nil else { return nil }
        return RecoveryCodes.generate()
    }

    /// Saves the confirmed secret and the recovery codes (replacing any old ones), with an audit entry.
    static func store(
        codes: [String], for person: Person, on db: any Database, audit: AuditWriter, req: Request
    )
        async throws
    {
        guard let personID = person.id else { return }
        let secret = try offeredSecret(person: person, req: req)
        let totp = StewardCore.TOTP(secret: secret)
        person.totpSecret = try Secrets.seal(secret, key: req.application.steward.secretKey, purpose: "totp")
        person.totpLastStep = totp.step(at: Date()) + 1
        try await person.update(on: db)
        try await RecoveryCode.query(on: db).filter(\.$person.$id == personID).delete()
        for code in codes {
            try await RecoveryCode(personID: personID, codeHash: RecoveryCodes.hash(code)).create(on: db)
        }
        try await audit.append("two_factor.enrolled", target: "person:\(personID.uuidString)")
    }

    struct RecoveryContent: Encodable, Sendable {
        var codes: [String]
        var continueTo: String
        /// New codes made in place of the old ones, rather than two-factor sign-in just turned on.
        var replaced = false
    }

    /// The page that shows recovery codes once, carrying the cookies of `signedInResponse`.
    static func recoveryCodesPage(
        codes: [String], req: Request, signedInResponse: Response, continueTo: String = HomePaths.home()
    )
        async throws -> Response
    {
        let response = try await req.page(
            "session/recovery-codes", title: "Save your recovery codes",
            RecoveryContent(codes: codes, continueTo: continueTo))
        response.cookies = signedInResponse.cookies
        return response
    }
}
