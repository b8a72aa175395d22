// Reads shared by the parts of one read-only page while it is built: several features ask for the same rows (a
// school's active people, its published policies, its settings), and each asks once.

import Foundation
import NIOConcurrencyHelpers

/// A memo of reads for the length of one read-only task (`ReadMemo.sharing`). Outside it every read goes to the
/// database. Nothing may be written inside it: what was read first is what every later reader gets.
final class ReadMemo: Sendable {
    @TaskLocal static var current: ReadMemo?

    private let values = NIOLockedValueBox<[String: any Sendable]>([:])

    /// Runs `body` with one memo shared by every read in it.
    static func sharing<T>(_ body: () async throws -> T) async rethrows -> T {
        try await $current.withValue(ReadMemo()) { try await body() }
    }

    /// What `read` returns for `key`: read once inside `sharing`, every time outside it. `key` must name everything the
    /// read depends on (the record type, the school and any other argument).
    static func value<T: Sendable>(_ key: String, _ read: () async throws -> T) async throws -> T {
        guard let memo = current else { return try await read() }
        if let kept = memo.values.withLockedValue({ $0[key] }) as? T { return kept }
        let value = try await read()
        memo.values.withLockedValue { $0[key] = value }
        return value
    }
}
