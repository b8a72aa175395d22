// `steward token …`: the API token commands' group.

import Fluent
import StewardCore
import Vapor

struct TokenCommand: AsyncCommandGroup {
    var help: String { "Manage API tokens." }
    var commands: [String: any AnyAsyncCommand] { ["create": TokenCreateCommand()] }
}
