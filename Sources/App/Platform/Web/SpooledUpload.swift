// Uploads streamed to disk part by part as they arrive, within their route's limit.

import Foundation
import NIOConcurrencyHelpers
import StewardCore
import Vapor

/// A multipart form read from the network straight to disk: its text fields in memory, its files in a directory of
/// their own that is removed when the request ends.
final class SpooledUpload: @unchecked Sendable {
    /// Text fields, in the order they came.
    private(set) var fields: [(name: String, value: String)] = []
    private(set) var files: [SpooledFile] = []
    let directory: URL

    /// Text fields may hold a report's account of what happened, never megabytes.
    static let maxTextBytes = 1 << 20

    init(directory: URL) { self.directory = directory }

    func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// The files sent in field `name` (or `name[]`, as a form that takes several names it), leaving out the empty
    /// part a browser sends when no file was chosen.
    func files(named name: String) -> [SpooledFile] {
        files.filter { ($0.field == name || $0.field == name + "[]") && !($0.filename.isEmpty && $0.size == 0) }
    }

    /// Decodes the text fields as the handler's form type, the way a URL-encoded form would be.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~[]")
        let body: String = fields.map { field -> String in
            let name = field.name.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
            let value = field.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
            return "\(name)=\(value)"
        }.joined(separator: "&")
        return try URLEncodedFormDecoder().decode(T.self, from: body)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Reads `request`'s multipart body into `directory`, refusing it (413) as soon as it passes `limit` bytes.
    static func receive(
        _ request: Request, boundary: String, limit: Int, into directory: URL
    ) async throws
        -> SpooledUpload
    {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let upload = SpooledUpload(directory: directory)
        let state = PartState()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in state.headers.append((name.lowercased(), value)) }
        parser.onBody = { buffer in
            if state.fd == nil && state.isFile == nil { state.begin(in: directory) }
            state.append(buffer.readBytes(length: buffer.readableBytes) ?? [])
        }
        parser.onPartComplete = {
            if state.fd == nil && state.isFile == nil { state.begin(in: directory) }
            state.finish(into: upload)
        }
        let progress = NIOLockedValueBox((received: 0, last: ContinuousClock.now))
        let stallLimit = request.application.steward.config.uploadStall
        let parsing = UncheckedParser(parser: parser, state: state)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await var chunk in request.body {
                        let received = progress.withLockedValue {
                            $0.received += chunk.readableBytes
                            $0.last = ContinuousClock.now
                            return $0.received
                        }
                        if received > limit { throw Abort(.payloadTooLarge, reason: UploadLimits.tooLarge(limit)) }
                        // A body that arrives in one large buffer is parsed a slice at a time, letting other
                        // requests on this event loop run in between.
                        while let slice = chunk.readSlice(length: min(chunk.readableBytes, 256 * 1024)),
                            slice.readableBytes > 0
                        {
                            try parsing.parser.execute(slice)
                            if let error = parsing.state.error { throw error }
                            // Steward's own work on what arrived is progress too: a busy server parsing a large
                            // body that came at once is not a sender that stalled.
                            progress.withLockedValue { $0.last = ContinuousClock.now }
                            if chunk.readableBytes > 0 { await Task.yield() }
                        }
                    }
                }
                // A sender that stalls, or trickles, would hold one of the few upload places for as long as it
                // liked: it is cut off after `stallLimit` without a byte, or when it averages under 8 kB a second.
                group.addTask {
                    let started = ContinuousClock.now
                    while true {
                        try await Task.sleep(for: UploadLimits.watchInterval)
                        let (received, last) = progress.withLockedValue { ($0.received, $0.last) }
                        let now = ContinuousClock.now
                        let elapsed = Double((now - started).components.seconds)
                        if now - last > stallLimit
                            || (elapsed >= 120 && Double(received) / elapsed < UploadLimits.minimumBytesPerSecond)
                        {
                            throw Abort(
                                .requestTimeout,
                                reason: "The upload was too slow and has stopped. Try again on a better connection.")
                        }
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            state.abandon()
            upload.remove()
            if error is any AbortError { throw error }
            throw Abort(.badRequest, reason: "The upload was not a form Steward could read. Try again.")
        }
        return upload
    }

    /// The parser and its part, handed to the task that reads the body; only that task touches them.
    private struct UncheckedParser: @unchecked Sendable {
        let parser: MultipartParser
        let state: PartState
    }

    /// The part being read: headers, then either text in memory or a file on disk.
    private final class PartState: @unchecked Sendable {
        var headers: [(String, String)] = []
        var isFile: Bool?
        var field = ""
        var filename = ""
        var contentType: String?
        var text: [UInt8] = []
        var textTotal = 0
        var fd: Int32?
        var path = ""
        var size = 0
        var error: (any Error)?

        func begin(in directory: URL) {
            let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
            field = Self.parameter("name", in: disposition) ?? ""
            let name = Self.parameter("filename", in: disposition)
            contentType = headers.first { $0.0 == "content-type" }?.1
            isFile = name != nil
            filename = name ?? ""
            if isFile == true {
                path = directory.appendingPathComponent(UUID().uuidString).path
                let opened = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
                if opened < 0 { error = Abort(.internalServerError, reason: "An upload could not be saved.") }
                fd = opened >= 0 ? opened : nil
            }
        }

        func append(_ bytes: [UInt8]) {
            if isFile == true {
                guard let fd, error == nil else { return }
                let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if written != bytes.count {
                    error = Abort(.internalServerError, reason: "An upload could not be saved.")
                }
                size += bytes.count
            } else {
                textTotal += bytes.count
                if textTotal > SpooledUpload.maxTextBytes {
                    error = Abort(.payloadTooLarge, reason: "A text field of this form is too long.")
                    return
                }
                text += bytes
            }
        }

        func finish(into upload: SpooledUpload) {
            if let fd { close(fd) }
            if isFile == true {
                upload.files.append(
                    SpooledFile(field: field, filename: filename, contentType: contentType, path: path, size: size))
            } else {
                upload.fields.append((field, String(decoding: text, as: UTF8.self)))
            }
            headers = []
            isFile = nil
            fd = nil
            text = []
            size = 0
        }

        func abandon() {
            if let fd { close(fd) }
            fd = nil
        }

        /// `name="value"` from a Content-Disposition header (quoted or not).
        static func parameter(_ key: String, in header: String) -> String? {
            for piece in header.split(separator: ";") {
                let pair = piece.split(separator: "=", maxSplits: 1).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                guard pair.count == 2, pair[0].lowercased() == key else { continue }
                var value = pair[1]
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                    value = String(value.dropFirst().dropLast())
                }
                return value
            }
            return nil
        }
    }
}
