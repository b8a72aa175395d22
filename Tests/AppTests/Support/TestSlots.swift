// How many test apps run at once against PostgreSQL: each may open up to eight connections, and the cluster the
// suite starts allows 300, so an unbounded number of suites running together can run it out of connections.

/// A counting gate for test apps: `acquire` waits while `limit` are running.
actor TestSlots {
    static let postgres = TestSlots(limit: 16)

    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
