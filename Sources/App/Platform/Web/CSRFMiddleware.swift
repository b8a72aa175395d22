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

    static let expired = "This form has expired or did not come from Steward. Go back, reload the page and try again."
    static let signedOut =
        "You are signed out, so this was not sent. Use your browser's Back button to copy what you typed, then sign "
        + "in and send it again."
    /// The forms a signed-out person sends: there, a stale token is an expired form, not a session that ended.
    static let signedOutForms = [
        SessionPaths.login(), SessionPaths.logout(), SessionPaths.forgotPassword(), SessionPaths.resetPassword(),
    ]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var newCookie: String?
        if request.browserSession == nil && request.cookies[Self.cookieName]?.string.isEmpty ?? true {
            newCookie = Secrets.token(byteCount: 24)
        }
        request.csrfToken = Self.expectedToken(for: request, preSessionCookie: newCookie)

        // A spooled upload goes when the request ends, answered or refused (a refused form token included).
        defer { request.spooledUpload?.remove() }
        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            let submitted = try await Self.readBody(of: request)
            // Every field must read as text. Vapor reads a field whose %-escapes are not UTF-8 as absent, and a
            // handler would save the form without it (a setting cleared, a list of terms shifted): refused whole,
            // before the form token (a name that does not read hides the token from Vapor's decoder too).
            if request.headers.contentType == .urlEncodedForm, let body = request.body.data,
                !FormFields.isReadable(Data(body.readableBytesView))
            {
                throw Abort(.badRequest, reason: FormFields.unreadable)
            }
            guard let expected = request.csrfToken, newCookie == nil, !submitted.isEmpty,
                constantTimeEqual(submitted, expected)
            else {
                // A form sent after its session ended (signed out in another tab, or timed out) says so: "reload"
                // would lose what was typed, and the person needs to sign in first.
                let signedOut =
                    request.browserSession == nil && !submitted.isEmpty
                    && !Self.signedOutForms.contains(where: { request.url.path.hasPrefix($0) })
                throw Abort(.forbidden, reason: signedOut ? Self.signedOut : Self.expired)
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

    /// Reads the body within its limit and answers the form token it carries.
    ///
    /// Nobody signed in gets more than the default limit, whatever the route allows, and a declared length over the
    /// limit is refused before a byte is read: an anonymous visitor cannot make Steward hold megabytes (issue 10).
    /// Upload routes stream multipart bodies to disk, a few at a time.
    static func readBody(of request: Request) async throws -> String {
        let defaultLimit = request.application.routes.defaultMaxBodySize.value
        let routeLimit = request.route?.maxBodySize ?? defaultLimit
        let limit = request.actor == nil ? min(routeLimit, defaultLimit) : routeLimit
        if let declared = request.headers.first(name: .contentLength).flatMap(Int.init), declared > limit {
            let isUpload = request.headers.contentType?.type == "multipart"
            throw Abort(.payloadTooLarge, reason: isUpload ? UploadLimits.tooLarge(limit) : UploadLimits.tooLong(limit))
        }
        if request.route?.spoolsUploads == true, request.actor != nil,
            let type = request.headers.contentType, type.type == "multipart", type.subType == "form-data",
            let boundary = type.parameters["boundary"], !boundary.isEmpty, boundary.count <= 200
        {
            let gate = request.application.steward.uploads
            guard gate.enter() else {
                throw Abort(
                    .serviceUnavailable,
                    reason: "Steward is receiving other files just now. Wait a minute and send it again.")
            }
            defer { gate.leave() }
            let directory = request.application.steward.config.dataDirectory
                .appendingPathComponent("uploads-in-progress", isDirectory: true)
                .appendingPathComponent(UUID().uuidString, isDirectory: true)
            let upload = try await SpooledUpload.receive(request, boundary: boundary, limit: limit, into: directory)
            request.spooledUpload = upload
            return upload.value(fieldName) ?? ""
        }
        if request.body.data == nil { _ = try await request.body.collect(max: limit).get() }
        return (try? request.content.get(String.self, at: fieldName)) ?? ""
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
