// A file attached to a case as evidence, kept exactly as uploaded with its SHA-256.

import Fluent
import Foundation
import StewardCore

final class CaseEvidence: Model, @unchecked Sendable {
    static let schema = "case_evidence"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "data") var data: Data
    @OptionalField(key: "uploaded_by") var uploadedBy: UUID?
    @Field(key: "uploaded_at") var uploadedAt: Date

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $caseID, $filename, $contentType, $size, $sha256, $data, $uploadedBy, $uploadedAt]
    }

    init() {}
}
