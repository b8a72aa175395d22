// A sign-in begun at the school's identity provider and not yet come back.

import Fluent
import Foundation

/// A sign-in begun at the provider and not yet come back: its state (kept as a hash), nonce and PKCE verifier, bound
/// to the browser that began it. Used once; gone after ten minutes.
final class SignInRequest: Model, @unchecked Sendable {
    static let schema = "sign_in_requests"
    static let lifetime: TimeInterval = 600

    @ID(key: .id) var id: UUID?
    @Field(key: "provider_id") var providerID: UUID
    @Field(key: "state_hash") var stateHash: String
    @Field(key: "browser_hash") var browserHash: String
    @Field(key: "nonce") var nonce: String
    @Field(key: "code_verifier") var codeVerifier: String
    /// "sign-in", or "step-up" for a signed-in person confirming it is them before a case opens.
    @Field(key: "purpose") var purpose: String
    /// The person a step-up is for (nil for a sign-in).
    @OptionalField(key: "person_id") var personID: UUID?
    @Field(key: "next") var next: String
    @Field(key: "expires_at") var expiresAt: Date
    /// Where the sign-in began, so one address cannot begin more than a handful at once.
    @Field(key: "client_address") var clientAddress: String

    var properties: [any AnyProperty] {
        [
            $id, $providerID, $stateHash, $browserHash, $nonce, $codeVerifier, $purpose, $personID, $next, $expiresAt,
            $clientAddress,
        ]
    }

    init() {}
}
