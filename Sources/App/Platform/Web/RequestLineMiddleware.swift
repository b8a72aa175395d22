// Logs each request in one short line, and refuses addresses too long for any page before anything else sees them.

import Vapor

/// A request whose path and query are longer than any Steward page needs is answered 414 at once: the file server
/// would otherwise fail on a name the file system cannot hold (a 500), and the log would carry the whole thing.
struct RequestLineMiddleware: AsyncMiddleware {
    /// Longer than any address Steward makes (a policy link with a token is about 150 characters).
    static let maxURLLength = 2_048
    /// How much of a path goes into the log.
    static let loggedLength = 200

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        let shown =
            path.count > Self.loggedLength ? path.prefix(Self.loggedLength) + "… (\(path.count) characters)" : path
        if request.url.string.utf8.count > Self.maxURLLength {
            // Worth a line in production's log too: someone is probing, or a link is broken.
            request.logger.notice("\(request.method) \(shown): refused as too long")
            throw Abort(.uriTooLong, reason: "This address is too long. Check the link you followed.")
        }
        request.logger.info("\(request.method) \(shown)")
        return try await next.respond(to: request)
    }
}
