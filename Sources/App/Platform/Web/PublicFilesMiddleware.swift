// The public directory's files (the stylesheet), read once at start-up and served from memory.

import Crypto
import Foundation
import Vapor

/// Serves the files under `Public/` from memory, read when the application starts.
///
/// Vapor's `FileMiddleware` asks the file system about every request's path before any route sees it, on the
/// application's shared blocking threads, the same few threads that hash passwords. A burst of sign-ins then held up
/// every request of every school, `/healthz` included. Here a path that is not one of the files read at start-up
/// costs a dictionary look-up and nothing else. A changed file is served after a restart.
struct PublicFilesMiddleware: AsyncMiddleware {
    struct File: Sendable {
        let bytes: ByteBuffer
        let contentType: HTTPMediaType
        let etag: String
    }

    /// Files larger than this are not served: the directory holds a stylesheet and small images.
    static let largestFile = 5_000_000

    /// Keyed by path without the leading slash, such as `css/app.css`.
    let files: [String: File]

    init(directory: String, logger: Logger) {
        var files: [String: File] = [:]
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        let keys: [URLResourceKey] = [.isRegularFileKey, .fileSizeKey]
        let walk = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
        while let url = walk?.nextObject() as? URL {
            guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else {
                continue
            }
            let path = String(url.standardizedFileURL.path.dropFirst(root.path.count)).drop { $0 == "/" }
            guard (values.fileSize ?? 0) <= Self.largestFile, let data = FileManager.default.contents(atPath: url.path)
            else {
                logger.warning("Not serving \(url.path): larger than \(Self.largestFile) bytes or unreadable")
                continue
            }
            let digest = SHA256.hash(data: data).prefix(12).map { String(format: "%02x", $0) }.joined()
            files[String(path)] = File(
                bytes: ByteBuffer(data: data),
                contentType: HTTPMediaType.fileExtension(url.pathExtension) ?? .binary, etag: "\"\(digest)\"")
        }
        self.files = files
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET || request.method == .HEAD,
            let path = request.url.path.removingPercentEncoding,
            let file = files[String(path.drop { $0 == "/" })]
        else { return try await next.respond(to: request) }
        var headers = HTTPHeaders()
        headers.contentType = file.contentType
        headers.replaceOrAdd(name: .eTag, value: file.etag)
        // Revalidated each time (the address carries no version), which costs a 304 once the browser has it.
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        let matches = request.headers[.ifNoneMatch].flatMap { $0.split(separator: ",") }
            .contains { $0.trimmingCharacters(in: .whitespaces) == file.etag }
        if matches { return Response(status: .notModified, headers: headers) }
        headers.replaceOrAdd(name: .contentLength, value: String(file.bytes.readableBytes))
        return Response(status: .ok, headers: headers, body: .init(buffer: file.bytes))
    }
}
