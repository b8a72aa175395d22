// Reading an upload a route spooled to disk: its form fields and its files.

import Foundation
import NIOConcurrencyHelpers
import StewardCore
import Vapor

extension Request {
    private struct SpoolKey: StorageKey { typealias Value = SpooledUpload }

    /// The upload this request's body was spooled into, on routes registered with `upload:`.
    var spooledUpload: SpooledUpload? {
        get { storage[SpoolKey.self] }
        set { storage[SpoolKey.self] = newValue }
    }

    /// The form's text fields, from a spooled upload or the collected body.
    func uploadForm<T: Decodable>(_ type: T.Type) throws -> T {
        if let spooledUpload { return try spooledUpload.decode(type) }
        return try content.decode(type)
    }

    /// The files sent in `field`, one at a time from disk.
    func uploadedFiles(_ field: String) -> [SpooledFile] {
        spooledUpload?.files(named: field) ?? []
    }
}
