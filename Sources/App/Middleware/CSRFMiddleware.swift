// Cross-site request forgery protection: every state-changing form post carries a token tied to this browser.

import StewardCore
import Vapor

/// Refuses any POST, PUT, PATCH or DELETE from a page without a valid `_csrf` field, before the handler runs.
///
/// The token is an HMAC under the instance key of the session token (signed in, or part-way through signing
/// in) or of a random pre-session cookie (the sign-in form), so it cannot be guessed or carried to another browser.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "steward_csrf"
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var newCookie: String?
        if request.browserSession == nil && request.cookies[Self.cookieName]?.string.isEmpty ?? true {
            newCookie = Secrets.token(byteCount: 24)
        }
        request.csrfToken = Self.expectedToken(for: request, preSessionCookie: newCookie)

        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            if request.body.data == nil {
                let max = request.route?.maxBodySize ?? request.application.routes.defaultMaxBodySize.value
                _ = try await request.body.collect(max: max).get()
            }
            let submitted = (try? request.content.get(String.self, at: Self.fieldName)) ?? ""
            guard let expected = request.csrfToken, newCookie == nil, !submitted.isEmpty,
                constantTimeEqual(submitted, expected)
            else {
                throw Abort(
                    .forbidden,
                    reason:
                        "This form has expired or did not come from Steward. Go back, reload the page and try again.")
            }
        }

        let response = try await next.respond(to: request)
        if let newCookie {
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: newCookie, path: "/", isSecure: request.application.steward.config.usesHTTPS, isHTTPOnly: true,
                sameSite: .lax)
        }
        return response
    }

    static func expectedToken(for request: Request, preSessionCookie: String? = nil) -> String? {
        let key = request.application.steward.secretKey
        if let session = request.browserSession {
            return Secrets.mac("session:" + session.tokenHash, key: key)
        }
        guard let cookie = preSessionCookie ?? request.cookies[cookieName]?.string, !cookie.isEmpty else { return nil }
        return Secrets.mac("pre-session:" + cookie, key: key)
    }
}

extension Request {
    private struct CSRFKey: StorageKey { typealias Value = String }

    /// The token forms on this page must carry in `_csrf`.
    var csrfToken: String? {
        get { storage[CSRFKey.self] }
        set { storage[CSRFKey.self] = newValue }
    }
}
