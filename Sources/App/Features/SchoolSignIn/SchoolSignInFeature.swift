// Signing in with the school's own Microsoft 365, Google Workspace or other OpenID Connect account (issue 18).

import Fluent
import StewardCore
import Vapor

struct SchoolSignInFeature: Feature {
    let name = "school_sign_in"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: SchoolSignInController())
    }

    var navigation: [NavigationEntry] {
        [
            NavigationEntry(
                title: "Sign-in settings", path: SchoolSignInPaths.settings(), action: .manageSignIn, order: 88)
        ]
    }

    var personalData: [PersonalData] {
        [
            PersonalData(title: "Links to the school's account", table: "sign_in_links", column: "person_id") {
                id, _, db in
                try await SignInLink.query(on: db).filter(\.$personID == id).sort(\.$linkedAt).all().map {
                    [
                        "linked": Display.time($0.linkedAt), "linkedBy": $0.linkedBy,
                        "lastUsed": Display.time($0.lastUsedAt),
                    ]
                }
            }
        ]
    }

    var retention: [RetentionRule] {
        [
            RetentionRule(
                key: "sign_in_requests", records: "Sign-ins begun at the school's provider",
                period: SignInRequest.lifetime, after: "the sign-in began"
            ) { db, now in
                try await SignInRequest.query(on: db).filter(\.$expiresAt < now).deleteCounting()
            }
        ]
    }

    /// A person deactivated (a leaver) keeps their link, which signs nobody in while they are inactive; a person
    /// removed from the school is a deactivation here, so nothing else follows.
}
