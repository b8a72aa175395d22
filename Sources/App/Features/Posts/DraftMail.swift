// Mail about a draft: a link and what happened, never the post's words (they may name a pupil).

import Fluent
import Foundation
import StewardCore
import Vapor

enum DraftMail {
    /// Tells `personID` what happened to a draft, with a link to it; queued in the caller's write.
    static func tell(
        _ personID: UUID, about draftID: UUID, schoolID: UUID, subject: String, lines: String, baseURL: URL,
        on db: any Database
    ) async throws {
        guard
            let person = try await Person.query(on: db).inSchool(schoolID).filter(\.$id == personID)
                .filter(\.$active == true).first()
        else { return }
        try await Outbox.enqueue(
            on: db, schoolID: schoolID, kind: "draft", to: person.email, subject: subject,
            body: """
                Hello \(person.forename),

                \(lines)

                \(baseURL.address(of: PostPaths.show(draftID)))

                Steward
                """)
    }

    /// Tells the people who may approve a draft that it is waiting: the administrators of its accounts, or the
    /// headteachers when no one administers them all.
    static func tellReviewers(_ file: DraftFile, baseURL: URL, on db: any Database) async throws {
        let schoolID = file.draft.schoolID
        let accounts = Set(file.accounts.compactMap(\.id))
        let rows = try await AccountAdministrator.query(on: db).inSchool(schoolID).filter(\.$accountID ~~ accounts)
            .all()
        var byPerson: [UUID: Set<UUID>] = [:]
        for row in rows { byPerson[row.personID, default: []].insert(row.accountID) }
        var reviewers = Set(byPerson.filter { accounts.isSubset(of: $0.value) }.keys)
        if reviewers.subtracting([file.draft.authorID]).isEmpty {
            reviewers = Set(
                try await RoleAssignment.query(on: db).filter(\.$role == .headteacher).heldIn(schoolID).all()
                    .map(\.$person.id))
        }
        for personID in reviewers.subtracting([file.draft.authorID]).sorted(by: { $0.uuidString < $1.uuidString }) {
            try await tell(
                personID, about: file.id, schoolID: schoolID, subject: "A post is waiting for your approval",
                lines:
                    "A draft post for \(file.accounts.map(\.title).joined(separator: ", ")) is waiting for your approval.",
                baseURL: baseURL, on: db)
        }
    }
}
