// A school: the unit every record belongs to and every query is scoped by.

import Fluent
import Foundation
import StewardCore

final class School: Model, @unchecked Sendable {
    static let schema = "schools"

    @ID(key: .id) var id: UUID?
    @Parent(key: "trust_id") var trust: Trust
    @Field(key: "name") var name: String
    @Field(key: "slug") var slug: String
    /// An IANA zone name (`Europe/London`): the clock of every date shown, deadline and morning mail.
    @Field(key: "time_zone") var timeZone: String

    /// Listed by hand: Fluent otherwise finds them by reflection on every read and write, the largest cost of a
    /// signed-in page. `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] { [$id, $trust, $name, $slug, $timeZone] }

    init() {}

    init(id: UUID? = nil, trustID: UUID, name: String, slug: String, timeZone: String = SchoolClock.defaultIdentifier) {
        self.id = id
        self.$trust.id = trustID
        self.name = name
        self.slug = slug
        self.timeZone = timeZone
    }

    /// The school's clock; London if the stored name is not one Steward accepts.
    var clock: SchoolClock { SchoolClock(identifier: timeZone) ?? .london }
}
