// What is derived from a confidential case (audit entries, queued mail, figures) follows the case's own access rule.

import Fluent
import StewardCore
import Vapor

enum CaseSideDoors {
    /// The cases of `schoolIDs` that `actor` sees in full: the only cases whose audit entries and mail they may see.
    /// One query for the cases and one for their members, however many cases there are.
    static func visibleCaseIDs(to actor: Actor, in schoolIDs: Set<UUID>, on db: any Database) async throws -> Set<UUID>
    {
        let cases = try await Case.query(on: db).inSchools(schoolIDs).all()
        let facts = try await Cases.facts(of: cases, on: db)
        var visible = Set<UUID>()
        for item in cases {
            guard let id = item.id, let caseFacts = facts[id] else { continue }
            if case .full = CaseAccess.visibility(of: caseFacts, to: actor) { visible.insert(id) }
        }
        return visible
    }

    /// Of `caseIDs` (cases of `schoolID`), those that do not count in the school's figures (`countsInFigures`): what
    /// is said of them without names still reaches only those who read trust-wide entries.
    static func uncountable(_ caseIDs: Set<UUID>, schoolID: UUID, on db: any Database) async throws -> Set<UUID> {
        guard !caseIDs.isEmpty else { return [] }
        let readers = try await FigureReaders.people(of: schoolID, on: db)
        let cases = try await Case.query(on: db).inSchool(schoolID).filter(\.$id ~~ Array(caseIDs)).all()
        return Set(
            cases.filter {
                !CaseAccess.countsInFigures(
                    subjectIDs: Set($0.subjectPersonID.map { [$0] } ?? []), aboutHeadteacher: $0.aboutHeadteacher,
                    figureReaders: readers)
            }.compactMap(\.id))
    }

    /// Of `caseIDs`, those `actor` may learn exist (`mayLearnItExists`): the only cases the purge's list and the
    /// legal holds show them, even without their content. A case that is gone is known to no one.
    static func knowable(_ caseIDs: Set<UUID>, to actor: Actor, on db: any Database) async throws -> Set<UUID> {
        guard !caseIDs.isEmpty else { return [] }
        let cases = try await Case.query(on: db).inSchools(actor.schoolIDs).filter(\.$id ~~ Array(caseIDs)).all()
        return Set(
            cases.filter {
                CaseAccess.mayLearnItExists(
                    schoolID: $0.schoolID, subjectIDs: Set($0.subjectPersonID.map { [$0] } ?? []),
                    aboutHeadteacher: $0.aboutHeadteacher, for: actor)
            }.compactMap(\.id))
    }

    /// Limits an audit query to entries `actor` may see: an entry about a case (target `case:…`) only when they see
    /// that case in full.
    static func auditFilter(
        _ query: QueryBuilder<AuditEntry>, actor: Actor, schoolIDs: Set<UUID>, on db: any Database
    ) async throws -> QueryBuilder<AuditEntry> {
        let visible = try await visibleCaseIDs(to: actor, in: schoolIDs, on: db).map { "case:\($0.uuidString)" }
        return query.group(.or) { group in
            group.filter(\.$target == nil)
            group.filter(\.$target, .custom("NOT LIKE"), "case:%")
            if !visible.isEmpty { group.filter(\.$target ~~ visible) }
        }
    }

    /// Limits an outbox query to mail `actor` may see: mail about a case only when they see that case in full.
    static func outboxFilter(
        _ query: QueryBuilder<OutboxMessage>, visible: Set<UUID>
    ) -> QueryBuilder<OutboxMessage> {
        query.group(.or) { group in
            group.filter(\.$caseID == nil)
            if !visible.isEmpty { group.filter(\.$caseID ~~ Array(visible)) }
        }
    }
}
