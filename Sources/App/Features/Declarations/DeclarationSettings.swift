// A school's choices for declarations: the month the yearly confirmation opens, and how long staff have.

import Fluent
import Foundation
import StewardCore

final class DeclarationSettings: Model, @unchecked Sendable {
    static let schema = "declaration_settings"

    /// September, unless the school changes it (issue 14).
    static let defaultMonth = 9
    /// Days from the round opening to its deadline, unless the school changes it.
    static let defaultDeadlineDays = 30
    static let deadlineRange = 7...90

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "month") var month: Int
    @Field(key: "deadline_days") var deadlineDays: Int
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @OptionalField(key: "updated_at") var updatedAt: Date?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $schoolID, $month, $deadlineDays, $updatedBy, $updatedAt]
    }

    init() {}

    init(schoolID: UUID) {
        self.schoolID = schoolID
        self.month = Self.defaultMonth
        self.deadlineDays = Self.defaultDeadlineDays
    }

    /// The school's settings, or the defaults when it has never changed them.
    static func of(_ schoolID: UUID, on db: any Database) async throws -> DeclarationSettings {
        try await ReadMemo.value("DeclarationSettings.\(schoolID)") {
            try await DeclarationSettings.query(on: db).inSchool(schoolID).first()
                ?? DeclarationSettings(schoolID: schoolID)
        }
    }

    /// This year's confirmation round on `today`.
    func round(today: CalendarDate) -> ObligationRound {
        DeclarationRules.round(month: month, deadlineDays: deadlineDays, today: today)
    }
}

extension DeclarationSettings: SchoolOwned { var owningSchoolID: UUID { schoolID } }
