// Signing in, the step-up, password links and a person's own account, as one feature of the platform.

import Fluent
import StewardCore
import Vapor

struct SessionFeature: Feature {
    let name = "session"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: SignInController())
        try pages.register(collection: PasswordResetController())
        try pages.register(collection: StepUpController())
        try pages.register(collection: AccountController())
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(title: "My account", path: AccountPaths.account(), action: .viewOwnAccount, order: 90)]
    }

    /// Someone with two-factor sign-in and no recovery code left is one lost phone from being locked out.
    func work(for actor: Actor, person: Person, on db: any Database) async throws -> [WorkItem] {
        guard person.hasTwoFactor, let personID = person.id else { return [] }
        let left = try await RecoveryCode.query(on: db).filter(\.$person.$id == personID).filter(\.$usedAt == nil)
            .count()
        guard left == 0 else { return [] }
        return [
            WorkItem(
                title: "Make recovery codes, in case you lose your phone",
                href: AccountPaths.account() + "#recovery-heading",
                status: "You have none left: without one, a lost phone locks you out", urgent: false)
        ]
    }

    var personalData: [PersonalData] {
        [
            PersonalData(title: "Signed-in browsers", table: "browser_sessions", column: "person_id") { id, _, db in
                try await BrowserSession.query(on: db).filter(\.$person.$id == id).sort(\.$createdAt).all().map {
                    [
                        "signedIn": Display.time($0.createdAt), "lastSeen": Display.time($0.lastSeenAt),
                        "address": $0.clientAddress ?? "", "browser": $0.userAgent ?? "",
                    ]
                }
            },
            PersonalData(title: "Sign-in attempts", table: "login_attempts", column: "email") { id, _, db in
                guard let person = try await Person.find(id, on: db) else { return [] }
                return try await LoginAttempt.query(on: db).filter(\.$email == person.email).sort(\.$at).all().map {
                    ["at": Display.time($0.at), "address": $0.clientAddress, "succeeded": $0.succeeded ? "yes" : "no"]
                }
            },
            PersonalData(title: "Password links", table: "password_resets", column: "person_id") { id, _, db in
                try await PasswordReset.query(on: db).filter(\.$person.$id == id).sort(\.$createdAt).all().map {
                    [
                        "created": Display.time($0.createdAt), "expires": Display.time($0.expiresAt),
                        "used": Display.time($0.usedAt), "requestedFrom": $0.requestedFrom,
                    ]
                }
            },
            PersonalData(title: "Recovery codes", table: "recovery_codes", column: "person_id") { id, _, db in
                try await RecoveryCode.query(on: db).filter(\.$person.$id == id).all().map {
                    ["used": $0.usedAt == nil ? "no" : Display.time($0.usedAt)]
                }
            },
        ]
    }

    var retention: [RetentionRule] {
        [
            RetentionRule(
                key: "sign_in_attempts", records: "Sign-in attempts", period: Maintenance.keepSignInAttempts,
                after: "the attempt"
            ) { db, now in
                try await LoginAttempt.query(on: db).filter(
                    \.$at < now.addingTimeInterval(-Maintenance.keepSignInAttempts)
                ).deleteCounting()
            },
            RetentionRule(
                key: "sessions", records: "Signed-in browsers", period: SessionRules.idleTimeout,
                after: "the browser was last used, or the session's absolute limit"
            ) { db, now in
                try await BrowserSession.query(on: db).group(.or) {
                    $0.filter(\.$createdAt < now.addingTimeInterval(-SessionRules.absoluteTimeout))
                        .filter(\.$lastSeenAt < now.addingTimeInterval(-SessionRules.idleTimeout))
                }.deleteCounting()
            },
            RetentionRule(
                key: "reset_links", records: "Password links", period: Maintenance.keepUsedResetLinks,
                after: "the link expired"
            ) { db, now in
                try await PasswordReset.query(on: db).filter(
                    \.$expiresAt < now.addingTimeInterval(-Maintenance.keepUsedResetLinks)
                ).deleteCounting()
            },
        ]
    }
}
