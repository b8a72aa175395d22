// A school's choices for the privacy self-check: its terms, how long staff have after a term starts, and who
// follows up requests for help (the online-safety lead).

import Fluent
import Foundation
import StewardCore

final class SelfCheckSettings: Model, @unchecked Sendable {
    static let schema = "self_check_settings"

    /// Three weeks from the first day of term, unless the school changes it.
    static let defaultDeadlineDays = 21
    static let deadlineRange = 7...60

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    /// The terms as JSON: `[{"name": "Autumn 2026", "starts": "2026-09-02", "ends": "2026-12-18"}]`.
    @Field(key: "terms") var terms: String
    @Field(key: "deadline_days") var deadlineDays: Int
    /// The online-safety lead the headteacher named; none: the designated safeguarding lead(s), then the headteacher.
    @OptionalField(key: "lead_id") var leadID: UUID?
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @OptionalField(key: "updated_at") var updatedAt: Date?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $schoolID, $terms, $deadlineDays, $leadID, $updatedBy, $updatedAt]
    }

    init() {}

    init(schoolID: UUID) {
        self.schoolID = schoolID
        self.terms = "[]"
        self.deadlineDays = Self.defaultDeadlineDays
    }

    /// The school's settings, or the defaults (no terms) when it has never set them.
    static func of(_ schoolID: UUID, on db: any Database) async throws -> SelfCheckSettings {
        try await ReadMemo.value("SelfCheckSettings.\(schoolID)") {
            try await SelfCheckSettings.query(on: db).inSchool(schoolID).first()
                ?? SelfCheckSettings(schoolID: schoolID)
        }
    }

    /// The stored terms in order; a damaged value reads as none (no check is open) rather than failing every page.
    var termList: [SchoolTerm] {
        let list = (try? JSONDecoder().decode([SchoolTerm].self, from: Data(terms.utf8))) ?? []
        return (try? SchoolTerms(list))?.terms ?? []
    }

    var schoolTerms: SchoolTerms? { try? SchoolTerms(termList) }

    func setTerms(_ list: SchoolTerms) {
        terms = (try? JSONEncoder().encode(list.terms)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// The term open on `today`, if any: only then can a check be completed.
    func openTerm(on today: CalendarDate) -> SchoolTerm? { schoolTerms?.term(on: today) }

    /// This term's round on `today` (in a holiday, the last term's), for coverage and reminders.
    func round(on today: CalendarDate) -> ObligationRound? {
        schoolTerms?.round(on: today, deadlineDays: deadlineDays)
    }
}

extension SelfCheckSettings: SchoolOwned { var owningSchoolID: UUID { schoolID } }
