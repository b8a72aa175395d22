// The home page's content, and the page rendered from it, kept for a moment per person and school until anything is
// written anywhere.

import Foundation
import NIOConcurrencyHelpers
import StewardCore

/// What each person's home page showed, kept so that a home page asked for again costs the one query that finds the
/// session. An entry serves only the same person, with the same roles, in the same school, while the audit log's
/// head is where it was (every change of state, every read of a confidential record, on any instance, moves it)
/// and for at most `lifetime` (what changes with time alone: a deadline passing, a case going quiet, a message
/// failing in the outbox).
final class HomeCache: Sendable {
    /// Who sees the content: the same person, in the same school, with the same roles everywhere.
    struct Key: Hashable, Sendable {
        var personID: UUID
        var schoolID: UUID
        var roles: [UUID: Set<Role>]

        init(_ actor: Actor) {
            personID = actor.personID
            schoolID = actor.schoolID
            roles = actor.rolesBySchool
        }
    }

    private struct Entry {
        var content: HomeController.HomeContent
        var stamp: Int64
        var made: Date
        /// The page as rendered from `content`, by the form token it carries (one per session of the person).
        var pages: [String: String] = [:]
    }

    /// The most rendered pages kept per person (their sessions on a phone, a laptop …).
    static let pagesPerPerson = 4

    /// How long content is kept however quiet the database is.
    static let lifetime: TimeInterval = 20
    /// The most people kept at once; beyond it the oldest half is let go.
    static let capacity = 5_000

    private let entries = NIOLockedValueBox<[Key: Entry]>([:])

    /// The content kept for `key`, if it was made at `stamp` and is young enough.
    func content(for key: Key, stamp: Int64?, now: Date = Date()) -> HomeController.HomeContent? {
        entry(for: key, stamp: stamp, now: now)?.content
    }

    /// The page rendered from the content kept for `key` for the session whose form token is `csrf`, under the same
    /// conditions as the content itself.
    func page(for key: Key, stamp: Int64?, csrf: String, now: Date = Date()) -> String? {
        guard !csrf.isEmpty else { return nil }
        return entry(for: key, stamp: stamp, now: now)?.pages[csrf]
    }

    /// The entry for `key` if it was made at `stamp` and is young enough.
    private func entry(for key: Key, stamp: Int64?, now: Date) -> Entry? {
        guard let stamp else { return nil }
        return entries.withLockedValue { entries in
            guard let entry = entries[key], entry.stamp == stamp, now.timeIntervalSince(entry.made) < Self.lifetime
            else { return nil }
            return entry
        }
    }

    /// Keeps the page rendered for the session whose form token is `csrf` from the content kept at `stamp`; nothing
    /// if that content has gone or changed since.
    func keepPage(_ page: String, for key: Key, stamp: Int64?, csrf: String) {
        guard let stamp, !csrf.isEmpty else { return }
        entries.withLockedValue { entries in
            guard var entry = entries[key], entry.stamp == stamp else { return }
            if entry.pages.count >= Self.pagesPerPerson { entry.pages = [:] }
            entry.pages[csrf] = page
            entries[key] = entry
        }
    }

    /// Keeps `content`, made when the audit log's head was at `stamp`.
    func keep(_ content: HomeController.HomeContent, for key: Key, stamp: Int64?, now: Date = Date()) {
        guard let stamp else { return }
        entries.withLockedValue { entries in
            if entries.count >= Self.capacity {
                let oldest = entries.sorted { $0.value.made < $1.value.made }.prefix(Self.capacity / 2).map(\.key)
                for key in oldest { entries[key] = nil }
            }
            entries[key] = Entry(content: content, stamp: stamp, made: now)
        }
    }
}
