// Each feature's part of each person's home page, and the page rendered from them, kept until a change reaches them.

import Foundation
import NIOConcurrencyHelpers
import StewardCore

/// What each person's home page showed, part by part, kept so that a home page asked for again costs the one query
/// that finds the session, and a page after a change costs only the parts that change could reach. A part serves only
/// the same person, with the same roles, in the same school; while no audited change since it was made could have
/// changed it (`HomeChanges`: every change of state, on any instance, writes an entry); and for at most `lifetime`
/// (what changes with time alone: a deadline passing, a case going quiet).
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

    /// One feature's part of a home page: its work for the person and its figures about their school.
    struct Part: Equatable, Sendable {
        var work: [WorkItem] = []
        var figures: [HomeFigure] = []
        /// For a trust administrator of several schools: every school's figures (the part named `trustPart`).
        var schools: [HomeController.SchoolFigures] = []
    }

    /// A part as kept: `id` is new each time any part is kept, so a page names exactly the parts it was made from.
    struct Kept: Sendable {
        var part: Part
        var id: Int
    }

    /// What a rendered page was made from: its parts (their ids, in order), what was read live for it (mail that
    /// failed, which changes unaudited) and the person's own details in its frame (name, kind, two-factor sign-in).
    struct Basis: Equatable, Sendable {
        var parts: [Int]
        var live: [Part]
        var frame: String
    }

    /// The trust administrator's table of schools: made from every feature of every school, so any change reaches it.
    static let trustPart = "trust"

    private struct KeptPart {
        var part: Part
        var id: Int
        var stamp: Int64
        var made: Date
    }

    private struct Entry {
        var parts: [String: KeptPart] = [:]
        /// Pages rendered from the parts, by the form token each carries (one per session of the person), with what
        /// each was made from.
        var pages: [String: (basis: Basis, page: String)] = [:]
        var used: Date
    }

    /// The most rendered pages kept per person (their sessions on a phone, a laptop …).
    static let pagesPerPerson = 4

    /// How long a part is kept however quiet the database is.
    static let lifetime: TimeInterval = 20
    /// The most people kept at once; beyond it the oldest half is let go.
    static let capacity = 5_000

    /// Where each feature's part last changed, read from the audit log.
    let changes = HomeChanges()

    private let entries = NIOLockedValueBox<(entries: [Key: Entry], next: Int)>(([:], 0))

    /// A remaking of some of one person's parts under way, made when the audit log's head was at `stamp`.
    private struct Remaking {
        var names: Set<String>
        var stamp: Int64
        var task: Task<[String: Kept], any Error>
        var id: Int
        /// How many other requests have come to wait for it.
        var waiting = 0
    }

    /// The remaking under way for each person, so that their other requests meanwhile wait for it.
    private let remakings = NIOLockedValueBox<(remakings: [Key: Remaking], next: Int)>(([:], 0))

    /// The last audited change that could have reached the part `name` of `key`'s page; nil before any is read.
    private func lastChange(of name: String, for key: Key) -> Int64? {
        name == Self.trustPart ? changes.lastChangeAnywhere : changes.lastChange(of: name, in: key.schoolID)
    }

    /// The part `name` kept for `key`, if no change since it was made could have reached it and it is young enough.
    /// Ask `changes.catchUp` first, with the request's stamp.
    func part(_ name: String, for key: Key, now: Date = Date()) -> Kept? {
        guard let last = lastChange(of: name, for: key) else { return nil }
        return entries.withLockedValue { state in
            guard let kept = state.entries[key]?.parts[name], kept.stamp >= last,
                now.timeIntervalSince(kept.made) < Self.lifetime
            else { return nil }
            return Kept(part: kept.part, id: kept.id)
        }
    }

    /// Keeps `part`, made after the audit log's head was seen at `stamp`; answers its id.
    @discardableResult
    func keep(_ part: Part, _ name: String, for key: Key, stamp: Int64?, now: Date = Date()) -> Int? {
        guard let stamp else { return nil }
        return entries.withLockedValue { state in
            if state.entries[key] == nil, state.entries.count >= Self.capacity {
                let oldest = state.entries.sorted { $0.value.used < $1.value.used }.prefix(Self.capacity / 2)
                for (key, _) in oldest { state.entries[key] = nil }
            }
            state.next += 1
            var entry = state.entries[key] ?? Entry(used: now)
            entry.parts[name] = KeptPart(part: part, id: state.next, stamp: stamp, made: now)
            entry.used = now
            state.entries[key] = entry
            return state.next
        }
    }

    /// The parts `names` of `key`'s page made afresh by `make` (which keeps them), made once however many of the
    /// person's requests need them at the same moment: a request that finds the same parts being remade, from a
    /// head no earlier than the last change that could have reached them, waits for that remaking instead of
    /// starting its own. So a burst of one person's home pages after a change costs one remaking, not one each, and
    /// a busy server does not do the same work many times over just when it can least afford to. Should the remaking
    /// waited for fail, the request makes the parts itself. Without a stamp nothing is kept, and nothing is shared.
    func remade(
        _ names: [String], for key: Key, stamp: Int64?,
        make: @escaping @Sendable () async throws -> [String: Kept]
    ) async throws -> [String: Kept] {
        guard let stamp else { return try await make() }
        let needed = names.map { lastChange(of: $0, for: key) }
        let (task, mine) = remakings.withLockedValue { state -> (Task<[String: Kept], any Error>, Int?) in
            if let under = state.remakings[key], Set(names).isSubset(of: under.names),
                needed.allSatisfy({ $0.map { under.stamp >= $0 } ?? false })
            {
                state.remakings[key]?.waiting += 1
                return (under.task, nil)
            }
            state.next += 1
            let task = Task { try await make() }
            state.remakings[key] = Remaking(names: Set(names), stamp: stamp, task: task, id: state.next)
            return (task, state.next)
        }
        guard let mine else {
            guard let made = try? await task.value else { return try await make() }
            return made.filter { names.contains($0.key) }
        }
        defer {
            remakings.withLockedValue { state in
                if state.remakings[key]?.id == mine { state.remakings[key] = nil }
            }
        }
        return try await task.value
    }

    /// How many requests are waiting for the remaking of `key`'s parts under way (0 when none is).
    func waiting(for key: Key) -> Int {
        remakings.withLockedValue { $0.remakings[key]?.waiting ?? 0 }
    }

    /// The page rendered for the session whose form token is `csrf` from exactly `basis`, if it was kept.
    func page(for key: Key, basis: Basis, csrf: String) -> String? {
        guard !csrf.isEmpty else { return nil }
        return entries.withLockedValue { state in
            guard let kept = state.entries[key]?.pages[csrf], kept.basis == basis else { return nil }
            return kept.page
        }
    }

    /// Keeps the page rendered for the session whose form token is `csrf` from `basis`.
    func keepPage(_ page: String, for key: Key, basis: Basis, csrf: String) {
        guard !csrf.isEmpty else { return }
        entries.withLockedValue { state in
            guard var entry = state.entries[key] else { return }
            // Pages made from other parts than these are of no more use.
            entry.pages = entry.pages.filter { $0.value.basis.parts == basis.parts }
            if entry.pages.count >= Self.pagesPerPerson { entry.pages = [:] }
            entry.pages[csrf] = (basis, page)
            state.entries[key] = entry
        }
    }

    /// Lets every part and page go: the next home page of everyone is made afresh.
    func forget() {
        entries.withLockedValue { $0.entries = [:] }
    }
}
