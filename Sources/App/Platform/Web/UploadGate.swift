// How many large uploads one instance receives at once; the next is asked to try again shortly.

import Foundation
import NIOConcurrencyHelpers
import StewardCore
import Vapor

/// How many large uploads one instance receives at once; the next is asked to try again shortly.
final class UploadGate: Sendable {
    let capacity: Int
    private let inFlight = NIOLockedValueBox(0)

    init(capacity: Int = 4) { self.capacity = capacity }

    func enter() -> Bool {
        inFlight.withLockedValue {
            guard $0 < capacity else { return false }
            $0 += 1
            return true
        }
    }

    func leave() { inFlight.withLockedValue { $0 = max(0, $0 - 1) } }
}
