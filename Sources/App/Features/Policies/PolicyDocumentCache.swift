// A policy version's text as the pages show it. What a version says never changes once it is imported, so it is
// rendered once and kept: the policy page is the page every member of staff opens, and rendering each clause through
// the template was most of its cost.

import Fluent
import NIOConcurrencyHelpers
import StewardCore
import Vapor

/// The rendered document of each recently read policy version, by version, the most recently read `limit` kept.
final class PolicyDocumentCache: Sendable {
    /// What the document template reads.
    struct DocumentContent: Encodable, Sendable {
        var preamble: [PolicyController.Block]
        var sections: [PolicyController.SectionView]
    }

    private struct Kept: Sendable {
        var html: [UUID: String] = [:]
        /// Least recently read first.
        var order: [UUID] = []
    }

    let limit: Int
    private let kept = NIOLockedValueBox(Kept())

    init(limit: Int = 32) {
        self.limit = limit
    }

    /// The document of `version` as HTML (everything in it escaped by the template), rendered on first reading.
    func html(of version: PolicyVersion, req: Request) async throws -> String {
        let id = try version.requireID()
        if let html = kept.withLockedValue({ kept -> String? in
            guard let html = kept.html[id] else { return nil }
            kept.order.removeAll { $0 == id }
            kept.order.append(id)
            return html
        }) {
            return html
        }
        let document = try version.document
        let view = try await req.view.render(
            "policies/document",
            DocumentContent(
                preamble: PolicyController.preamble(document), sections: PolicyController.sections(document)))
        let html = String(buffer: view.data)
        kept.withLockedValue { kept in
            if kept.html.updateValue(html, forKey: id) == nil { kept.order.append(id) }
            while kept.order.count > limit { kept.html[kept.order.removeFirst()] = nil }
        }
        return html
    }

    /// How many versions are kept now (for tests).
    var count: Int { kept.withLockedValue { $0.html.count } }
}
