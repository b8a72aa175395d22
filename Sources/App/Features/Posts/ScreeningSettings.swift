// A school's own screening settings: its word lists, the clause each kind of finding cites, how long an approval
// lasts, and where approved posts may be sent.

import Fluent
import Foundation
import StewardCore

final class ScreeningSettings: Model, @unchecked Sendable {
    static let schema = "screening_settings"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    /// The terms list, in the format `steward screen --terms` reads.
    @Field(key: "terms") var terms: String
    /// The clause each finding category cites, as JSON (`ClauseMap`).
    @Field(key: "clause_map") var clauseMap: String
    /// The policy whose clauses findings cite and link to; nil until chosen or suggested.
    @OptionalField(key: "policy_id") var policyID: UUID?
    /// Whether a person set the clause map by hand (an import then only suggests, never overwrites).
    @Field(key: "clauses_edited") var clausesEdited: Bool
    @Field(key: "approval_days") var approvalDays: Int
    /// Moves on whenever the roster, the staff or the terms change, so every app instance rebuilds its context.
    @Field(key: "generation") var generation: Int
    @OptionalField(key: "webhook_url") var webhookURL: String?
    @OptionalField(key: "webhook_secret") var webhookSecret: String?
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "updated_by") var updatedBy: UUID?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $schoolID, $terms, $clauseMap, $policyID, $clausesEdited, $approvalDays, $generation, $webhookURL,
            $webhookSecret, $updatedAt, $updatedBy,
        ]
    }

    init() {}

    init(schoolID: UUID, now: Date = Date()) {
        self.schoolID = schoolID
        self.terms = ""
        self.clauseMap = "{}"
        self.clausesEdited = false
        self.approvalDays = DraftRules.defaultApprovalDays
        self.generation = 1
        self.updatedAt = now
    }
}
