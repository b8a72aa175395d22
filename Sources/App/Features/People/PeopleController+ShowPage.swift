// What a person's page and form show: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension PeopleController {
    struct Option: Encodable, Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct RoleOption: Encodable, Sendable {
        var value: String
        var label: String
        var checked: Bool
        var locked: Bool
    }

    struct FormContent: Encodable, Sendable {
        var action: String
        var heading: String
        var submit: String
        var cancel: String
        var values: [String: String]
        var kinds: [Option]
        var managers: [Option]
        var roles: [RoleOption]
        var errors: FormErrors
        var isNew: Bool
    }
}
