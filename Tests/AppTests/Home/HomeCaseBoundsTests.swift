// Issue 15, item 7: a handler's home lists the oldest ten concerns of each kind and counts the rest, so it stays short
// and cheap however many cases are open; the database selects the cases by kind, and what it selects is exactly what
// the case rules give, case by case, for every person of the demo school.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Home pages: cases listed by kind, the rest counted")
struct HomeCaseBoundsTests {
    @Test(
        "New concerns: the oldest 10 are listed and the rest counted, at 10, 11 and 13 waiting",
        arguments: [
            (10, nil), (11, "1 more concern has not been looked at yet"),
            (13, "3 more concerns have not been looked at yet"),
        ] as [(Int, String?)])
    func newConcernsBounded(waiting: Int, more: String?) async throws {
        try await withSteward { app, demo in
            let school = try await app.schoolID("st-cleopas")
            let teacher = try await app.personID(demo.account("st-cleopas", "teacher").email)
            var made: [Case] = []
            // Made newest first, so that insertion order is not the order wanted.
            for day in (1...waiting).reversed() {
                made.append(
                    try await HomeWorkTests.makeCase(
                        app, school: school, reporter: teacher, state: .new, reported: Double(day) / 10,
                        lastEntry: Double(day) / 10, text: "bounded-\(day)"))
            }
            let browser = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let work = HomeWorkTests.waiting(try await browser.get("/"))
            let oldestFirst = made.sorted { $0.createdAt < $1.createdAt }
            for item in oldestFirst.prefix(10) { #expect(work.contains(item.reference), "\(item.reference)") }
            for item in oldestFirst.dropFirst(10) { #expect(!work.contains(item.reference), "\(item.reference)") }
            if let more {
                #expect(work.contains(more))
            } else {
                #expect(!work.contains("more concern"))
            }
            #expect(!work.contains("bounded-"))
        }
    }

    @Test(
        "Quiet cases: the 10 quietest are listed and the rest counted, at 10 and 11",
        arguments: [(10, nil), (11, "1 more case has had no entry for 14 days")] as [(Int, String?)])
    func quietCasesBounded(quiet: Int, more: String?) async throws {
        try await withSteward { app, demo in
            let school = try await app.schoolID("st-cleopas")
            let teacher = try await app.personID(demo.account("st-cleopas", "teacher").email)
            var made: [Case] = []
            for day in 0..<quiet {
                made.append(
                    try await HomeWorkTests.makeCase(
                        app, school: school, reporter: teacher, state: .investigation, reported: 60,
                        lastEntry: 15 + Double(day), text: "quiet"))
            }
            let browser = try await Browser.signedIn(app, as: demo.account("st-cleopas", "dsl").email)
            let work = HomeWorkTests.waiting(try await browser.get("/"))
            let quietestFirst = made.sorted { $0.lastEntryAt < $1.lastEntryAt }
            for item in quietestFirst.prefix(10) { #expect(work.contains(item.reference)) }
            for item in quietestFirst.dropFirst(10) { #expect(!work.contains(item.reference)) }
            if let more {
                #expect(work.contains(more))
            } else {
                #expect(!work.contains("more case"))
            }
        }
    }

    @Test("Open concerns by age: both sides of 7 and of 30 days")
    func ageBoundaries() async throws {
        try await withSteward { app, demo in
            let school = try await app.schoolID("st-cleopas")
            let teacher = try await app.personID(demo.account("st-cleopas", "teacher").email)
            for days in [6.99, 7.01, 29.99, 30.01] {
                _ = try await HomeWorkTests.makeCase(
                    app, school: school, reporter: teacher, state: .triage, reported: days, lastEntry: 0.5, text: "x")
            }
            _ = try await HomeWorkTests.makeCase(
                app, school: school, reporter: teacher, state: .closed, reported: 3, lastEntry: 1, text: "x")
            let governor = try await Browser.signedIn(app, as: demo.account("st-cleopas", "governor").email)
            let page = try await governor.get("/")
            #expect(page.body.contains("Open concerns: 4"))
            #expect(page.body.contains("1 opened in the last 7 days, 2 open 8 to 30 days, 1 open over 30 days"))
        }
    }

    @Test("For every person of the school, the home lists and counts exactly the cases the rules give them")
    func kindsAgreeWithTheRules() async throws {
        try await withSteward { app, demo in
            let school = try await app.schoolID("st-cleopas")
            let teacher = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let emails: [String] = demo.accounts.accounts.filter { $0.school == "st-cleopas" }.map(\.email)
            // Every kind of case: about the headteacher or not, about nobody or about each person in turn.
            var subjects: [UUID?] = [nil]
            for email in emails { subjects.append(try await app.personID(email)) }
            var cases: [Case] = []
            for about in [false, true] {
                for subject in subjects {
                    cases.append(
                        try await HomeWorkTests.makeCase(
                            app, school: school, reporter: teacher, state: .new, reported: 0.1, lastEntry: 0.1,
                            aboutHeadteacher: about, subject: subject, text: "kind"))
                }
            }
            let readerRoles: [Role] = [.headteacher, .chairOfGovernors, .governor, .trustAdmin]
            let readers = try await RoleAssignment.query(on: app.db).filter(\.$role ~~ readerRoles).all()
                .map { $0.$person.id }
            #expect(readers.count >= 3)
            var listedByAnyone = 0
            for email in emails {
                let local = email
                let person = try #require(try await Person.find(try await app.personID(email), on: app.db))
                let actor = try await ActorLoader.load(person: person, currentSchoolID: school, on: app.db)
                let handled = cases.filter {
                    let facts = CaseFacts(
                        schoolID: school, reporterID: teacher, subjectIDs: $0.subjectPersonID.map { [$0] } ?? [],
                        aboutHeadteacher: $0.aboutHeadteacher)
                    if case .full(canHandle: true) = CaseAccess.visibility(of: facts, to: actor) { return true }
                    return false
                }
                // Figures count what every reader of figures may know of (the issue): not a case about the
                // headteacher, nor one about a headteacher, chair, governor or trust administrator.
                let counted = cases.filter { item in
                    !item.aboutHeadteacher && !readers.contains { $0 == item.subjectPersonID }
                }
                let browser = try await Browser.signedIn(app, as: email)
                let page = try await browser.get("/")
                let work = HomeWorkTests.waiting(page)
                let listed = cases.filter { work.contains($0.reference) }.map(\.reference)
                // Ten at most are listed; the rest are counted.
                #expect(listed.count == min(handled.count, 10), "\(local)")
                #expect(Set(listed).isSubset(of: Set(handled.map(\.reference))), "\(local)")
                if handled.count > 10 {
                    #expect(work.contains("\(handled.count - 10) more concern"), "\(local)")
                }
                listedByAnyone += listed.count
                if AccessPolicy.can(actor, .viewCaseFigures, .schoolRecord(schoolID: school)) == .allowed {
                    // One school's figures as a list; a trust's as a table, a row per school.
                    let shown =
                        page.body.contains("The trust's schools")
                        ? page.body.contains(">\(counted.count)</span><br>")
                        : page.body.contains("Open concerns: \(counted.count)<")
                    #expect(shown, "\(local)")
                }
            }
            #expect(listedByAnyone > 0)
        }
    }
}
