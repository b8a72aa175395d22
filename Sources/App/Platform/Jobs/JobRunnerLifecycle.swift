// Starts the in-process runner when the server boots and stops it when the server shuts down.

import Fluent
import Foundation
import Logging
import SQLKit
import StewardCore
import Vapor

/// Starts the in-process runner when the server boots and stops it when the server shuts down.
final class JobRunnerLifecycle: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?

    func didBootAsync(_ application: Application) async throws {
        let runner = JobRunner(app: application)
        application.logger.info("Background jobs and mail run in this process (start with --no-jobs to turn off).")
        task = Task { await runner.runForever() }
    }

    func shutdownAsync(_ application: Application) async {
        task?.cancel()
        await task?.value
    }
}
