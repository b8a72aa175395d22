// One thing waiting for a person, shown first on their home page.

/// One thing waiting for a person: what it is, where to do it, and how pressing it is.
struct WorkItem: Encodable, Sendable {
    var title: String
    var href: String
    /// A short status ("Waiting for your approval", "Returned with comments").
    var status: String
    /// Whether it is overdue or blocks someone else.
    var urgent: Bool
}
