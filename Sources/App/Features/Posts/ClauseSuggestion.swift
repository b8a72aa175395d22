// Which clause of the school's own policy each kind of finding cites, suggested from the clause text when the
// school's social-media policy is published.

import Fluent
import Foundation
import StewardCore

enum ClauseSuggestion {
    /// Whether a policy's title says it is the social media policy findings should cite.
    static func isSocialMedia(_ title: String) -> Bool {
        let folded = ScreeningContext.fold(title)
        return folded.contains("social media") || folded.contains("social networking")
            || folded.contains("online safety")
    }

    /// After a policy is published: when it is the policy findings cite (or none is chosen yet and this is the
    /// school's social media policy), the map is suggested afresh from its clauses, unless a person set it by hand.
    static func policyPublished(
        _ policyID: UUID, schoolID: UUID, on db: any Database, audit: AuditWriter
    )
        async throws
    {
        guard let policy = try await Policy.query(on: db).inSchool(schoolID).filter(\.$id == policyID).first(),
            let versionID = policy.currentVersionID,
            let version = try await PolicyVersion.query(on: db).inSchool(schoolID).filter(\.$id == versionID).first()
        else { return }
        let settings = try await SchoolScreening.settings(for: schoolID, on: db)
        let chosen = settings.policyID == policyID || (settings.policyID == nil && isSocialMedia(policy.title))
        guard chosen, !settings.clausesEdited else { return }
        let suggested = ClauseMap.suggest(from: try version.document)
        settings.policyID = policyID
        settings.clauseMap = String(decoding: try JSONEncoder().encode(suggested), as: UTF8.self)
        settings.generation += 1
        settings.updatedAt = Date()
        try await settings.update(on: db)
        try await audit.append(
            "screening.clauses_suggested", target: "policy:\(policyID.uuidString)", schoolID: schoolID,
            details: Dictionary(
                uniqueKeysWithValues: FindingCategory.allCases.map { ($0.rawValue, suggested.clause(for: $0)) }))
    }
}
