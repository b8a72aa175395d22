// The audit log's path, written once.

enum AuditPaths {
    static let log = RoutePath("audit")
}
