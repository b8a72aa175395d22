// A school's own identity provider: Microsoft 365, Google Workspace or any OpenID Connect provider, with the client
// Steward is registered as and the organisation its tokens must come from.

import Fluent
import Foundation
import StewardCore

final class SignInProvider: Model, SchoolOwned, @unchecked Sendable {
    static let schema = "sign_in_providers"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "kind") var kindName: String
    @Field(key: "issuer") var issuer: String
    @Field(key: "client_id") var clientID: String
    /// The client secret, sealed with the instance key (purpose "sign-in-client-secret"), like the two-factor secrets.
    @Field(key: "client_secret") var sealedClientSecret: String
    /// Entra's tenant id or Google's hosted domain, lower case; empty for another provider.
    @Field(key: "organisation") var organisation: String
    /// Whether people with a link must use it: their password is then refused.
    @Field(key: "passwords_off") var passwordsOff: Bool
    @Field(key: "enabled") var enabled: Bool
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "updated_by") var updatedBy: UUID

    var properties: [any AnyProperty] {
        [
            $id, $schoolID, $kindName, $issuer, $clientID, $sealedClientSecret, $organisation, $passwordsOff,
            $enabled, $updatedAt, $updatedBy,
        ]
    }

    init() {}

    init(schoolID: UUID) {
        self.schoolID = schoolID
        self.kindName = SignInProviderKind.microsoft.rawValue
        self.issuer = ""
        self.clientID = ""
        self.sealedClientSecret = ""
        self.organisation = ""
        self.passwordsOff = false
        self.enabled = false
        self.updatedAt = Date()
        self.updatedBy = UUID()
    }

    var owningSchoolID: UUID { schoolID }
    var kind: SignInProviderKind { SignInProviderKind(rawValue: kindName) ?? .openID }

    var rules: SchoolSignInRules {
        SchoolSignInRules(kind: kind, issuer: issuer, clientID: clientID, organisation: organisation)
    }

    static let secretPurpose = "sign-in-client-secret"
}
