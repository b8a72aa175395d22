// `steward jobs …`: the background jobs commands' group.

import Fluent
import Foundation
import StewardCore
import Vapor

struct JobsCommand: AsyncCommandGroup {
    var help: String { "Run background jobs and deliver queued mail." }
    var commands: [String: any AnyAsyncCommand] { ["run": JobsRunCommand(), "status": JobsStatusCommand()] }
}
