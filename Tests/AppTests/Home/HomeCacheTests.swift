// The home page kept between requests, part by part: only for the same person, school and roles, until a change
// reaches the part, briefly.

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

    func part(_ title: String) -> HomeCache.Part {
        HomeCache.Part(work: [WorkItem(title: title, href: "/", status: "", urgent: false)])
    }

    func title(_ kept: HomeCache.Kept?) -> String? { kept?.part.work.first?.title }

    func basis(_ parts: [Int], live: [HomeCache.Part] = [], frame: String = "Ann") -> HomeCache.Basis {
        HomeCache.Basis(parts: parts, live: live, frame: frame)
    }

    /// A cache whose log has been read up to 41, the head when its first request came.
    func cache() -> HomeCache {
        let cache = HomeCache()
        _ = cache.changes.begin(at: 41)
        return cache
    }

    @Test(
        "A part is served again only to the same person, school and roles, while no change reached it, for under 20 s")
    func keptOnlyWhileNothingChanged() {
        let cache = cache()
        let now = Date()
        let teacher = actor([.staff])
        cache.keep(part("Ann"), "policies", for: .init(teacher), stamp: 41, now: now)
        #expect(title(cache.part("policies", for: .init(teacher), now: now)) == "Ann")
        #expect(title(cache.part("policies", for: .init(teacher), now: now.addingTimeInterval(19.9))) == "Ann")
        // Time alone: a deadline passes, a case goes quiet.
        #expect(cache.part("policies", for: .init(teacher), now: now.addingTimeInterval(20)) == nil)
        // Another part, another person, another school, other roles: never someone else's.
        #expect(cache.part("concerns", for: .init(teacher), now: now) == nil)
        #expect(cache.part("policies", for: .init(actor([.staff], person: UUID())), now: now) == nil)
        #expect(cache.part("policies", for: .init(actor([.staff], in: otherSchool)), now: now) == nil)
        #expect(cache.part("policies", for: .init(actor([.staff, .lineManager])), now: now) == nil)
        #expect(cache.part("policies", for: .init(actor([])), now: now) == nil)
        // A change that reaches another part keeps it; one that reaches it, or an action not listed, does not.
        cache.changes.note([.init(seq: 42, school: school, action: "case.reported")], after: 41, upTo: 42)
        #expect(title(cache.part("policies", for: .init(teacher), now: now)) == "Ann")
        cache.changes.note([.init(seq: 43, school: otherSchool, action: "case.updated")], after: 42, upTo: 43)
        #expect(title(cache.part("policies", for: .init(teacher), now: now)) == "Ann")
        cache.changes.note([.init(seq: 44, school: school, action: "policy.acknowledged")], after: 43, upTo: 44)
        #expect(cache.part("policies", for: .init(teacher), now: now) == nil)
        cache.keep(part("Ann again"), "policies", for: .init(teacher), stamp: 44, now: now)
        #expect(title(cache.part("policies", for: .init(teacher), now: now)) == "Ann again")
        cache.changes.note([.init(seq: 45, school: school, action: "person.updated")], after: 44, upTo: 45)
        #expect(cache.part("policies", for: .init(teacher), now: now) == nil)
        // A part made at an older stamp than the last change is not served, even if kept after it.
        cache.keep(part("Late"), "policies", for: .init(teacher), stamp: 44, now: now)
        #expect(cache.part("policies", for: .init(teacher), now: now) == nil)
    }

    @Test("The trust's table of schools goes with any change anywhere")
    func trustTableGoesWithAnyChange() {
        let cache = cache()
        let now = Date()
        let admin = HomeCache.Key(actor([.trustAdmin]))
        cache.keep(part("Schools"), HomeCache.trustPart, for: admin, stamp: 41, now: now)
        cache.changes.note([.init(seq: 42, school: school, action: "case.opened")], after: 41, upTo: 42)
        #expect(title(cache.part(HomeCache.trustPart, for: admin, now: now)) == "Schools")
        cache.changes.note([.init(seq: 43, school: otherSchool, action: "policy.acknowledged")], after: 42, upTo: 43)
        #expect(cache.part(HomeCache.trustPart, for: admin, now: now) == nil)
    }

    @Test("Nothing is kept without a stamp or before the log is read, and the oldest half goes when full")
    func noStampAndCapacity() {
        let unread = HomeCache()
        unread.keep(part("Ann"), "policies", for: .init(actor([.staff])), stamp: 41)
        #expect(unread.part("policies", for: .init(actor([.staff]))) == nil)
        let cache = cache()
        let now = Date()
        #expect(cache.keep(part("Ann"), "policies", for: .init(actor([.staff])), stamp: nil, now: now) == nil)
        #expect(cache.part("policies", for: .init(actor([.staff])), now: now) == nil)
        let first = actor([.staff], person: UUID())
        cache.keep(part("First"), "policies", for: .init(first), stamp: 41, now: now)
        for index in 1..<HomeCache.capacity {
            cache.keep(
                part("P\(index)"), "policies", for: .init(actor([.staff], person: UUID())), stamp: 41,
                now: now.addingTimeInterval(Double(index) / 10_000))
        }
        #expect(title(cache.part("policies", for: .init(first), now: now.addingTimeInterval(1))) == "First")
        let last = actor([.staff], person: UUID())
        cache.keep(part("Last"), "policies", for: .init(last), stamp: 41, now: now.addingTimeInterval(1))
        #expect(cache.part("policies", for: .init(first), now: now.addingTimeInterval(1)) == nil)
        #expect(title(cache.part("policies", for: .init(last), now: now.addingTimeInterval(1))) == "Last")
    }

    @Test("A rendered page is served only for the same session's form token, made from exactly the parts given")
    func pagesFollowTheirParts() throws {
        let cache = cache()
        let teacher = HomeCache.Key(actor([.staff]))
        // Nothing kept for the person: a page is not kept either.
        cache.keepPage("orphan", for: teacher, basis: basis([1]), csrf: "a")
        #expect(cache.page(for: teacher, basis: basis([1]), csrf: "a") == nil)
        let ids = [
            try #require(cache.keep(part("A"), "policies", for: teacher, stamp: 41)),
            try #require(cache.keep(part("B"), "concerns", for: teacher, stamp: 41)),
        ]
        cache.keepPage("page-a", for: teacher, basis: basis(ids), csrf: "a")
        cache.keepPage("page-b", for: teacher, basis: basis(ids), csrf: "b")
        #expect(cache.page(for: teacher, basis: basis(ids), csrf: "a") == "page-a")
        #expect(cache.page(for: teacher, basis: basis(ids), csrf: "b") == "page-b")
        // Another session's token, no token, other parts, another person: nothing.
        #expect(cache.page(for: teacher, basis: basis(ids), csrf: "c") == nil)
        #expect(cache.page(for: teacher, basis: basis(ids), csrf: "") == nil)
        #expect(cache.page(for: teacher, basis: basis([ids[0]]), csrf: "a") == nil)
        #expect(cache.page(for: teacher, basis: basis(ids.reversed()), csrf: "a") == nil)
        #expect(cache.page(for: .init(actor([.staff, .lineManager])), basis: basis(ids), csrf: "a") == nil)
        // Something read live that was not there when the page was made (mail that failed): made again.
        #expect(cache.page(for: teacher, basis: basis(ids, live: [part("Mail failed")]), csrf: "a") == nil)
        cache.keepPage("page-mail", for: teacher, basis: basis(ids, live: [part("Mail failed")]), csrf: "m")
        #expect(cache.page(for: teacher, basis: basis(ids, live: [part("Mail failed")]), csrf: "m") == "page-mail")
        #expect(cache.page(for: teacher, basis: basis(ids, live: [part("Mail failed twice")]), csrf: "m") == nil)
        #expect(cache.page(for: teacher, basis: basis(ids), csrf: "m") == nil)
        // The person's own details changed: made again.
        #expect(cache.page(for: teacher, basis: basis(ids, frame: "Anne"), csrf: "a") == nil)
        // A part made again has a new id: the pages made from the old one are not served.
        let newer = try #require(cache.keep(part("A2"), "policies", for: teacher, stamp: 41))
        #expect(newer != ids[0])
        #expect(cache.page(for: teacher, basis: basis([newer, ids[1]]), csrf: "a") == nil)
        // A page made from other parts lets the old ones go; at most a few sessions' pages per person.
        cache.keepPage("new-a", for: teacher, basis: basis([newer, ids[1]]), csrf: "a")
        #expect(cache.page(for: teacher, basis: basis(ids), csrf: "b") == nil)
        for index in 0...HomeCache.pagesPerPerson {
            cache.keepPage("p\(index)", for: teacher, basis: basis([newer, ids[1]]), csrf: "\(index)")
        }
        let kept = (0...HomeCache.pagesPerPerson).filter {
            cache.page(for: teacher, basis: basis([newer, ids[1]]), csrf: "\($0)") != nil
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
