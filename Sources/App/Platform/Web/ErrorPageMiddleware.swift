// Turns every error into a plain page (or JSON for the API) that shows no internals; 5xx are logged with an id.

import StewardCore
import Vapor

struct ErrorPageMiddleware: AsyncMiddleware {
    struct ErrorContent: Encodable, Sendable {
        var status: UInt
        var heading: String
        var message: String
        var requestID: String
    }

    struct APIError: Content {
        var error: Bool
        var status: UInt
        var reason: String
        var fields: [FieldError]?
        var requestID: String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await render(error, for: request)
        }
    }

    private func render(_ error: any Error, for request: Request) async -> Response {
        let (status, message, fields) = describe(error, request: request)
        if status.code >= 500 {
            request.logger.error(
                "Request failed",
                metadata: ["request-id": .string(request.requestID), "error": .string(String(reflecting: error))])
        }
        if request.isAPI || Self.prefersJSON(request) {
            let body = APIError(
                error: true, status: status.code, reason: message, fields: fields, requestID: request.requestID)
            let response = Response(status: status)
            if (try? response.content.encode(body, as: .json)) == nil {
                response.body = .init(string: "{\"error\":true}")
            }
            return response
        }
        let content = ErrorContent(
            status: status.code, heading: heading(for: status), message: message, requestID: request.requestID)
        if let response = try? await request.page("shared/error", title: heading(for: status), content, status: status)
        {
            return response
        }
        let response = Response(
            status: status,
            body: .init(
                string: "<!doctype html><title>Error</title><h1>\(status.code)</h1><p>Something went wrong.</p>"))
        response.headers.contentType = .html
        return response
    }

    /// A client that asks for JSON and not HTML (a script, not a browser) gets JSON errors anywhere.
    static func prefersJSON(_ request: Request) -> Bool {
        let accept = request.headers[.accept].joined(separator: ",").lowercased()
        return accept.contains("application/json") && !accept.contains("text/html")
    }

    private func describe(_ error: any Error, request: Request) -> (HTTPStatus, String, [FieldError]?) {
        switch error {
        case let invalid as InvalidInput:
            return (.badRequest, invalid.errors.map(\.message).joined(separator: " "), invalid.errors)
        case let invalid as FieldError:
            return (.badRequest, invalid.message, [invalid])
        // Before AbortError: Vapor makes a decoding error an AbortError whose reason names Swift types and paths.
        case is DecodingError:
            return (.badRequest, "The request could not be read. Check the fields and try again.", nil)
        case let abort as any AbortError where abort.status.code < 500:
            return (abort.status, message(for: abort), nil)
        case let abort as any AbortError where abort.status == .serviceUnavailable:
            return (abort.status, message(for: abort), nil)
        default:
            return (
                .internalServerError,
                "Sorry, something went wrong on our side. Nothing you did caused it. If it keeps happening, "
                    + "tell your administrator this reference: \(request.requestID).", nil
            )
        }
    }

    /// Our own reasons are written for people; Vapor's stock ones ("Not Found") are replaced with plain words.
    private func message(for abort: any AbortError) -> String {
        let stock = abort.status.reasonPhrase
        if !abort.reason.isEmpty && abort.reason != stock { return abort.reason }
        switch abort.status {
        case .notFound:
            return "There is nothing at this address. It may have been moved, or you may not have access to it."
        case .forbidden: return "You do not have permission to do this. If you think you should, ask your headteacher."
        case .unauthorized: return "Sign in to continue."
        case .payloadTooLarge: return "What you sent is too large."
        case .tooManyRequests: return "Too many attempts. Wait a few minutes and try again."
        case .methodNotAllowed: return "That cannot be done at this address."
        default: return "The request could not be completed."
        }
    }

    private func heading(for status: HTTPStatus) -> String {
        switch status {
        case .notFound: "Page not found"
        case .forbidden: "You cannot do this"
        case .unauthorized: "Sign in to continue"
        case .tooManyRequests: "Too many attempts"
        case .payloadTooLarge: "Too large"
        case .serviceUnavailable: "Busy just now"
        default: status.code >= 500 ? "Sorry, something went wrong" : "There is a problem"
        }
    }
}
