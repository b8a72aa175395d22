// Headers every response carries, error pages included: no inline script, no framing, no sniffing, no caching.

import Vapor

struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// The policy sent, with `report-uri` when reports are asked for (`STEWARD_CSP_REPORT_URI`).
    let policy: String

    init(reportURI: URL? = nil) {
        policy = Self.contentSecurityPolicy + (reportURI.map { "; report-uri \($0.absoluteString)" } ?? "")
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", policy),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        if request.application.steward.config.usesHTTPS {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000")
        }
        // Static files may be cached; anything else may show a signed-in person's data.
        if !request.url.path.hasPrefix("/css/") && !request.url.path.hasPrefix("/img/") {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
