// `steward seed-demo`: the seeding half of `steward demo`, for scripts.

import Fluent
import Foundation
import StewardCore
import Vapor

/// `steward seed-demo`: the seeding half of `steward demo`, for scripts.
struct SeedDemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Create the demo trust and schools if the database is empty." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let accounts = try await DemoSeed.seedIfEmpty(context.application)
        context.console.print("\(accounts.accounts.count) demo accounts ready.")
    }
}
