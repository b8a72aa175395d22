// What records management leaves about a person that the person must not read: a legal hold on them (placed because
// a claim is expected, perhaps against them) and the internal handling of a request about them.

import Fluent
import Foundation
import StewardCore

enum RecordsSideDoors {
    /// The audit actions about a person's own records management, hidden from that person whatever their role.
    static let personalActions = [
        "records.hold_placed", "records.hold_lifted", "records.request_recorded", "records.request_viewed",
        "records.access_exported", "records.request_answered",
    ]

    /// Limits an audit query: nobody reads entries about a hold on themselves or the handling of a request about them.
    static func auditFilter(_ query: QueryBuilder<AuditEntry>, actor: Actor) -> QueryBuilder<AuditEntry> {
        query.group(.or) { group in
            group.filter(\.$target == nil)
            group.filter(\.$target != "person:\(actor.personID.uuidString)")
            group.filter(\.$action !~ personalActions)
        }
    }

    /// Of `plan`, what `reader` may be told of, on the removal list, its count and the home page alike: nothing of a
    /// case they may not learn exists, and nothing about them (a declaration naming them, their own records). A
    /// record about them leaves the list when a hold on them keeps it, and a declaration naming them is not theirs
    /// to see: counted, either would show through the list moving.
    static func removals(
        _ plan: RecordsPurge.Plan, seenBy reader: Actor, schoolID: UUID, on db: any Database
    )
        async throws -> RecordsPurge.Plan
    {
        let caseIDs = Set(
            (plan.listed.map(\.record) + plan.due + plan.held + plan.needsDecision.map(\.record)).compactMap(\.caseID))
        let known = try await CaseSideDoors.knowable(caseIDs, to: reader.workingIn(schoolID), on: db)
        func shown(_ record: RetainedRecord) -> Bool {
            (record.caseID.map(known.contains) ?? true) && !record.people.contains(reader.personID)
        }
        var visible = RecordsPurge.Plan()
        visible.listed = plan.listed.filter { shown($0.record) }
        visible.due = plan.due.filter(shown)
        visible.held = plan.held.filter(shown)
        visible.needsDecision = plan.needsDecision.filter { shown($0.record) }
        return visible
    }
}
