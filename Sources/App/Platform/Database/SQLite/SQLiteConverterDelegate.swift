// How Fluent's schema types become SQLite column types (as fluent-sqlite-driver's own delegate, MIT licence).

import FluentKit
import FluentSQL
import SQLKit

/// Column types for SQLite, identical to fluent-sqlite-driver's (which is not public), so files made by either read
/// the same.
struct SQLiteConverterDelegate: SQLConverterDelegate {
    func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? {
        switch dataType {
        case .string: SQLRaw("TEXT")
        case .datetime: SQLRaw("REAL")
        case .int64: SQLRaw("INTEGER")
        case .enum: SQLRaw("TEXT")
        default: nil
        }
    }
}
