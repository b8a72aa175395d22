// Which line of the schedule keeps each case, and until when (issue 17, item 1): every outcome, with and without a
// member of staff it is about, with and without a pupil (whose date of birth may be missing); an open case is never
// listed. The expected answers are the issue's defaults.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Records management: how long each case is kept")
struct CaseRetentionTests {
    static func insert(
        _ app: Application, schoolID: UUID, reporter: UUID, subject: UUID?, pupil: UUID?, outcome: CaseOutcome?,
        reportedOn: CalendarDate, closedOn: CalendarDate?
    ) async throws -> UUID {
        let item = Case()
        let id = UUID()
        item.id = id
        item.schoolID = schoolID
        item.reference = "C-2020-\(id.uuidString.prefix(5))"
        item.category = .other
        item.state = closedOn == nil ? .investigation : .closed
        item.outcome = outcome
        item.whatHappened = "x"
        item.platform = "Email"
        item.involvedKind = pupil == nil ? "unknown" : "pupil"
        item.involvedDescription = ""
        item.involvedPupilID = pupil
        item.subjectPersonID = subject
        item.aboutHeadteacher = false
        item.reporterID = reporter
        item.createdAt = PurgeFixture.date(reportedOn)
        item.lastEntryAt = item.createdAt
        try await item.create(on: app.db)
        if let closedOn { try await PurgeFixture.close(app, id, on: closedOn, outcome: outcome) }
        return id
    }

    @Test("Every outcome × about staff or not × a pupil with a birthday, without one, or none; open cases unlisted")
    func table() async throws {
        try await withSteward { app, demo in
            let schoolID = try await app.schoolID("st-cleopas")
            let reporter = try await app.personID(demo.account("st-cleopas", "teacher").email)
            let ta = try await app.personID(demo.account("st-cleopas", "ta").email)
            let pupils = try await RosterPupil.query(on: app.db).inSchool(schoolID).limit(2).all()
            let born = try #require(pupils.first)
            let unborn = try #require(pupils.last)
            born.dateOfBirth = "2012-02-29"
            unborn.dateOfBirth = nil
            try await born.update(on: app.db)
            try await unborn.update(on: app.db)
            let reported = CalendarDate(year: 2020, month: 3, day: 10)!
            let closed = CalendarDate(year: 2021, month: 1, day: 31)!
            let schedule = Dictionary(uniqueKeysWithValues: RetentionScheduleRule.defaults.map { ($0.key, $0) })
            let pensionNote =
                "the person's date of birth is not recorded, so their normal pension age cannot be counted"
            let pupilNote = "the pupil's date of birth is not on the roster, so their age cannot be counted"

            for outcome in [nil] + CaseOutcome.allCases {
                for subject in [nil, ta] {
                    for pupil in [nil, born.id, unborn.id] {
                        let label =
                            "\(outcome?.rawValue ?? "none") subject:\(subject != nil) pupil:\(pupil == nil ? "none" : pupil == born.id ? "born" : "unknown")"
                        let id = try await Self.insert(
                            app, schoolID: schoolID, reporter: reporter, subject: subject, pupil: pupil,
                            outcome: outcome, reportedOn: reported, closedOn: closed)
                        let open = try await Self.insert(
                            app, schoolID: schoolID, reporter: reporter, subject: subject, pupil: pupil,
                            outcome: outcome, reportedOn: reported, closedOn: nil)
                        let records = try await ConcernsFeature.retained(schoolID, schedule, on: app.db)
                        #expect(!records.contains { $0.id == open }, "\(label): an open case was listed")
                        let mine = records.filter { $0.id == id }
                        // What the issue says.
                        let allegation =
                            subject != nil && [.substantiated, .unsubstantiated, .unfounded].contains(outcome)
                        let falseOne = subject != nil && [.false, .malicious].contains(outcome)
                        var expected: [(String, RetentionExpiry)] = []
                        if falseOne { expected.append(("false_allegations", .removeOn(closed))) }
                        if allegation {
                            expected.append(("allegations", .needsDecision(pensionNote)))
                        } else if pupil == born.id {
                            expected.append(("pupil_cases", .removeOn(CalendarDate(year: 2037, month: 2, day: 28)!)))
                        } else if pupil == unborn.id {
                            expected.append(("pupil_cases", .needsDecision(pupilNote)))
                        } else {
                            expected.append(("cases", .removeOn(CalendarDate(year: 2027, month: 1, day: 31)!)))
                        }
                        #expect(
                            mine.map { "\($0.rule) \($0.expiry)" }.sorted()
                                == expected.map { "\($0.0) \($0.1)" }.sorted(), "\(label)")
                        for record in mine {
                            #expect(record.caseID == id && record.people.contains(reporter), "\(label)")
                            #expect(record.people.contains(ta) == (subject != nil), "\(label)")
                        }
                        try await Case.query(on: app.db).filter(\.$id ~~ [open]).delete()
                        try await PurgePermit.during([id], on: app.db) {
                            try await CaseEntry.query(on: app.db).filter(\.$caseID == id).delete()
                        }
                        try await Case.query(on: app.db).filter(\.$id == id).delete()
                    }
                }
            }
        }
    }

    @Test("A false allegation leaves the person's records at closure, yet they still can never read it")
    func falseAllegationUnlinked() async throws {
        try await withSteward { app, demo in
            let schoolID = try await app.schoolID("st-cleopas")
            let reporter = try await app.personID(demo.account("st-cleopas", "teacher").email)
            // The DSL handles cases, so only being its subject keeps them out of this one.
            let dslEmail = demo.account("st-cleopas", "dsl").email
            let dsl = try await app.personID(dslEmail)
            let closed = CalendarDate(year: 2024, month: 5, day: 1)!
            let id = try await Self.insert(
                app, schoolID: schoolID, reporter: reporter, subject: dsl, pupil: nil, outcome: .malicious,
                reportedOn: closed, closedOn: closed)
            let head = try #require(
                try await Person.query(on: app.db).filter(\.$email == demo.account("st-cleopas", "headteacher").email)
                    .first())
            let viewer = try await ActorLoader.load(person: head, currentSchoolID: nil, on: app.db)
            func aboutThem() async throws -> Int {
                try await Features.heldRecords(about: dsl, viewer: viewer, on: app.db)
                    .first { $0.title == "Concerns about them" }?.rows.count ?? 0
            }
            #expect(try await aboutThem() == 1)
            // Listed first, taken off their records after the notice.
            try await RecordsPurge.run(schoolID: schoolID, today: closed.adding(days: 1), app: app)
            #expect(try await Case.find(id, on: app.db)?.unlinkedAt == nil)
            try await RecordsPurge.run(schoolID: schoolID, today: closed.adding(days: 31), app: app)
            let item = try #require(try await Case.find(id, on: app.db))
            #expect(item.unlinkedAt != nil)
            #expect(try await aboutThem() == 0)
            #expect(try await CaseEntry.query(on: app.db).filter(\.$caseID == id).count() == 1)
            // Still hidden from them: the case page, and their list.
            let browser = try await Browser.signedIn(app, as: dslEmail)
            #expect(try await browser.get(ConcernPaths.show(id)).status == .notFound)
            #expect(!(try await browser.get(ConcernPaths.list())).body.contains(item.reference))
            // Not listed again.
            try await RecordsPurge.run(schoolID: schoolID, today: closed.adding(days: 62), app: app)
            #expect(
                try await PurgeNotice.query(on: app.db).filter(\.$recordID == id).filter(\.$rule == "false_allegations")
                    .count() == 0)
        }
    }
}
