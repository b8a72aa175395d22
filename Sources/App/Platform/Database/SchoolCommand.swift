// `steward school …`: a school's settings (its time zone).

import Fluent
import StewardCore
import Vapor

struct SchoolCommand: AsyncCommandGroup {
    var help: String { "A school's settings." }
    var commands: [String: any AnyAsyncCommand] { ["time-zone": SchoolTimeZoneCommand()] }
}
