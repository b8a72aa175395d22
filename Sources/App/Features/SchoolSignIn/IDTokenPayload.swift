// An ID token's claims as they arrive, read by jwt-kit once the signature is checked.

import Foundation
import JWTKit
import StewardCore

/// The claims of an ID token as they arrive: lenient about the shapes providers use (a string or a list for `aud`,
/// a boolean or "true" for `email_verified`), strict about nothing until `SchoolSignInRules` reads them.
struct IDTokenPayload: JWTPayload {
    var iss: String
    var sub: String
    var aud: AudienceClaim
    var azp: String?
    var exp: Double
    var iat: Double?
    var nonce: String?
    var email: String?
    var emailVerified: LenientBool?
    /// Entra's optional claim saying the domain of `email` is verified by the tenant.
    var emailDomainVerified: LenientBool?
    var preferredUsername: String?
    var upn: String?
    var tid: String?
    var hd: String?
    var amr: [String]?
    var authTime: Double?
    var acct: Int?
    var idp: String?

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, azp, exp, iat, nonce, email, upn, tid, hd, amr, acct, idp
        case emailVerified = "email_verified"
        case emailDomainVerified = "xms_edov"
        case preferredUsername = "preferred_username"
        case authTime = "auth_time"
    }

    /// Times, audience and nonce are checked by `SchoolSignInRules`, which knows the request.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    var claims: IDTokenClaims {
        IDTokenClaims(
            issuer: iss, subject: sub, audiences: aud.value, authorizedParty: azp,
            expiresAt: Date(timeIntervalSince1970: exp), issuedAt: iat.map { Date(timeIntervalSince1970: $0) },
            nonce: nonce, email: email, emailVerified: emailVerified?.value ?? emailDomainVerified?.value,
            preferredUsername: preferredUsername,
            userPrincipalName: upn, tenantID: tid, hostedDomain: hd, methods: amr ?? [],
            authTime: authTime.map { Date(timeIntervalSince1970: $0) }, accountType: acct, identityProvider: idp)
    }
}
