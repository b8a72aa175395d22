// `steward mail …`: the mail commands' group.

import Fluent
import Foundation
import StewardCore
import Vapor

struct MailCommand: AsyncCommandGroup {
    var help: String { "Check outgoing mail." }
    var commands: [String: any AnyAsyncCommand] { ["test": MailTestCommand()] }
}
