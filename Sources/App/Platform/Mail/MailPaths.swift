// The paths of the mail and jobs page, written once.

enum MailPaths {
    static let outbox = RoutePath("outbox")
    static let retry = RoutePath("outbox", ":messageID", "retry")
}
