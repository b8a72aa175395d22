// The home page kept between requests: only for the same person, school and roles, at the same audit stamp, briefly.

import Foundation
import StewardCore
import Testing

@testable import App

@Suite("Home pages kept between requests")
struct HomeCacheTests {
    let person = UUID()
    let school = UUID()
    let otherSchool = UUID()

    func actor(_ roles: Set<Role>, person: UUID? = nil, in school: UUID? = nil) -> Actor {
        let schoolID = school ?? self.school
        return Actor(
            personID: person ?? self.person, schoolID: schoolID,
            rolesBySchool: [self.school: roles, otherSchool: []].merging([schoolID: roles]) { $1 })
    }

    func content(_ forename: String) -> HomeController.HomeContent {
        HomeController.HomeContent(
            forename: forename, roles: [], kind: "Employee", twoFactorEnabled: false, twoFactorOffered: true,
            links: [], work: [], figures: [], schools: [])
    }

    @Test("Served again only to the same person, school and roles, at the same stamp, for under 20 seconds")
    func keptOnlyWhileNothingChanged() {
        let cache = HomeCache()
        let now = Date()
        let teacher = actor([.staff])
        cache.keep(content("Ann"), for: .init(teacher), stamp: 41, now: now)
        #expect(cache.content(for: .init(teacher), stamp: 41, now: now)?.forename == "Ann")
        #expect(cache.content(for: .init(teacher), stamp: 41, now: now.addingTimeInterval(19.9))?.forename == "Ann")
        // Time alone: a deadline passes, a case goes quiet.
        #expect(cache.content(for: .init(teacher), stamp: 41, now: now.addingTimeInterval(20)) == nil)
        // Anything written anywhere moves the stamp.
        #expect(cache.content(for: .init(teacher), stamp: 42, now: now) == nil)
        #expect(cache.content(for: .init(teacher), stamp: 40, now: now) == nil)
        #expect(cache.content(for: .init(teacher), stamp: nil, now: now) == nil)
        // Another person, another school, other roles: never someone else's page.
        #expect(cache.content(for: .init(actor([.staff], person: UUID())), stamp: 41, now: now) == nil)
        #expect(cache.content(for: .init(actor([.staff], in: otherSchool)), stamp: 41, now: now) == nil)
        #expect(cache.content(for: .init(actor([.staff, .lineManager])), stamp: 41, now: now) == nil)
        #expect(cache.content(for: .init(actor([])), stamp: 41, now: now) == nil)
    }

    @Test("Nothing is kept without a stamp, and the oldest half goes when full")
    func noStampAndCapacity() {
        let cache = HomeCache()
        let now = Date()
        cache.keep(content("Ann"), for: .init(actor([.staff])), stamp: nil, now: now)
        #expect(cache.content(for: .init(actor([.staff])), stamp: nil, now: now) == nil)
        let first = actor([.staff], person: UUID())
        cache.keep(content("First"), for: .init(first), stamp: 1, now: now)
        for index in 1..<HomeCache.capacity {
            cache.keep(
                content("P\(index)"), for: .init(actor([.staff], person: UUID())), stamp: 1,
                now: now.addingTimeInterval(Double(index) / 10_000))
        }
        #expect(cache.content(for: .init(first), stamp: 1, now: now.addingTimeInterval(1))?.forename == "First")
        let last = actor([.staff], person: UUID())
        cache.keep(content("Last"), for: .init(last), stamp: 1, now: now.addingTimeInterval(1))
        #expect(cache.content(for: .init(first), stamp: 1, now: now.addingTimeInterval(1)) == nil)
        #expect(cache.content(for: .init(last), stamp: 1, now: now.addingTimeInterval(1))?.forename == "Last")
    }
}
