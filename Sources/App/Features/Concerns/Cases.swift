// Reporting a concern and handling the case: every write audited, every opening audited, mail with a reference only.

import Crypto
import Fluent
import Foundation
import SQLKit
import StewardCore
import Vapor

enum Cases {
    /// The facts that decide who sees `item`.
    static func facts(_ item: Case, on db: any Database) async throws -> CaseFacts {
        let caseID = try item.requireID()
        let members = try await CaseMember.query(on: db).filter(\.$caseID == caseID).all()
        return CaseFacts(
            schoolID: item.schoolID, reporterID: item.reporterID,
            subjectIDs: item.subjectPersonID.map { [$0] } ?? [], aboutHeadteacher: item.aboutHeadteacher,
            addedIDs: Set(members.map(\.personID)))
    }

    /// The facts of many cases, with one query for all their members.
    static func facts(of cases: [Case], on db: any Database) async throws -> [UUID: CaseFacts] {
        let ids = cases.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let members = try await CaseMember.query(on: db).filter(\.$caseID ~~ ids).all()
        let added = Dictionary(grouping: members, by: \.caseID).mapValues { Set($0.map(\.personID)) }
        var result: [UUID: CaseFacts] = [:]
        for item in cases {
            guard let id = item.id else { continue }
            result[id] = CaseFacts(
                schoolID: item.schoolID, reporterID: item.reporterID,
                subjectIDs: item.subjectPersonID.map { [$0] } ?? [], aboutHeadteacher: item.aboutHeadteacher,
                addedIDs: added[id] ?? [])
        }
        return result
    }

    /// A new reference for the school: `C-2026-K7QXM`. Random rather than counted, so that someone who sees two
    /// references cannot tell how many cases lie between them, or that one exists they cannot see.
    static func nextReference(schoolID: UUID, on db: any Database, now: Date) async throws -> String {
        let year = CalendarDate(now).year
        let alphabet = Array("ABCDEFGHJKMNPQRSTVWXYZ23456789")
        while true {
            var generator = SystemRandomNumberGenerator()
            let code = String((0..<5).compactMap { _ in alphabet.randomElement(using: &generator) })
            let reference = "C-\(year)-\(code)"
            let taken = try await Case.query(on: db).inSchool(schoolID)
                .filter(\.$reference == reference).count()
            if taken == 0 { return reference }
        }
    }

    /// The people who must hear of a new concern: the handlers of the school who may see it.
    static func handlers(of item: Case, facts: CaseFacts, on db: any Database) async throws -> [Person] {
        let roles = CaseAccess.handlerRoles(aboutHeadteacher: item.aboutHeadteacher)
        let assignments = try await RoleAssignment.query(on: db).heldIn(item.schoolID)
            .filter(\.$role ~~ Array(roles)).all()
        let people = try await Person.query(on: db).filter(\.$id ~~ assignments.map(\.$person.id))
            .filter(\.$active == true).all()
        return try await people.asyncFilter { person in
            let actor = try await ActorLoader.load(person: person, currentSchoolID: item.schoolID, on: db)
            if case .full(true) = CaseAccess.visibility(of: facts, to: actor) { return true }
            return false
        }
    }

    /// Mail to handlers: a reference and a link, never a name or a detail (issue: mail says nothing sensitive).
    static func notify(
        _ people: [Person], about item: Case, subject: String, line: String, baseURL: URL, on db: any Database
    ) async throws {
        let link = baseURL.address(of: ConcernPaths.show(try item.requireID()))
        for person in people {
            try await Outbox.enqueue(
                on: db, schoolID: item.schoolID, caseID: try item.requireID(), kind: "case", to: person.email,
                subject: "\(subject) \(item.reference)",
                body: "Hello \(person.forename),\n\n\(line) Reference \(item.reference).\n\n\(link)\n\nSteward")
        }
    }
}

extension Array {
    func asyncFilter(_ keep: (Element) async throws -> Bool) async rethrows -> [Element] {
        var result: [Element] = []
        for element in self where try await keep(element) { result.append(element) }
        return result
    }
}
