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
    }
}
