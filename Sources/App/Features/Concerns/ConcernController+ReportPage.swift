// What the report form shows: the view model, as the template reads it.

import Crypto
import Fluent
import StewardCore
import Vapor

extension ConcernController {
    struct Option: Encodable, Sendable {
        var value: String
        var title: String
        var checked: Bool
    }

    struct ReportContent: Encodable, Sendable {
        var categories: [Option]
        var involved: [Option]
        var platforms: [String]
        var colleagues: [Option]
        var form: CaseReportForm
        var errors: FormErrors
    }
}
