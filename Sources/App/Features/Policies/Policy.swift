// A school's policy, its versions, and each person's acknowledgement of a version.

import Fluent
import Foundation
import StewardCore

final class Policy: Model, @unchecked Sendable {
    static let schema = "policies"

    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @Field(key: "slug") var slug: String
    @Field(key: "title") var title: String
    /// The published version people read now; nil until the first is published.
    @OptionalField(key: "current_version_id") var currentVersionID: UUID?
    /// Readable at `/p/SCHOOL/SLUG` without signing in.
    @Field(key: "is_public") var isPublic: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(schoolID: UUID, slug: String, title: String, now: Date = Date()) {
        self.$school.id = schoolID
        self.slug = slug
        self.title = title
        self.isPublic = false
        self.createdAt = now
    }
}

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

final class PolicyAcknowledgement: Model, @unchecked Sendable {
    static let schema = "policy_acknowledgements"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "policy_id") var policy: Policy
    @Parent(key: "version_id") var version: PolicyVersion
    @Field(key: "version_number") var versionNumber: Int
    @Field(key: "version_hash") var versionHash: String
    @Parent(key: "person_id") var person: Person
    @Field(key: "acknowledged_at") var acknowledgedAt: Date
    @Field(key: "client_address") var clientAddress: String
    @OptionalField(key: "user_agent") var userAgent: String?
    /// `page`, `api` or `link`.
    @Field(key: "method") var method: String

    init() {}
}

/// A single-use link that lets one person without an account read one policy and acknowledge it (policy 1.1, 3b).
final class PolicyLink: Model, @unchecked Sendable {
    static let schema = "policy_links"
    static let lifetime: TimeInterval = 14 * 86_400

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "policy_id") var policy: Policy
    @Parent(key: "person_id") var person: Person
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?

    init() {}
}

/// A reminder sent about one policy to one person (or to their line manager about them), so none is sent twice.
final class PolicyReminder: Model, @unchecked Sendable {
    static let schema = "policy_reminders"

    @ID(key: .id) var id: UUID?
    @Parent(key: "policy_id") var policy: Policy
    @Parent(key: "person_id") var person: Person
    @Field(key: "version_number") var versionNumber: Int
    /// `before-deadline`, `overdue` (weekly) or `line-manager`.
    @Field(key: "kind") var kind: String
    @Field(key: "sent_at") var sentAt: Date

    init() {}
}
