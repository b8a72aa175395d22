// A member of staff's yearly confirmation that their declarations are accurate, or that they have none (a nil
// return), and a new starter's first one (policy 1.5, issue 14).

import Fluent
import Foundation

final class DeclarationConfirmation: Model, @unchecked Sendable {
    static let schema = "declaration_confirmations"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "person_id") var personID: UUID
    /// The round confirmed: the year it opened.
    @Field(key: "year") var year: Int
    /// True for "I have nothing to declare".
    @Field(key: "nil_return") var nilReturn: Bool
    /// How many open declarations they confirmed.
    @Field(key: "open_count") var openCount: Int
    @Field(key: "confirmed_at") var confirmedAt: Date

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $schoolID, $personID, $year, $nilReturn, $openCount, $confirmedAt]
    }

    init() {}

    init(schoolID: UUID, personID: UUID, year: Int, nilReturn: Bool, openCount: Int, at: Date = Date()) {
        self.schoolID = schoolID
        self.personID = personID
        self.year = year
        self.nilReturn = nilReturn
        self.openCount = openCount
        self.confirmedAt = at
    }
}

extension DeclarationConfirmation: SchoolOwned { var owningSchoolID: UUID { schoolID } }
