// The people who read a school's figures, found in the database.

import Fluent
import Foundation
import StewardCore

extension FigureReaders {
    /// The people of `schoolID` who read its figures: holders there of one of `roles`, and the administrators of its
    /// trust.
    static func people(of schoolID: UUID, on db: any Database) async throws -> Set<UUID> {
        guard let school = try await School.find(schoolID, on: db) else { return [] }
        let rows = try await RoleAssignment.query(on: db).filter(\.$trustID == school.$trust.id)
            .countingIn(schoolID).filter(\.$role ~~ Array(roles)).all()
        return Set(rows.map { $0.$person.id })
    }
}
