// What the concerns list shows: the view model, as the template reads it.

import Crypto
import Fluent
import StewardCore
import Vapor

extension ConcernController {
    struct CaseRow: Encodable, Sendable {
        var id: String
        var reference: String
        var category: String
        var state: String
        var reported: String
        var overdue: Bool
    }

    struct IndexContent: Encodable, Sendable {
        var handling: [CaseRow]
        var reported: [CaseRow]
        var isHandler: Bool
        var canSeeFigures: Bool
    }
}
