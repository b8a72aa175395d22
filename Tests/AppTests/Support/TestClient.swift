// A browser stand-in for tests: keeps cookies, reads form tokens, and sends requests from a chosen address.

import Foundation
import NIOCore
import Testing
import Vapor

@testable import App

/// What came back from one request.
struct Reply: Sendable {
    var status: HTTPStatus
    var headers: HTTPHeaders
    var body: String
    /// The body as sent, for a download that is not text.
    var bytes: [UInt8] = []

    var location: String? { headers.first(name: .location) }

    /// The `_csrf` value of the first form on the page.
    var csrf: String? { Reply.firstMatch(#"name="_csrf" value="([^"]*)""#, in: body) }

    static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            match.numberOfRanges > 1,
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }

    static func allMatches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// Every match of `pattern`, each as its first `groups` captured groups.
    static func allMatches(_ pattern: String, in text: String, groups: Int) -> [[String]] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            let captured = (1...groups).compactMap { Range(match.range(at: $0), in: text).map { String(text[$0]) } }
            return captured.count == groups ? captured : nil
        }
    }

    func json<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.utf8))
    }
}

/// A browser: a cookie jar and a client address.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var address: String
    var extraHeaders: HTTPHeaders = [:]

    init(_ app: Application, address: String = "192.0.2.10") {
        self.app = app
        self.address = address
    }

    var sessionCookie: String? { cookies["steward_session"] }

    @discardableResult
    func request(
        _ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: String? = nil,
        bytes: [UInt8]? = nil, contentType: String = "application/x-www-form-urlencoded"
    ) async throws -> Reply {
        var all = extraHeaders
        for (name, value) in headers { all.replaceOrAdd(name: name, value: value) }
        if !cookies.isEmpty {
            all.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        var buffer: ByteBuffer?
        if let body {
            buffer = ByteBuffer(string: body)
            all.replaceOrAdd(name: .contentType, value: contentType)
        } else if let bytes {
            buffer = ByteBuffer(bytes: bytes)
            all.replaceOrAdd(name: .contentType, value: contentType)
        }
        let request = Request(
            application: app, method: method, url: URI(string: path), headers: all, collectedBody: buffer,
            remoteAddress: try SocketAddress(ipAddress: address, port: 40_000), logger: app.logger,
            on: app.eventLoopGroup.next())
        let response = try await app.responder.respond(to: request).get()
        for cookie in response.headers[.setCookie] {
            let pair = cookie.split(separator: ";", maxSplits: 1)[0]
            let parts = pair.split(separator: "=", maxSplits: 1)
            let name = String(parts[0])
            let value = parts.count > 1 ? String(parts[1]) : ""
            let expired = cookie.lowercased().contains("max-age=0") || value.isEmpty
            if expired { cookies[name] = nil } else { cookies[name] = value }
        }
        var collected =
            try await response.body.collect(on: app.eventLoopGroup.next()).get()
            ?? ByteBuffer()
        let bytes = collected.getBytes(at: collected.readerIndex, length: collected.readableBytes) ?? []
        let text = collected.readString(length: collected.readableBytes) ?? ""
        return Reply(status: response.status, headers: response.headers, body: text, bytes: bytes)
    }

    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> Reply {
        try await request(.GET, path, headers: headers)
    }

    /// Posts a form, adding the `_csrf` token from `csrfFrom` (a page to load first) unless `csrf` is given.
    @discardableResult
    func post(
        _ path: String, _ fields: [(String, String)], csrfFrom page: String? = nil, csrf: String? = nil
    )
        async throws -> Reply
    {
        var token = csrf
        if token == nil, let page { token = try await get(page).csrf }
        var all = fields
        if let token { all.append(("_csrf", token)) }
        return try await request(.POST, path, body: Self.form(all))
    }

    /// Posts `multipart/form-data` as a browser's upload form does: the form token, plain fields, then files.
    func postMultipart(
        _ path: String, csrf: String?, fields: [(String, String)] = [],
        files: [(field: String, filename: String, bytes: [UInt8])] = []
    ) async throws -> Reply {
        let boundary = "----StewardTestBoundary"
        func part(_ disposition: String, _ type: String? = nil) -> [UInt8] {
            Array("--\(boundary)\r\nContent-Disposition: form-data; \(disposition)\r\n".utf8)
                + Array((type.map { "Content-Type: \($0)\r\n" } ?? "").utf8) + Array("\r\n".utf8)
        }
        var body = part("name=\"_csrf\"") + Array("\(csrf ?? "")\r\n".utf8)
        for (name, value) in fields { body += part("name=\"\(name)\"") + Array("\(value)\r\n".utf8) }
        for file in files {
            body += part("name=\"\(file.field)\"; filename=\"\(file.filename)\"", "application/octet-stream")
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return try await request(.POST, path, bytes: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    static func form(_ fields: [(String, String)]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return fields.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")="
                + "\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }

    /// Signs in with password and, when asked for one, the account's TOTP code at `date` (by default, the code of the
    /// moment it is sent).
    ///
    /// The code is worked out after the password step and the second form are done: with hundreds of tests running at
    /// once, the password step can take longer than the 30 seconds a code lasts, as a person's typing never does.
    @discardableResult
    func signIn(_ account: DemoAccounts.Account, at date: Date? = nil) async throws -> Reply {
        let reply = try await post(
            "/login", [("email", account.email), ("password", account.password)], csrfFrom: "/login")
        guard reply.location?.hasPrefix("/login/2fa") == true, let secret = account.totp_secret else { return reply }
        let form = try await get("/login/2fa")
        return try await post("/login/2fa", [("code", TestTOTP.code(secret, at: date ?? Date()))], csrf: form.csrf)
    }
}

enum TestTOTP {
    static func code(_ base32: String, at date: Date = Date()) -> String {
        guard let secret = StewardCoreBridge.decode(base32) else { return "000000" }
        return StewardCoreBridge.code(secret: secret, at: date)
    }
}
