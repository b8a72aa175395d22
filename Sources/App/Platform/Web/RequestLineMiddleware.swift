// Logs each request in one short line, and refuses addresses too long for any page, or whose query cannot be read,
// before anything else sees them.

import Vapor

/// A request whose path and query are longer than any Steward page needs is answered 414 at once: the file server
/// would otherwise fail on a name the file system cannot hold (a 500), and the log would carry the whole thing. A query
/// with a %-escape that is not UTF-8 is answered 400: Vapor reads such a parameter as absent, so a search for `%FF`
/// would list everything and a filter would silently be dropped. (A `%` that starts no escape, as in `100%`, reaches
/// here already written as `%25` by Foundation's URL parser, and is read as the percent sign typed.)
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
        if let query = Self.query(of: request.url.string), !FormFields.isReadable(Data(query.utf8)) {
            request.logger.notice("\(request.method) \(shown): refused, its query does not read as text")
            throw Abort(.badRequest, reason: Self.unreadableQuery)
        }
        request.logger.info("\(request.method) \(shown)")
        return try await next.respond(to: request)
    }

    static let unreadableQuery =
        "Part of this address could not be read: it has a %-escape that does not stand for text. Check the link you "
        + "followed."

    /// The query of a request line as sent, without its fragment: read from the string, since an address whose
    /// escapes are broken may have no parsed query at all.
    static func query(of target: String) -> Substring? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        let rest = target[target.index(after: mark)...]
        return rest.firstIndex(of: "#").map { rest[..<$0] } ?? rest
    }
}
