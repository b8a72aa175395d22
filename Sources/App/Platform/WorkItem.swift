// One thing waiting for a person, shown first on their home page.

import Foundation

/// One thing waiting for a person: what it is, where to do it, and how pressing it is.
struct WorkItem: Encodable, Equatable, Sendable {
    var title: String
    var href: String
    /// A short status ("Waiting for your approval", "Returned with comments").
    var status: String
    /// Whether it is overdue or blocks someone else.
    var urgent: Bool
    /// When it arrived or fell due, so that the newest comes first among equally pressing items.
    var at: Date?
    /// The day it must be done by, when it has one: among equally pressing items the soonest deadline comes first,
    /// so a late request is never listed below one due in two days because it was recorded earlier.
    var dueOn: String?

    init(title: String, href: String, status: String, urgent: Bool, at: Date? = nil, dueOn: String? = nil) {
        self.title = title
        self.href = href
        self.status = status
        self.urgent = urgent
        self.at = at
        self.dueOn = dueOn
    }

    /// Most urgent first; then the soonest deadline, before items without one; then newest first; items without a
    /// time after those with one, in the order given.
    static func ordered(_ items: [WorkItem]) -> [WorkItem] {
        items.enumerated().sorted { a, b in
            if a.element.urgent != b.element.urgent { return a.element.urgent }
            switch (a.element.dueOn, b.element.dueOn) {
            case (let x?, let y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: break
            }
            switch (a.element.at, b.element.at) {
            case (let x?, let y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
