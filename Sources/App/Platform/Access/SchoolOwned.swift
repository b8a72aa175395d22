// A record that belongs to one school, named by its `school_id` column.

import Fluent
import StewardCore
import Vapor

/// A record that belongs to one school, named by its `school_id` column.
protocol SchoolOwned: Model where IDValue == UUID {
    /// The school the record belongs to.
    var owningSchoolID: UUID { get }
}

extension SchoolOwned {
    static var schoolColumn: FieldKey { "school_id" }
}
