// Declarations of relationships with people connected to the school (policy 1.5): declaring, reviewing, the yearly
// confirmation, who is outstanding, and the school's month.

import Fluent
import StewardCore
import Vapor

struct DeclarationController: RouteCollection {
    /// More searches in an hour than anyone finding one person needs.
    struct TooManySearches: Error {}

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, DeclarationPaths.list, action: .viewDeclarations, use: index)
        routes.on(.GET, DeclarationPaths.new, action: .declare, use: newDeclaration)
        routes.on(.POST, DeclarationPaths.list, action: .declare, use: create)
        routes.on(.POST, DeclarationPaths.confirm, action: .declare, use: confirm)
        routes.on(.GET, DeclarationPaths.coverage, action: .viewObligationFigures, use: coverage)
        routes.on(.GET, DeclarationPaths.coverageCSV, action: .viewObligationFigures, use: coverageCSV)
        routes.on(.GET, DeclarationPaths.settings, action: .manageObligations, use: settings)
        routes.on(.POST, DeclarationPaths.settings, action: .manageObligations, use: saveSettings)
        routes.on(.GET, DeclarationPaths.show, action: .viewDeclarations, use: show)
        routes.on(.POST, DeclarationPaths.outcome, action: .reviewDeclarations, use: recordOutcome)
        routes.on(.POST, DeclarationPaths.close, action: .viewDeclarations, use: close)
    }

    /// Searches one person may make in an hour: plenty to find anyone, too few to read out the roster three letters
    /// at a time.
    static let searchesPerHour = 30
    /// Declarations one person may make in a day: more is a mistake or a flood of mail to their line manager.
    static let declarationsPerDay = 20

    /// How many of `actions` `actor` wrote in the audit log in the last `seconds`.
    static func recent(
        _ actions: [String], by actor: Actor, within seconds: TimeInterval, on db: any Database
    ) async throws -> Int {
        try await AuditEntry.query(on: db).filter(\.$actorID == actor.personID.uuidString)
            .filter(\.$action ~~ actions)
            .filter(\.$occurredAt >= AuditRecord.timestamp(Date().addingTimeInterval(-seconds))).count()
    }

    /// A pupil or person the surname search found: name and class only.
    struct Match: Encodable, Sendable {
        var id: String
        var label: String
        var selected: Bool
    }

    /// "Amy Smith, Oak": a pupil's name and class (or year group), all a declarer ever sees of the roster.
    static func label(_ pupil: RosterPupil) -> String {
        let forename =
            (pupil.preferredForename?.isEmpty == false ? pupil.preferredForename : nil) ?? pupil.legalForename
        let group = [pupil.className, pupil.yearGroup].compactMap { $0 }.first { !$0.isEmpty }
        return "\(forename) \(pupil.legalSurname)" + (group.map { ", \($0)" } ?? "")
    }

    static func name(_ pupil: RosterPupil) -> String {
        let forename =
            (pupil.preferredForename?.isEmpty == false ? pupil.preferredForename : nil) ?? pupil.legalForename
        return "\(forename) \(pupil.legalSurname)"
    }

    /// Pupils (for a pupil or parent) or people (for a colleague or governor) of the actor's school whose surname
    /// starts with `letters`, at most `DeclarationForm.searchLimit`, never the declarer; the search is audited.
    static func search(
        _ letters: String, party: DeclarationParty, actor: Actor, picked: String?, on req: Request
    ) async throws -> [Match] {
        let searched = try await recent(
            ["declaration.roster_searched", "declaration.people_searched"], by: actor, within: 3_600, on: req.db)
        guard searched < searchesPerHour else { throw TooManySearches() }
        let wanted = DeclarationForm.fold(letters)
        var matches: [Match] = []
        if party.isOnRoll {
            let pupils = try await RosterPupil.query(on: req.db).inSchool(of: actor).sort(\.$legalSurname)
                .sort(\.$legalForename).all()
            for pupil in pupils where DeclarationForm.fold(pupil.legalSurname).hasPrefix(wanted) {
                guard let id = pupil.id, matches.count < DeclarationForm.searchLimit else { break }
                matches.append(Match(id: id.uuidString, label: label(pupil), selected: picked == id.uuidString))
            }
        } else if party.isPerson {
            let people = try await Person.query(on: req.db).inSchool(of: actor).filter(\.$active == true)
                .filter(\.$id != actor.personID).sort(\.$surname).sort(\.$forename).all()
            for person in people where DeclarationForm.fold(person.surname).hasPrefix(wanted) {
                guard person.kind == .governor ? party == .governor : party == .colleague else { continue }
                guard let id = person.id, matches.count < DeclarationForm.searchLimit else { break }
                matches.append(Match(id: id.uuidString, label: person.fullName, selected: picked == id.uuidString))
            }
        }
        let found = matches.count
        try await req.write { _, audit in
            // A search of colleagues keeps no letters or count: with them, the one it found could be worked out (the
            // only surname of that length), and a declaration naming a reader is not theirs to learn of.
            try await audit.append(
                party.isOnRoll ? "declaration.roster_searched" : "declaration.people_searched",
                details: party.isOnRoll ? ["letters": String(wanted.count), "found": String(found)] : [:])
        }
        return matches
    }
}
