// An employee, governor or volunteer of a school, with what they need to sign in.

import Fluent
import Foundation
import StewardCore

final class Person: Model, @unchecked Sendable {
    static let schema = "people"

    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @Field(key: "trust_id") var trustID: UUID
    @Field(key: "email") var email: String
    @Field(key: "forename") var forename: String
    @Field(key: "surname") var surname: String
    @Field(key: "kind") var kind: PersonKind
    @Field(key: "job_title") var jobTitle: String
    @OptionalParent(key: "line_manager_id") var lineManager: Person?
    /// ISO dates (`2025-09-01`), stored as text so both databases agree.
    @OptionalField(key: "start_date") var startDate: String?
    @OptionalField(key: "leaving_date") var leavingDate: String?
    @Field(key: "active") var active: Bool
    @OptionalField(key: "deactivated_at") var deactivatedAt: Date?
    @OptionalField(key: "password_hash") var passwordHash: String?
    /// The TOTP secret, sealed with the instance's secret key (AES-GCM); nil until enrolment is confirmed.
    @OptionalField(key: "totp_secret") var totpSecret: String?
    /// A secret shown on the enrolment page but not yet confirmed with a code.
    @OptionalField(key: "totp_pending_secret") var totpPendingSecret: String?
    /// The last TOTP time step accepted: a code at or before it is refused, so no code works twice.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    /// Listed by hand: Fluent otherwise finds them by reflection on every read and write, the largest cost of a
    /// signed-in page. `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $school, $trustID, $email, $forename, $surname, $kind, $jobTitle, $lineManager, $startDate,
            $leavingDate, $active, $deactivatedAt, $passwordHash, $totpSecret, $totpPendingSecret, $totpLastStep,
            $createdAt, $updatedAt,
        ]
    }

    init() {}

    init(
        id: UUID? = nil, schoolID: UUID, trustID: UUID, email: String, forename: String, surname: String,
        kind: PersonKind, jobTitle: String = "", startDate: String? = nil
    ) {
        self.id = id
        self.$school.id = schoolID
        self.trustID = trustID
        self.email = email
        self.forename = forename
        self.surname = surname
        self.kind = kind
        self.jobTitle = jobTitle
        self.startDate = startDate
        self.active = true
    }

    var fullName: String { "\(forename) \(surname)" }
    var hasTwoFactor: Bool { totpSecret != nil }
}

extension Person {
    /// The school's active people (shared by the parts of one page: `ReadMemo`).
    static func active(in schoolID: UUID, on db: any Database) async throws -> [Person] {
        try await ReadMemo.value("people.active.\(schoolID)") {
            try await Person.query(on: db).inSchool(schoolID).filter(\.$active == true).all()
        }
    }
}
