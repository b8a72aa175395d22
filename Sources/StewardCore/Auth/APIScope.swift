// What an API token may do, and how long it lasts (issue 10: tokens carry scopes and expire).

import Foundation

/// A permission an API token carries on top of its holder's roles: the token never does more than its holder may.
public enum APIScope: String, CaseIterable, Codable, Sendable, Comparable {
    /// Everything the holder may do through the API except read confidential cases.
    case basic = "api"
    /// Read the confidential cases the holder may see. Granted only from a session that has just proved its second
    /// factor, so a stolen password or an unattended browser cannot mint one.
    case cases

    public var title: String {
        switch self {
        case .basic: "Policies, people and reporting concerns"
        case .cases: "Read confidential cases"
        }
    }

    /// Scopes as stored: sorted raw values separated by spaces.
    public static func encode(_ scopes: Set<APIScope>) -> String {
        scopes.sorted().map(\.rawValue).joined(separator: " ")
    }

    /// Stored scopes read back; unknown words are ignored, so a damaged value grants less, never more.
    public static func decode(_ stored: String?) -> Set<APIScope> {
        Set((stored ?? "").split(separator: " ").compactMap { APIScope(rawValue: String($0)) })
    }

    public static func < (a: APIScope, b: APIScope) -> Bool { a.rawValue < b.rawValue }
}

/// When a token stops working.
public enum APITokenLifetime {
    /// Days a token lasts when its holder does not choose.
    public static let defaultDays = 90
    /// The lifetimes a person may choose from.
    public static let choices = [7, 30, 90, 365]

    /// Whether a token created with `expiresAt` still works at `now` (it stops at that instant).
    public static func isLive(expiresAt: Date?, revokedAt: Date?, now: Date) -> Bool {
        guard revokedAt == nil, let expiresAt else { return false }
        return now < expiresAt
    }
}
