// What the concern figures page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension ConcernController {
    struct Cell: Encodable, Sendable {
        var label: String
        var count: Int
    }

    struct FigureRow: Encodable, Sendable {
        var title: String
        var counts: [Cell]
        var total: Int
    }

    struct FiguresContent: Encodable, Sendable {
        var states: [String]
        var rows: [FigureRow]
        var outcomes: [FigureRow]
        var total: Int
        /// The period counted ("from 1 September 2026 to 18 December 2026"), "" for all time.
        var period: String
        var from: String
        var to: String
        /// The spreadsheet of the same period.
        var csv: String
        var errors: FormErrors
    }
}
