// `steward policy …`: the policy commands' group.

import Fluent
import Foundation
import StewardCore
import Vapor

struct PolicyCommand: AsyncCommandGroup {
    var help: String { "Work with the policy library." }
    var commands: [String: any AnyAsyncCommand] { ["import": PolicyImportCommand()] }
}
