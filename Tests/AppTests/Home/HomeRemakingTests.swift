// One person's home-page parts remade once when several of their requests need them at the same moment.

import Foundation
import StewardCore
import Testing

@testable import App

@Suite("Home parts remade once for requests that need them together")
struct HomeRemakingTests {
    let school = UUID()

    struct Failed: Error {}

    /// Counts the remakings that ran, and holds each until it is let go.
    actor Remaker {
        private(set) var runs = 0
        private var open = false
        private var held: [CheckedContinuation<Void, Never>] = []
        var failing = false

        /// One remaking: counted, held until `letGo`, then the parts (or an error, while `failing`).
        func remake(_ names: [String], marked mark: String) async throws -> [String: HomeCache.Kept] {
            runs += 1
            if !open { await withCheckedContinuation { held.append($0) } }
            if failing { throw Failed() }
            return Dictionary(
                uniqueKeysWithValues: names.map {
                    (
                        $0,
                        HomeCache.Kept(
                            part: .init(work: [.init(title: mark, href: "/", status: "", urgent: false)]), id: runs)
                    )
                })
        }

        func letGo() {
            open = true
            for continuation in held { continuation.resume() }
            held = []
        }

        func fail() { failing = true }
    }

    func key(_ person: UUID = UUID()) -> HomeCache.Key {
        HomeCache.Key(Actor(personID: person, schoolID: school, rolesBySchool: [school: [.staff]]))
    }

    /// A cache whose log has been read up to 41.
    func cache() -> HomeCache {
        let cache = HomeCache()
        _ = cache.changes.begin(at: 41)
        return cache
    }

    /// Starts a request's remaking of `names` for `key` at `stamp`, in a task of its own.
    func request(
        _ cache: HomeCache, _ remaker: Remaker, _ names: [String], for key: HomeCache.Key, stamp: Int64?,
        mark: String
    ) -> Task<[String: HomeCache.Kept], any Error> {
        Task { try await cache.remade(names, for: key, stamp: stamp) { try await remaker.remake(names, marked: mark) } }
    }

    /// Waits (up to 10 s) until `count` requests are waiting for the remaking under way for `key`.
    func untilWaiting(_ count: Int, _ cache: HomeCache, _ key: HomeCache.Key) async throws {
        for _ in 0..<1_000 where cache.waiting(for: key) < count { try await Task.sleep(for: .milliseconds(10)) }
        #expect(cache.waiting(for: key) == count)
    }

    /// Waits (up to 10 s) until `count` remakings have begun.
    func untilRuns(_ count: Int, _ remaker: Remaker) async throws {
        for _ in 0..<1_000 where await remaker.runs < count { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await remaker.runs == count)
    }

    func marks(_ made: [String: HomeCache.Kept]) -> [String: String] {
        made.mapValues { $0.part.work.first?.title ?? "" }
    }

    @Test("Eight requests of one person for the same parts: one remaking, and all eight get its parts")
    func oneRemakingForABurst() async throws {
        let cache = cache()
        let remaker = Remaker()
        let person = key()
        let first = request(cache, remaker, ["concerns", "policies"], for: person, stamp: 41, mark: "first")
        try await untilRuns(1, remaker)
        let others = (0..<7).map {
            request(
                cache, remaker, $0.isMultiple(of: 2) ? ["concerns"] : ["concerns", "policies"], for: person,
                stamp: 41, mark: "other \($0)")
        }
        try await untilWaiting(7, cache, person)
        await remaker.letGo()
        #expect(marks(try await first.value) == ["concerns": "first", "policies": "first"])
        for (index, other) in others.enumerated() {
            let names = index.isMultiple(of: 2) ? ["concerns"] : ["concerns", "policies"]
            #expect(marks(try await other.value) == Dictionary(uniqueKeysWithValues: names.map { ($0, "first") }))
        }
        #expect(await remaker.runs == 1)
        // Once it is done, nothing is under way: the next request remakes (were its parts not kept).
        #expect(cache.waiting(for: person) == 0)
        _ = try await request(cache, remaker, ["concerns"], for: person, stamp: 41, mark: "later").value
        #expect(await remaker.runs == 2)
    }

