// One thing waiting for a person, shown first on their home page.

import Foundation

/// One thing waiting for a person: what it is, where to do it, and how pressing it is.
struct WorkItem: Encodable, Sendable {
    var title: String
    var href: String
    /// A short status ("Waiting for your approval", "Returned with comments").
    var status: String
    /// Whether it is overdue or blocks someone else.
    var urgent: Bool
    /// When it arrived or fell due, so that the newest comes first among equally pressing items.
    var at: Date?

    init(title: String, href: String, status: String, urgent: Bool, at: Date? = nil) {
        self.title = title
        self.href = href
        self.status = status
        self.urgent = urgent
        self.at = at
    }

    /// Most urgent first, then newest first; items without a time after those with one, in the order given.
    static func ordered(_ items: [WorkItem]) -> [WorkItem] {
        items.enumerated().sorted { a, b in
            if a.element.urgent != b.element.urgent { return a.element.urgent }
            switch (a.element.at, b.element.at) {
            case (let x?, let y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
