// What a published report holds, frozen: the school, the period, who prepared it, the figures and the words.

import Foundation
import StewardCore

/// A report as published: stored as canonical JSON, hashed, served by the API as it was.
struct PublishedReport: Codable, Sendable, Equatable {
    var school: String
    var title: String
    var from: String
    var to: String
    var version: Int
    var preparedBy: String
    var publishedOn: String
    /// The report this version corrects, by version number (nil for the first).
    var corrects: Int?
    var content: ReportContent
    var narratives: [String: String]

    /// Sorted keys, so the same report always gives the same bytes and the same hash.
    func canonicalJSON() throws -> Data { try ReportContent.canonicalJSON(self) }
}
