// `steward import people|pupils --school SLUG FILE.csv [--dry-run] [--full]`: the import commands' group.

import Crypto
import Fluent
import Foundation
import SQLKit
import StewardCore
import Vapor

struct ImportCommand: AsyncCommandGroup {
    var help: String { "Import people from a CSV export." }
    var commands: [String: any AnyAsyncCommand] { ["people": ImportPeopleCommand(), "pupils": ImportPupilsCommand()] }
}
