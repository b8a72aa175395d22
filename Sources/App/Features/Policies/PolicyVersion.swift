// One version of a policy: immutable once published, with its document, questions, deadline and audience.

import Fluent
import Foundation
import StewardCore

final class PolicyVersion: Model, @unchecked Sendable {
    static let schema = "policy_versions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "policy_id") var policy: Policy
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "content_hash") var contentHash: String
    @Field(key: "title") var title: String
    /// The parsed `PolicyDocument` as JSON.
    @Field(key: "document") var documentJSON: String
    /// The Markdown it was imported from.
    @Field(key: "source") var source: String
    /// The importer's notes as a JSON array of strings.
    @Field(key: "notes") var notesJSON: String
    /// `PolicyQuestion`s as a JSON array: answered rightly before acknowledging.
    @Field(key: "questions") var questionsJSON: String
    @Field(key: "requires_acknowledgement") var requiresAcknowledgement: Bool
    @OptionalField(key: "change_reason") var changeReason: String?
    @Field(key: "deadline_days") var deadlineDays: Int
    /// Comma-separated `PersonKind` values.
    @Field(key: "audience") var audienceText: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "created_by") var createdBy: UUID?
    @OptionalField(key: "published_at") var publishedAt: Date?
    @OptionalField(key: "published_by") var publishedBy: UUID?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $policy, $schoolID, $number, $contentHash, $title, $documentJSON, $source, $notesJSON, $questionsJSON,
            $requiresAcknowledgement, $changeReason, $deadlineDays, $audienceText, $createdAt, $createdBy, $publishedAt,
            $publishedBy,
        ]
    }

    init() {}

    var isPublished: Bool { publishedAt != nil }

    var document: PolicyDocument {
        get throws { try JSONDecoder().decode(PolicyDocument.self, from: Data(documentJSON.utf8)) }
    }

    var notes: [String] { (try? JSONDecoder().decode([String].self, from: Data(notesJSON.utf8))) ?? [] }

    var questions: [PolicyQuestion] {
        (try? JSONDecoder().decode([PolicyQuestion].self, from: Data(questionsJSON.utf8))) ?? []
    }

    var audience: Set<PersonKind> {
        get { Set(audienceText.split(separator: ",").compactMap { PersonKind(rawValue: String($0)) }) }
        set { audienceText = PersonKind.allCases.filter(newValue.contains).map(\.rawValue).joined(separator: ",") }
    }

    /// The rules' view of this version; nil while it is a draft.
    var published: PublishedVersion? {
        guard let publishedAt else { return nil }
        return PublishedVersion(
            number: number, requiresAcknowledgement: requiresAcknowledgement,
            publishedOn: Display.clock.date(of: publishedAt),
            deadlineDays: deadlineDays, audience: audience)
    }
}
