// Mail about declarations: a link and who it is for, never the other person's name or the relationship (mail is
// read on shared screens and leaves the school's control).

import Fluent
import Foundation
import StewardCore

enum DeclarationMail {
    /// Tells the people it is routed to that a declaration waits for them.
    static func toReviewers(_ declaration: Declaration, base: URL, on db: any Database) async throws {
        let link = base.address(of: DeclarationPaths.show(try declaration.requireID()))
        for reviewer in try await Declarations.reviewers(of: declaration, on: db) {
            try await Outbox.enqueue(
                on: db, schoolID: declaration.schoolID, declarationID: declaration.id, kind: "declaration_review",
                to: reviewer.email,
                subject: "A declaration for you to review",
                body: "Hello \(reviewer.forename),\n\nA member of staff has declared a relationship with someone "
                    + "connected to the school, and it comes to you to review (policy 1.5). Please open it, talk to "
                    + "them if you need to, and record the outcome:\n\n\(link)\n\nSteward")
        }
    }

    /// Tells the declarer an outcome has been recorded.
    static func toDeclarer(_ declaration: Declaration, base: URL, on db: any Database) async throws {
        guard let declarer = try await Person.find(declaration.declarerID, on: db), declarer.active else { return }
        let link = base.address(of: DeclarationPaths.show(try declaration.requireID()))
        try await Outbox.enqueue(
            on: db, schoolID: declaration.schoolID, declarationID: declaration.id, kind: "declaration_outcome",
            to: declarer.email,
            subject: "Your declaration has been reviewed",
            body: "Hello \(declarer.forename),\n\nThe outcome of your declaration has been recorded. You can read it "
                + "here:\n\n\(link)\n\nSteward")
    }

    /// Tells the holders of `role` (the headteacher or the safeguarding lead) a declaration has been passed to them.
    static func passedOn(_ declaration: Declaration, to role: Role, base: URL, on db: any Database) async throws {
        let link = base.address(of: DeclarationPaths.show(try declaration.requireID()))
        let excluded = Set([declaration.declarerID] + (declaration.partyPersonID.map { [$0] } ?? []))
        let ids = Set(try await Declarations.holders(of: role, in: declaration.schoolID, on: db)).subtracting(excluded)
        guard !ids.isEmpty else { return }
        for person in try await Person.query(on: db).filter(\.$id ~~ ids).all() {
            try await Outbox.enqueue(
                on: db, schoolID: declaration.schoolID, declarationID: declaration.id, kind: "declaration_passed",
                to: person.email,
                subject: "A declaration has been passed to you",
                body: "Hello \(person.forename),\n\nA declaration of a relationship has been passed to you as "
                    + "\(role.title.lowercased()). Please open it and record what happens next:\n\n\(link)\n\nSteward")
        }
    }
}