    @Test("A request does not wait for a remaking that cannot serve it: other person, more parts, too old, no stamp")
    func noWaitingWhenItCannotServe() async throws {
        let cache = cache()
        let remaker = Remaker()
        let person = key()
        let first = request(cache, remaker, ["concerns"], for: person, stamp: 41, mark: "first")
        try await untilRuns(1, remaker)
        // Someone else, even with the same roles in the same school.
        let someoneElse = request(cache, remaker, ["concerns"], for: key(), stamp: 41, mark: "someone else")
        try await untilRuns(2, remaker)
        // A part the remaking under way does not make.
        let more = request(cache, remaker, ["concerns", "policies"], for: person, stamp: 41, mark: "more")
        try await untilRuns(3, remaker)
        // No stamp: nothing is kept or shared.
        let unstamped = request(cache, remaker, ["concerns"], for: person, stamp: nil, mark: "unstamped")
        try await untilRuns(4, remaker)
        await remaker.letGo()
        #expect(marks(try await first.value) == ["concerns": "first"])
        #expect(marks(try await someoneElse.value) == ["concerns": "someone else"])
        #expect(marks(try await more.value) == ["concerns": "more", "policies": "more"])
        #expect(marks(try await unstamped.value) == ["concerns": "unstamped"])
        #expect(await remaker.runs == 4)
    }

    @Test("A change that reaches the parts after the remaking began: later requests make them again, at its edge")
    func changeAfterTheRemakingBegan() async throws {
        let cache = cache()
        let remaker = Remaker()
        let person = key()
        // Began when the head was at 42, after a change at 42 that reached "concerns".
        cache.changes.note([.init(seq: 42, school: school, action: "case.reported")], after: 41, upTo: 42)
        let first = request(cache, remaker, ["concerns"], for: person, stamp: 42, mark: "at 42")
        try await untilRuns(1, remaker)
        // A change that does not reach the part: the remaking under way still serves.
        cache.changes.note([.init(seq: 43, school: school, action: "policy.imported")], after: 42, upTo: 43)
        let unreached = request(cache, remaker, ["concerns"], for: person, stamp: 43, mark: "unreached")
        try await untilWaiting(1, cache, person)
        // A change that reaches it: the remaking under way may not show it, so the next request makes its own.
        cache.changes.note([.init(seq: 44, school: school, action: "case.reported")], after: 43, upTo: 44)
        let reached = request(cache, remaker, ["concerns"], for: person, stamp: 44, mark: "at 44")
        try await untilRuns(2, remaker)
        // And a request after that waits for the newer one.
        let after = request(cache, remaker, ["concerns"], for: person, stamp: 44, mark: "after")
        try await untilWaiting(1, cache, person)
        await remaker.letGo()
        #expect(marks(try await first.value) == ["concerns": "at 42"])
        #expect(marks(try await unreached.value) == ["concerns": "at 42"])
        #expect(marks(try await reached.value) == ["concerns": "at 44"])
        #expect(marks(try await after.value) == ["concerns": "at 44"])
        #expect(await remaker.runs == 2)
    }

    @Test("When the remaking waited for fails, the request that made it fails and each waiting one makes its own")
    func failedRemaking() async throws {
        let cache = cache()
        let remaker = Remaker()
        let person = key()
        let first = request(cache, remaker, ["concerns"], for: person, stamp: 41, mark: "first")
        try await untilRuns(1, remaker)
        let waiting = request(cache, remaker, ["concerns"], for: person, stamp: 41, mark: "waiting")
        try await untilWaiting(1, cache, person)
        await remaker.fail()
        await remaker.letGo()
        await #expect(throws: (any Error).self) { try await first.value }
        // Its own remaking fails too here (the remaker still fails), but it was its own: a second run.
        await #expect(throws: (any Error).self) { try await waiting.value }
        #expect(await remaker.runs == 2)
        #expect(cache.waiting(for: person) == 0)
    }
}
