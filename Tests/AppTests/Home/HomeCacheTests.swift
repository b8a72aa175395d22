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

    @Test("A rendered page is served only for the same session's form token, with its content, while it is kept")
    func pagesFollowTheirContent() {
        let cache = HomeCache()
        let now = Date()
        let teacher = HomeCache.Key(actor([.staff]))
        // No content kept: a page is not kept either.
        cache.keepPage("orphan", for: teacher, stamp: 41, csrf: "a")
        #expect(cache.page(for: teacher, stamp: 41, csrf: "a", now: now) == nil)
        cache.keep(content("Ann"), for: teacher, stamp: 41, now: now)
        // A page rendered from older content is not kept with newer content.
        cache.keepPage("stale", for: teacher, stamp: 40, csrf: "a")
        #expect(cache.page(for: teacher, stamp: 41, csrf: "a", now: now) == nil)
        cache.keepPage("page-a", for: teacher, stamp: 41, csrf: "a")
        cache.keepPage("page-b", for: teacher, stamp: 41, csrf: "b")
        #expect(cache.page(for: teacher, stamp: 41, csrf: "a", now: now) == "page-a")
        #expect(cache.page(for: teacher, stamp: 41, csrf: "b", now: now) == "page-b")
        // Another session's token, no token, another stamp, too late, another person: nothing.
        #expect(cache.page(for: teacher, stamp: 41, csrf: "c", now: now) == nil)
        #expect(cache.page(for: teacher, stamp: 41, csrf: "", now: now) == nil)
        #expect(cache.page(for: teacher, stamp: 42, csrf: "a", now: now) == nil)
        #expect(cache.page(for: teacher, stamp: nil, csrf: "a", now: now) == nil)
        #expect(cache.page(for: teacher, stamp: 41, csrf: "a", now: now.addingTimeInterval(20)) == nil)
        #expect(cache.page(for: .init(actor([.staff, .lineManager])), stamp: 41, csrf: "a", now: now) == nil)
        // New content lets its old pages go.
        cache.keep(content("Ann"), for: teacher, stamp: 43, now: now)
        #expect(cache.page(for: teacher, stamp: 43, csrf: "a", now: now) == nil)
        // At most a few sessions' pages per person.
        for index in 0...HomeCache.pagesPerPerson {
            cache.keepPage("p\(index)", for: teacher, stamp: 43, csrf: "\(index)")
        }
        let kept = (0...HomeCache.pagesPerPerson).filter {
            cache.page(for: teacher, stamp: 43, csrf: "\($0)", now: now) != nil
        }
        #expect(kept.count <= HomeCache.pagesPerPerson && kept.contains(HomeCache.pagesPerPerson))
    }

    @Test("Two sessions of one person each get their own form token on a home page asked for again, and it works")
    func eachSessionItsOwnToken() async throws {
        try await withSteward { app, demo in
            let email = demo.account("st-cleopas", "teacher").email
            let phone = try await Browser.signedIn(app, as: email)
            let laptop = try await Browser.signedIn(app, as: email, address: "192.0.2.11")
            let phoneFirst = try #require(try await phone.get("/").csrf)
            let laptopFirst = try #require(try await laptop.get("/").csrf)
            #expect(phoneFirst != laptopFirst)
            // Asked for again (now served as kept): each still carries its own session's token.
            #expect(try await phone.get("/").csrf == phoneFirst)
            #expect(try await laptop.get("/").csrf == laptopFirst)
            let again = try await laptop.get("/")
            #expect(again.status == .ok && again.headers.contentType == .html)
            #expect(again.body.contains("<h2>Waiting for you</h2>"))
            // And the token from a kept page is accepted: signing out on the laptop works, the phone stays in.
            let out = try await laptop.post("/logout", [], csrf: laptopFirst)
            #expect(out.status == .seeOther)
            let signedOut = try await laptop.get("/")
            #expect(!signedOut.body.contains("Waiting for you"))
            let stillIn = try await phone.get("/")
            #expect(stillIn.body.contains("Waiting for you"))
        }
    }
}
