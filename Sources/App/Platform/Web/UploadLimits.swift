// The limits an upload is received within: total size, parts, and how slowly it may arrive.

import Foundation
import NIOConcurrencyHelpers
import StewardCore
import Vapor

enum UploadLimits {
    /// How often a receiving upload is checked, and the slowest it may average after two minutes; how long it may
    /// send nothing at all is `STEWARD_UPLOAD_STALL_SECONDS` (a minute unless set).
    static let watchInterval: Duration = .seconds(1)
    static let minimumBytesPerSecond: Double = 8 * 1024

    /// A form (not a file) over its route's limit: what was typed is too long.
    static func tooLong(_ limit: Int) -> String {
        let size = limit >= 1_048_576 ? "\(limit / 1_048_576) MB" : "\(limit / 1024) kB"
        return "What you sent is longer than Steward accepts here (\(size)). Shorten it and send it again."
    }

    static func tooLarge(_ limit: Int) -> String {
        let size = limit >= 1_048_576 ? "\(limit / 1_048_576) MB" : "\(limit / 1024) kB"
        return "This upload is larger than Steward accepts here (\(size)). Send smaller files, or fewer at once."
    }
}
