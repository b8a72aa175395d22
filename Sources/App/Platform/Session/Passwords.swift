// bcrypt hashing off the event loop, with a dummy hash so unknown accounts take as long as known ones.

import Foundation
import StewardCore
import Vapor

struct Passwords: Sendable {
    let cost: Int
    let threadPool: NIOThreadPool
    /// A hash of a random password at the configured cost: checking against it costs what a real check costs.
    let dummyHash: String

    init(cost: Int, threadPool: NIOThreadPool) throws {
        self.cost = cost
        self.threadPool = threadPool
        self.dummyHash = try Bcrypt.hash(Secrets.token(), cost: cost)
    }

    func hash(_ password: String) async throws -> String {
        guard password.utf8.count <= TextRules.maxPasswordBytes else {
            throw InvalidInput("password", "Password must be at most \(TextRules.maxPasswordBytes) bytes.")
        }
        let cost = self.cost
        return try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`; with no hash, spends the same time and answers false.
    ///
    /// A password over 72 bytes never matches: bcrypt would silently compare only its first 72 bytes.
    func verify(_ password: String, against hash: String?) async -> Bool {
        let target = hash ?? dummyHash
        let tooLong = password.utf8.count > TextRules.maxPasswordBytes
        let candidate = tooLong ? String(password.utf8.prefix(TextRules.maxPasswordBytes)) ?? "" : password
        let matched = (try? await threadPool.runIfActive { try Bcrypt.verify(candidate, created: target) }) ?? false
        return matched && hash != nil && !tooLong
    }
}
