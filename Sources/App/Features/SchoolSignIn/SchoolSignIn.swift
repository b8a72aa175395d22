// The school's own sign-in, as the rest of Steward asks about it: the buttons on the sign-in page, whether a person's
// password is turned off, whether they can confirm a step-up at their provider, and the provider's sign-out.

import Fluent
import StewardCore
import Vapor

enum SchoolSignIn {
    /// A "Sign in with …" button on the sign-in page.
    struct Button: Encodable, Sendable {
        var action: String
        var title: String
    }

    /// One button per school whose provider is turned on; the school is named only when there are several. Each
    /// carries `next`, where the person goes once signed in.
    static func buttons(next: String, on db: any Database) async throws -> [Button] {
        let providers = try await SignInProvider.query(on: db).filter(\.$enabled == true).all()
        guard !providers.isEmpty else { return [] }
        let schools = try await School.query(on: db).filter(\.$id ~~ providers.map(\.schoolID)).all()
        let names = Dictionary(uniqueKeysWithValues: schools.compactMap { s in s.id.map { ($0, s.name) } })
        return providers.compactMap { provider -> (String, Button)? in
            guard let id = provider.id, let school = names[provider.schoolID] else { return nil }
            let title =
                providers.count == 1
                ? "Sign in with \(provider.kind.title)" : "Sign in with \(provider.kind.title) (\(school))"
            return (
                school,
                Button(action: SchoolSignInPaths.start(id) + "?next=\(SafeRedirect.encode(next))", title: title)
            )
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The provider whose link turns `personID`'s password off, if any: the school chose "people with a link sign
    /// in only with it".
    static func passwordRefusedBy(personID: UUID, on db: any Database) async throws -> SignInProvider? {
        let links = try await SignInLink.query(on: db).filter(\.$personID == personID).all()
        guard !links.isEmpty else { return nil }
        return try await SignInProvider.query(on: db).filter(\.$id ~~ links.map(\.providerID))
            .filter(\.$enabled == true).filter(\.$passwordsOff == true).first()
    }

    /// The turned-on provider `personID` is linked to, for the step-up's "Confirm with Microsoft" and the sign-out.
    static func linkedProvider(personID: UUID, on db: any Database) async throws -> SignInProvider? {
        let links = try await SignInLink.query(on: db).filter(\.$personID == personID).all()
        guard !links.isEmpty else { return nil }
        return try await SignInProvider.query(on: db).filter(\.$id ~~ links.map(\.providerID))
            .filter(\.$enabled == true).first()
    }

    /// Where Steward asks the provider to send people back: registered with the provider as the redirect address.
    static func redirectURI(_ app: Application) -> String {
        app.steward.config.baseURL.address(of: SchoolSignInPaths.callback())
    }

    /// The cookie that remembers, until the person signs out, which provider signed them in and its ID token (sealed),
    /// which the provider's own sign-out asks for as `id_token_hint`.
    static let providerCookie = "steward_provider_session"

    private struct ProviderSession: Codable {
        var provider: UUID
        var hint: String?
    }

    /// The cookie for a sign-in by `providerID`; the hint is left out when it would make the cookie too big.
    static func providerCookie(providerID: UUID, idToken: String, req: Request) -> HTTPCookies.Value? {
        let key = req.application.steward.secretKey
        func sealed(_ session: ProviderSession) -> String? {
            guard let json = try? JSONEncoder().encode(session) else { return nil }
            return try? Secrets.seal(Array(json), key: key, purpose: "provider-session")
        }
        guard
            let value = sealed(ProviderSession(provider: providerID, hint: idToken)).flatMap({
                $0.count <= 3800 ? $0 : nil
            }) ?? sealed(ProviderSession(provider: providerID, hint: nil))
        else { return nil }
        return HTTPCookies.Value(
            string: value, expires: nil, maxAge: Int(SessionRules.absoluteTimeout), domain: nil, path: "/",
            isSecure: req.application.steward.config.usesHTTPS, isHTTPOnly: true, sameSite: .lax)
    }

    static func expiredProviderCookie(_ req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/",
            isSecure: req.application.steward.config.usesHTTPS, isHTTPOnly: true, sameSite: .lax)
    }

    /// After signing out: the provider's own sign-out for the browser's last sign-in with a school account, which
    /// brings the person back to Steward's sign-in page; nil when there was none, or the provider publishes none.
    static func providerSignOut(req: Request) async -> (title: String, address: String)? {
        guard let cookie = req.cookies[providerCookie]?.string, !cookie.isEmpty,
            let opened = try? Secrets.open(
                cookie, key: req.application.steward.secretKey, purpose: "provider-session"),
            let session = try? JSONDecoder().decode(ProviderSession.self, from: Data(opened)),
            let provider = try? await SignInProvider.find(session.provider, on: req.db), provider.enabled,
            let metadata = try? await req.application.steward.openID.metadata(
                issuer: provider.issuer, app: req.application),
            let endpoint = metadata.endSessionEndpoint,
            ProviderAddress.isAllowed(endpoint, allowLocal: req.application.steward.config.allowLocalSignIn),
            var components = URLComponents(string: endpoint)
        else { return nil }
        let signedOut = req.application.steward.config.baseURL.address(of: SessionPaths.login()) + "?signed-out=1"
        var items = [
            URLQueryItem(name: "client_id", value: provider.clientID),
            URLQueryItem(name: "post_logout_redirect_uri", value: signedOut),
        ]
        if let hint = session.hint { items.append(URLQueryItem(name: "id_token_hint", value: hint)) }
        components.queryItems = (components.queryItems ?? []) + items
        guard let address = components.string else { return nil }
        return (provider.kind.title, address)
    }

    /// The person's link to a school account in words ("Microsoft, since 1 December 2026"), for their page.
    static func linkSummary(personID: UUID, on db: any Database) async throws -> String? {
        guard let link = try await SignInLink.query(on: db).filter(\.$personID == personID).first(),
            let provider = try await SignInProvider.find(link.providerID, on: db)
        else { return nil }
        let used = link.lastUsedAt.map { ", last used \(Display.time($0))" } ?? ""
        return "\(provider.kind.title) account, linked \(Display.time(link.linkedAt))\(used)"
    }
}
