// A page's context: the layout plus the page's own values, which Leaf sees at the top level.

import Fluent
import StewardCore
import Vapor

/// A page's context: the layout plus the page's own values, which Leaf sees at the top level.
struct Page<Content: Encodable & Sendable>: Encodable, Sendable {
    var layout: Layout
    var content: Content

    func encode(to encoder: any Encoder) throws {
        try content.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(layout, forKey: .layout)
    }

    enum CodingKeys: String, CodingKey { case layout }
}
