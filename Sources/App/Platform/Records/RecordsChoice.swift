// A choice in a list on the records pages (a person, a kind, an outcome), and the school's people as such choices.

import Fluent
import Foundation

/// A choice in a `<select>` or a set of radio buttons on the records pages.
struct RecordsChoice: Encodable, Sendable {
    var value: String
    var title: String
    var selected: Bool

    /// Everyone of `schoolID`, surname first, those who have left marked, `selected` chosen.
    static func people(of schoolID: UUID, selected: String?, on db: any Database) async throws -> [RecordsChoice] {
        try await Person.query(on: db).inSchool(schoolID).sort(\.$surname).sort(\.$forename).all().compactMap {
            person in
            person.id.map {
                RecordsChoice(
                    value: $0.uuidString,
                    title: "\(person.surname), \(person.forename)\(person.active ? "" : " (left)")",
                    selected: selected == $0.uuidString)
            }
        }
    }
}
