// One uploaded file, spooled to disk as it arrived, read back when the handler asks.

import Foundation
import NIOConcurrencyHelpers
import StewardCore
import Vapor

/// One file of a spooled upload, on disk until the request ends.
struct SpooledFile: Sendable {
    var field: String
    var filename: String
    var contentType: String?
    var path: String
    var size: Int

    /// The file's contents, read when the handler is ready for them (one file at a time).
    func data() throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Abort(.internalServerError, reason: "An uploaded file could not be read back.")
        }
        return data
    }

    /// The file's bytes (imports, which parse them whole).
    func bytes() throws -> [UInt8] { Array(try data()) }

    /// The first `count` bytes, for telling what a file is without reading it all.
    func head(_ count: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Abort(.internalServerError, reason: "An uploaded file could not be read back.")
        }
        defer { try? handle.close() }
        return Array(try handle.read(upToCount: count) ?? Data())
    }
}
