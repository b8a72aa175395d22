// The policy list: every policy of the school, with where the reader stands.

import Fluent
import StewardCore
import Vapor

extension PolicyController {
    // MARK: - The list

    static func row(_ policy: Policy, _ version: PolicyVersion, _ status: AcknowledgementStatus, hasDraft: Bool) -> Row
    {
        Row(
            id: policy.id?.uuidString ?? "", title: policy.title, version: version.number,
            published: Display.date(version.publishedAt), status: describe(status), outstanding: status.isOutstanding,
            overdue: status.isOverdue, hasDraft: hasDraft)
    }

    func index(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let statuses = try await PolicyLibrary.statuses(for: person, in: actor.schoolID, on: req.db)
        let canManage = AccessPolicy.can(actor, .managePolicies) == .allowed
        let draftVersions =
            canManage
            ? try await PolicyVersion.query(on: req.db).inSchool(of: actor)
                .filter(\.$publishedAt == nil).all() : []
        let rows = statuses.map { policy, version, status in
            Self.row(policy, version, status, hasDraft: draftVersions.contains { $0.$policy.id == policy.id })
        }
        // Policies imported but never published, for the headteacher to finish.
        let unpublished = try await Policy.query(on: req.db).inSchool(of: actor)
            .filter(\.$currentVersionID == nil).all()
        let drafts =
            canManage
            ? unpublished.map {
                Row(
                    id: $0.id?.uuidString ?? "", title: $0.title, version: 0, published: "", status: "Not published",
                    outstanding: false, overdue: false, hasDraft: true)
            } : []
        return try await req.page(
            "policies/index", title: "Policies", IndexContent(policies: rows, drafts: drafts, canManage: canManage))
    }

    static func describe(_ status: AcknowledgementStatus) -> String {
        switch status {
        case .notRequired: "Nothing to acknowledge"
        case .met(let version): "You acknowledged version \(version)"
        case .due(let deadline): "Please read and acknowledge by \(deadline.longForm)"
        case .overdue(let deadline, let days):
            "Overdue: please read and acknowledge (due \(deadline.longForm), \(days) day\(days == 1 ? "" : "s") ago)"
        }
    }
}
