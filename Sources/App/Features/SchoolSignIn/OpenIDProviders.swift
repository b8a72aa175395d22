// Talking to a school's identity provider: its discovery document and signing keys (cached, the keys fetched again
// when a token names one not seen yet), the code exchanged for tokens, and the ID token's signature checked with
// jwt-kit.

import AsyncHTTPClient
import Foundation
import JWTKit
import NIOCore
import StewardCore
import Vapor

/// Each provider's discovery document and keys, shared by every request of the instance.
actor OpenIDProviders {
    /// How long a discovery document is trusted before it is read again.
    static let metadataLifetime: TimeInterval = 3600
    /// A key id not seen yet has the keys fetched again at once (the provider has rotated them); the same unknown id
    /// again waits this long, so a stream of tokens naming a key that does not exist cannot make Steward hammer the
    /// provider.
    static let keyRefetchInterval: TimeInterval = 5
    static let keysLifetime: TimeInterval = 86_400
    static let largestDocument = 1 << 20
    static let algorithms: Set<String> = [
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
    ]

    private struct Keys {
        var collection: JWTKeyCollection
        var ids: Set<String>
        var fetchedAt: Date
        /// The unknown key id that made the last fetch, if one did.
        var fetchedFor: String?
    }

    /// Whether providers on this machine or a private network, or plain http, are allowed (`ProviderAddress`).
    let allowLocal: Bool
    private var metadata: [String: (ProviderMetadata, Date)] = [:]

    init(allowLocal: Bool) {
        self.allowLocal = allowLocal
    }
    private var keys: [String: Keys] = [:]

    /// The provider's discovery document, which must name the same issuer and only allowed addresses.
    func metadata(issuer: String, app: Application, now: Date = Date()) async throws -> ProviderMetadata {
        if let (cached, at) = metadata[issuer], now.timeIntervalSince(at) < Self.metadataLifetime { return cached }
        let base = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        let document: ProviderMetadata = try await fetchJSON(
            base + "/.well-known/openid-configuration", app: app, what: "discovery document")
        guard document.issuer == issuer else {
            throw SchoolSignInFailure(
                refusal: .providerError, detail: "the discovery document names the issuer \(document.issuer)")
        }
        for address in [document.authorizationEndpoint, document.tokenEndpoint, document.jwksURI]
        where !ProviderAddress.isAllowed(address, allowLocal: allowLocal) {
            throw SchoolSignInFailure(refusal: .providerError, detail: "the provider names the address \(address)")
        }
        metadata[issuer] = (document, now)
        return document
    }

    /// Forgets what was read about a provider (after its settings change).
    func forget(issuer: String) {
        metadata[issuer] = nil
        keys[issuer] = nil
    }

    /// Verifies an ID token's signature with the provider's published keys, fetching them again once when the token
    /// names a key not seen yet (the provider has rotated its keys).
    func verify(
        _ token: String, issuer: String, jwksURI: String, app: Application, now: Date = Date()
    ) async throws -> IDTokenPayload {
        let header: JWTHeader
        do {
            header = try DefaultJWTParser().parse(Array(token.utf8), as: IDTokenPayload.self).header
        } catch {
            throw SchoolSignInFailure(refusal: .badSignature, detail: "the ID token cannot be read: \(error)")
        }
        guard let algorithm = header.alg, Self.algorithms.contains(algorithm) else {
            throw SchoolSignInFailure(
                refusal: .badSignature, detail: "the ID token is signed with \(header.alg ?? "nothing")")
        }
        var current = keys[issuer]
        let known = { (keys: Keys?) -> Bool in
            guard let keys else { return false }
            if let kid = header.kid { return keys.ids.contains(kid) }
            return keys.ids.count == 1
        }
        let stale = current.map { now.timeIntervalSince($0.fetchedAt) > Self.keysLifetime } ?? true
        let missing = !known(current)
        let waitedEnough = now.timeIntervalSince(current?.fetchedAt ?? .distantPast) >= Self.keyRefetchInterval
        if stale || (missing && (current?.fetchedFor != header.kid || waitedEnough)) {
            current = try await fetchKeys(jwksURI, app: app, now: now)
            current?.fetchedFor = missing ? header.kid : nil
            keys[issuer] = current
        }
        guard let current, known(current) else {
            throw SchoolSignInFailure(
                refusal: .badSignature, detail: "the ID token names the key \(header.kid ?? "(none)"), not published")
        }
        do {
            return try await current.collection.verify(token, as: IDTokenPayload.self)
        } catch {
            throw SchoolSignInFailure(refusal: .badSignature, detail: "the signature does not verify: \(error)")
        }
    }

    private func fetchKeys(_ address: String, app: Application, now: Date) async throws -> Keys {
        let data = try await fetchData(address, app: app, what: "signing keys")
        guard let set = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let entries = set["keys"] as? [[String: Any]]
        else { throw SchoolSignInFailure(refusal: .providerError, detail: "the signing keys are not a key set") }
        let collection = JWTKeyCollection()
        var ids: Set<String> = []
        // Each key on its own: a key for encryption, or of a kind jwt-kit cannot use, is skipped, not fatal.
        for entry in entries where (entry["use"] as? String) != "enc" {
            guard let kid = entry["kid"] as? String,
                let json = try? JSONSerialization.data(withJSONObject: entry),
                let key = try? JSONDecoder().decode(JWK.self, from: json)
            else { continue }
            if (try? await collection.add(jwk: key)) != nil { ids.insert(kid) }
        }
        return Keys(collection: collection, ids: ids, fetchedAt: now)
    }

    /// GETs a JSON document from the provider, within ten seconds and a megabyte.
    func fetchJSON<T: Decodable>(_ address: String, app: Application, what: String) async throws -> T {
        let data = try await fetchData(address, app: app, what: what)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw SchoolSignInFailure(refusal: .providerError, detail: "the \(what) is not what was expected")
        }
    }

    func fetchData(_ address: String, app: Application, what: String) async throws -> Data {
        let (status, body) = try await send(address, method: .GET, form: nil, app: app, what: what)
        guard status == 200 else {
            throw SchoolSignInFailure(refusal: .providerError, detail: "the \(what) answered \(status)")
        }
        return body
    }

    /// Sends one request to the provider: only to an allowed address that, unless local providers are allowed,
    /// resolves to public addresses only; redirects are not followed (a provider cannot send Steward elsewhere);
    /// within ten seconds and a megabyte.
    func send(
        _ address: String, method: HTTPMethod, form: [String: String]?, app: Application, what: String
    ) async throws -> (status: Int, body: Data) {
        guard ProviderAddress.isAllowed(address, allowLocal: allowLocal) else {
            throw SchoolSignInFailure(refusal: .providerError, detail: "the \(what) address \(address) is not allowed")
        }
        if !allowLocal, let host = URLComponents(string: address)?.host {
            let resolved = try await app.threadPool.runIfActive { WebhookTarget.resolve(host) }
            if resolved.isEmpty || resolved.contains(where: WebhookTarget.isLocal(address:)) {
                throw SchoolSignInFailure(
                    refusal: .providerError, detail: "the \(what) address does not resolve to a public address")
            }
        }
        let client = HTTPClient(
            eventLoopGroupProvider: .shared(app.eventLoopGroup),
            configuration: .init(
                redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(10))))
        let result: Result<(status: Int, body: Data), SchoolSignInFailure>
        do {
            var request = try HTTPClient.Request(url: address, method: method)
            request.headers.add(name: "Accept", value: "application/json")
            request.headers.add(name: "User-Agent", value: "Steward")
            if let form {
                // Every character but the unreserved ones percent-encoded: a secret with "&", "=" or "+" arrives whole.
                let encoded = FormFields.encode(form.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
                request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                request.body = .string(encoded)
            }
            let response = try await client.execute(request: request, deadline: NIODeadline.now() + .seconds(15)).get()
            let buffer = response.body
            if let buffer, buffer.readableBytes > Self.largestDocument {
                result = .failure(
                    SchoolSignInFailure(refusal: .providerError, detail: "the \(what) is larger than a megabyte"))
            } else {
                result = .success((Int(response.status.code), buffer.map { Data($0.readableBytesView) } ?? Data()))
            }
        } catch {
            result = .failure(
                SchoolSignInFailure(refusal: .providerError, detail: "the \(what) could not be read: \(error)"))
        }
        try? await client.shutdown()
        return try result.get()
    }

    /// Exchanges an authorisation code for the ID token, proving the PKCE verifier and the client secret.
    func exchange(
        code: String, verifier: String, redirectURI: String, clientID: String, clientSecret: String,
        tokenEndpoint: String, app: Application
    ) async throws -> String {
        struct TokenResponse: Decodable {
            var idToken: String?
            enum CodingKeys: String, CodingKey { case idToken = "id_token" }
        }
        struct TokenError: Decodable {
            var error: String?
        }
        let (status, body) = try await send(
            tokenEndpoint, method: .POST,
            form: [
                "grant_type": "authorization_code", "code": code, "redirect_uri": redirectURI, "client_id": clientID,
                "client_secret": clientSecret, "code_verifier": verifier,
            ], app: app, what: "token endpoint")
        guard status == 200 else {
            let error = (try? JSONDecoder().decode(TokenError.self, from: body))?.error ?? "no error given"
            throw SchoolSignInFailure(
                refusal: .providerError, detail: "the token endpoint answered \(status) (\(String(error.prefix(100))))")
        }
        guard let token = (try? JSONDecoder().decode(TokenResponse.self, from: body))?.idToken, !token.isEmpty else {
            throw SchoolSignInFailure(refusal: .providerError, detail: "the token endpoint gave no ID token")
        }
        return token
    }
}
