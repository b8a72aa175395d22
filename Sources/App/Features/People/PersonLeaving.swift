// When a person left their school, for the lines of the retention schedule counted from then.

import Fluent
import Foundation
import StewardCore

/// When a person left their school, for the lines of the schedule counted from then.
enum PersonLeaving {
    /// The day `person` left: when they were deactivated, or their leaving date once it has passed; nil while they
    /// are still at the school.
    static func leftOn(_ person: Person, today: CalendarDate) -> CalendarDate? {
        if !person.active {
            return person.deactivatedAt.map { CalendarDate($0) }
                ?? person.leavingDate.flatMap(CalendarDate.init(parsing:))
        }
        if let leaving = person.leavingDate.flatMap(CalendarDate.init(parsing:)), leaving <= today { return leaving }
        return nil
    }

    /// The day each person of `schoolID` left, for those who have; one query.
    static func leavers(
        of schoolID: UUID, today: CalendarDate, on db: any Database
    ) async throws -> [UUID: CalendarDate] {
        var left: [UUID: CalendarDate] = [:]
        for person in try await Person.query(on: db).inSchool(schoolID).all() {
            if let id = person.id, let day = leftOn(person, today: today) { left[id] = day }
        }
        return left
    }
}

extension PersonLeaving {
    /// Records counted from their person's leaving, under `rule`: one for each row whose person has left (a row of
    /// someone still at the school has no clock yet, so is not listed at all).
    static func records(
        _ rows: [(id: UUID, person: UUID, others: [UUID])], rule: RetentionScheduleRule?,
        leavers: [UUID: CalendarDate]
    ) -> [RetainedRecord] {
        guard let rule else { return [] }
        return rows.compactMap { row in
            guard let left = leavers[row.person] else { return nil }
            return RetainedRecord(
                id: row.id, rule: rule.key, expiry: rule.expiry(clockStarted: left),
                people: Set([row.person] + row.others))
        }
    }
}
