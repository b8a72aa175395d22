// One audit-log entry as plain values, its canonical bytes and its place in the hash chain.

import Crypto
import Foundation

/// An audit-log entry: who did what, to what, when and from where.
///
/// Entries form a chain: each stores the hash of the one before it and a hash of its own canonical bytes, so that
/// changing, deleting or reordering any entry breaks every hash after it.
public struct AuditRecord: Sendable, Equatable, Codable {
    /// Position in the chain, from 1 with no gaps.
    public var seq: Int64
    /// UTC time as `2026-11-25T08:13:53.123Z`: stored as text so every database gives back the same bytes.
    public var occurredAt: String
    public var actorID: String?
    /// The actor's name as it was at the time: later renames do not rewrite history.
    public var actorName: String?
    public var schoolID: String?
    /// What happened, as a dotted name (`person.create`, `sign_in.failed`).
    public var action: String
    /// What it happened to (`person:UUID`), if anything.
    public var target: String?
    public var clientAddress: String?
    public var requestID: String?
    /// Further facts, as canonical JSON (sorted keys).
    public var details: String
    public var prevHash: String
    public var hash: String

    public init(
        seq: Int64, occurredAt: String, actorID: String?, actorName: String?, schoolID: String?, action: String,
        target: String?, clientAddress: String?, requestID: String?, details: String, prevHash: String,
        hash: String = ""
    ) {
        self.seq = seq
        self.occurredAt = occurredAt
        self.actorID = actorID
        self.actorName = actorName
        self.schoolID = schoolID
        self.action = action
        self.target = target
        self.clientAddress = clientAddress
        self.requestID = requestID
        self.details = details
        self.prevHash = prevHash
        self.hash = hash
    }

    /// The bytes the hash covers: every field but `hash`, each length-prefixed so no two entries share them.
    public var canonicalBytes: [UInt8] {
        let fields: [(String, String?)] = [
            ("seq", String(seq)), ("at", occurredAt), ("actor", actorID), ("actor_name", actorName),
            ("school", schoolID), ("action", action), ("target", target), ("client", clientAddress),
            ("request", requestID), ("details", details), ("prev", prevHash),
        ]
        var out = [UInt8]()
        for (name, value) in fields {
            out += Array(name.utf8)
            if let value {
                let bytes = Array(value.utf8)
                out += Array("=\(bytes.count):".utf8) + bytes
            } else {
                out += Array("=-".utf8)
            }
            out.append(0x0A)
        }
        return out
    }

    /// The HMAC-SHA-256 of the canonical bytes under the chain key, as lowercase hex.
    ///
    /// A keyed MAC rather than a plain hash: someone who can write to the database but does not hold the instance's
    /// secret key cannot recompute the chain after changing, deleting or renumbering an entry.
    public func computedHash(key: SymmetricKey) -> String {
        HMAC<SHA256>.authenticationCode(for: canonicalBytes, using: key).map { String(format: "%02x", $0) }
            .joined()
    }

    /// Fills in `prevHash` and `hash` so the entry follows `previousHash` in the chain.
    public mutating func seal(after previousHash: String, key: SymmetricKey) {
        prevHash = previousHash
        hash = computedHash(key: key)
    }

    /// The hash the first entry follows.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Formats a time the way `occurredAt` stores it.
    public static func timestamp(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = Date(timeIntervalSince1970: TimeInterval(millis / 1000))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: seconds)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
            c.minute ?? 0, c.second ?? 0, Int(millis % 1000))
    }

    /// Canonical JSON for `details`: keys sorted, no insignificant white space.
    public static func canonicalDetails(_ details: [String: String]) -> String {
        guard !details.isEmpty else { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(details), let text = String(data: data, encoding: .utf8) else {
            return "{}"
        }
        return text
    }
}
