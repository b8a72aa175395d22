// Concerns and confidential cases (policy 3, 4.3, 4.8, 5): reporting, handling, figures and deadline reminders.

import Fluent
import StewardCore
import Vapor

struct ConcernsFeature: Feature {
    let name = "concerns"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: ConcernController())
        try api.register(collection: ConcernAPIController())
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(title: "Concerns", path: ConcernPaths.list(), action: .viewConcerns, order: 20)]
    }

    var recurringJobs: [RecurringJob] {
        [
            RecurringJob(
                kind: CaseReminders.kind,
                schedule: .every(seconds: 3600, firstDue: { Jobs.next(hour: 7, weekday: nil, after: $0) })
            ) { _, app in _ = try await CaseReminders.run(app: app) }
        ]
    }

    /// Every record of a case that names the person, only for cases `viewer` sees in full: a case is confidential,
    /// and even that one exists about someone is for the handling team alone.
    var personalData: [PersonalData] {
        @Sendable func visible(_ viewer: Actor, _ db: any Database) async throws -> [UUID] {
            Array(try await CaseSideDoors.visibleCaseIDs(to: viewer, in: viewer.schoolIDs, on: db))
        }
        @Sendable func caseRow(_ item: Case) -> [String: String] {
            [
                "reference": item.reference, "category": item.category.neutralTitle, "state": item.state.title,
                "reported": Display.time(item.createdAt), "whatHappened": item.whatHappened,
            ]
        }
        return [
            PersonalData(
                title: "Concerns they reported", table: "cases", column: "reporter_id",
                handling: .decide("a concern and what the handlers know of it")
            ) { id, viewer, db in
                try await Case.query(on: db).filter(\.$reporterID == id).filter(\.$id ~~ visible(viewer, db))
                    .sort(\.$createdAt).all().map(caseRow)
            },
            PersonalData(
                title: "Concerns about them", table: "cases", column: "subject_person_id",
                handling: .decide("a concern about them, with who reported it")
            ) { id, viewer, db in
                // A false or malicious allegation taken off their records is not among them.
                try await Case.query(on: db).filter(\.$subjectPersonID == id).filter(\.$unlinkedAt == nil)
                    .filter(\.$id ~~ visible(viewer, db)).sort(\.$createdAt).all().map(caseRow)
            },
            PersonalData(
                title: "Case entries they wrote", table: "case_entries", column: "author_id",
                handling: .decide("the chronology of a case")
            ) {
                id, viewer, db in
                try await CaseEntry.query(on: db).filter(\.$authorID == id).filter(\.$caseID ~~ visible(viewer, db))
                    .sort(\.$createdAt).all().map {
                        ["at": Display.time($0.createdAt), "kind": $0.kind, "text": $0.text]
                    }
            },
            PersonalData(
                title: "Cases they were added to", table: "case_members", column: "person_id",
                handling: .decide("a case they were asked to help with")
            ) {
                id, viewer, db in
                try await CaseMember.query(on: db).filter(\.$personID == id).filter(\.$caseID ~~ visible(viewer, db))
                    .all().map { ["added": Display.time($0.addedAt)] }
            },
            PersonalData(
                title: "People they added to cases", table: "case_members", column: "added_by",
                handling: .decide("who was added to a case")
            ) {
                id, viewer, db in
                try await CaseMember.query(on: db).filter(\.$addedBy == id).filter(\.$caseID ~~ visible(viewer, db))
                    .all().map { ["added": Display.time($0.addedAt)] }
            },
            PersonalData(
                title: "Evidence they uploaded", table: "case_evidence", column: "uploaded_by",
                handling: .decide("evidence in a case")
            ) {
                id, viewer, db in
                try await CaseEvidence.query(on: db).filter(\.$uploadedBy == id)
                    .filter(\.$caseID ~~ visible(viewer, db)).field(\.$id).field(\.$caseID).field(\.$filename)
                    .field(\.$uploadedAt).all().map { ["file": $0.filename, "uploaded": Display.time($0.uploadedAt)] }
            },
        ]
    }

    var retention: [RetentionRule] {
        [
            RetentionRule(
                key: "cases", records: "Concerns and cases, with their chronology and evidence", period: nil,
                after:
                    "kept under the retention schedule (Records kept); a legal hold keeps a case whatever its period",
                purge: nil)
        ]
    }
}
