// A reader of a report who knows the small-number rule and tries to work a hidden count under 5 out again, from
// every shown count and every sum at once.

/// Tries, for each count shown as "fewer than 5", whether any value other than its own fits everything a reader can
/// see: the shown counts, the sums, counts shown in several places being equal, a hidden count being 1 to 4 or
/// (withheld) 5 up to `bound`. If none does, the reader has worked it out. The search is bounded by `budget` steps;
/// a search that runs out answers `tooHard`, and the caller hides more rather than trust an unfinished search.
struct SmallNumbersReader {
    enum Finding: Equatable {
        case safe
        case givenAway(String)
        case tooHard
    }

    private struct OutOfSteps: Error {}

    private let values: [String: Int]
    private let hidden: Set<String>
    /// Each name's representative: names in one `same` group are one unknown.
    private let representative: [String: String]
    private let sums: [(total: String, parts: [String])]
    private let domains: [String: ClosedRange<Int>]
    /// Each unknown's group: unknowns that share a sum, directly or through others. A search tries only the group of
    /// the count it is about, since values outside it cannot change what fits inside it.
    private let group: [String: Int]
    /// The sums and unknowns of the group being searched.
    private var searchSums: [(total: String, parts: [String])] = []
    private var searchUnknowns: [String] = []
    private var steps = 0
    private let budget: Int
    /// Counts hidden even when 0, since a 0 there says what each of a few people did.
    private let forced: Set<String>

    init(
        counts: [String: Int], sums: [SmallNumbers.Sum], same: [[String]], hidden: Set<String>, bound: Int,
        forced: Set<String> = [], budget: Int = 200_000
    ) {
        var representative: [String: String] = [:]
        for name in counts.keys { representative[name] = name }
        for group in same {
            let members = group.filter { counts[$0] != nil }
            guard let first = members.min() else { continue }
            for member in members { representative[member] = first }
        }
        self.values = counts
        self.hidden = hidden
        self.representative = representative
        self.sums = sums.filter { sum in ([sum.total] + sum.parts).allSatisfy { counts[$0] != nil } }.map { sum in
            (representative[sum.total] ?? sum.total, sum.parts.map { representative[$0] ?? $0 })
        }
        var domains: [String: ClosedRange<Int>] = [:]
        for name in hidden {
            let value = counts[name] ?? 0
            domains[representative[name] ?? name] = SmallNumbers.Rules(forced: forced).range(
                name, value: value, bound: bound)
        }
        let group = Self.groups(of: Set(domains.keys), in: self.sums)
        // Where a 0 hidden to protect another reads "fewer than 5", the reader cannot tell which of that group's
        // "fewer than 5" is the 0: every one of them could be 0 to 4.
        let withZero = Set(
            hidden.filter { counts[$0] == 0 && !forced.contains($0) }.compactMap { group[representative[$0] ?? $0] })
        for (name, range) in domains where range.upperBound < SmallNumbers.smallest {
            if let number = group[name], withZero.contains(number) { domains[name] = 0...(SmallNumbers.smallest - 1) }
        }
        self.domains = domains
        self.group = group
        self.budget = budget
        self.forced = forced
    }

    /// Numbers the unknowns so that two share a number when a chain of sums links them.
    private static func groups(of unknowns: Set<String>, in sums: [(total: String, parts: [String])]) -> [String: Int] {
        var parent: [String: String] = [:]
        for name in unknowns { parent[name] = name }
        func root(_ name: String) -> String {
            var current = name
            while let next = parent[current], next != current { current = next }
            return current
        }
        for sum in sums {
            let members = ([sum.total] + sum.parts).filter(unknowns.contains)
            guard let first = members.first else { continue }
            for member in members.dropFirst() { parent[root(member)] = root(first) }
        }
        var numbers: [String: Int] = [:]
        var group: [String: Int] = [:]
        for name in unknowns.sorted() {
            let top = root(name)
            if numbers[top] == nil { numbers[top] = numbers.count }
            group[name] = numbers[top]
        }
        return group
    }

    /// The first count of 1 to 4 (or 0 in a small group) that can be worked out, other than those `skipping`, `safe`
    /// when none can, or `tooHard`.
    mutating func check(skipping: Set<String> = []) -> Finding {
        // A 0 hidden only to protect another says nothing about anyone when worked out: what matters is 1 to 4, and
        // every count of a small group.
        let primaries = hidden.filter {
            (1..<SmallNumbers.smallest).contains(values[$0] ?? 0) || (forced.contains($0) && values[$0] == 0)
        }.subtracting(skipping).sorted()
        var tried: Set<String> = []
        for name in primaries {
            let unknown = representative[name] ?? name
            guard tried.insert(unknown).inserted, let own = values[name] else { continue }
            let number = group[unknown]
            searchUnknowns = domains.keys.filter { group[$0] == number }.sorted()
            searchSums = sums.filter { sum in ([sum.total] + sum.parts).contains { group[$0] == number } }
            do {
                var another = false
                for candidate in domains[unknown] ?? 1...(SmallNumbers.smallest - 1) where candidate != own {
                    var assigned = [unknown: candidate]
                    if try solvable(&assigned) {
                        another = true
                        break
                    }
                }
                if !another { return .givenAway(name) }
            } catch {
                return .tooHard
            }
        }
        return .safe
    }

    private func known(_ name: String, _ assigned: [String: Int]) -> Int? {
        domains[name] == nil ? values[name] : assigned[name]
    }

    private func range(_ name: String, _ assigned: [String: Int]) -> ClosedRange<Int> {
        if let value = known(name, assigned) { return value...value }
        return domains[name] ?? 0...0
    }

    /// Whether the unknowns not in `assigned` can take values that fit every sum.
    private mutating func solvable(_ assigned: inout [String: Int]) throws -> Bool {
        steps += 1
        if steps > budget { throw OutOfSteps() }
        var forced: (name: String, value: Int)?
        for sum in searchSums {
            var low = 0
            var high = 0
            var open: [String] = []
            for part in sum.parts {
                let bounds = range(part, assigned)
                low += bounds.lowerBound
                high += bounds.upperBound
                if known(part, assigned) == nil { open.append(part) }
            }
            let total = range(sum.total, assigned)
            if total.upperBound < low || total.lowerBound > high { return false }
            // One unknown left in a sum: its value follows from the others.
            let totalOpen = known(sum.total, assigned) == nil
            if forced == nil, open.count + (totalOpen ? 1 : 0) == 1 {
                let partsKnown = sum.parts.compactMap { known($0, assigned) }.reduce(0, +)
                if totalOpen {
                    forced = (sum.total, partsKnown)
                } else if let name = open.first, let totalValue = known(sum.total, assigned) {
                    // The unknown may appear more than once among the parts.
                    let times = sum.parts.filter { $0 == name }.count
                    let rest = totalValue - partsKnown
                    guard rest % times == 0 else { return false }
                    forced = (name, rest / times)
                }
            }
        }
        if let forced {
            guard domains[forced.name]?.contains(forced.value) == true else { return false }
            assigned[forced.name] = forced.value
            defer { assigned[forced.name] = nil }
            return try solvable(&assigned)
        }
        let open = searchUnknowns.filter { assigned[$0] == nil }
        guard let next = open.min(by: { (domains[$0]?.count ?? 0, $0) < (domains[$1]?.count ?? 0, $1) }) else {
            return true
        }
        for candidate in domains[next] ?? 0...0 {
            assigned[next] = candidate
            if try solvable(&assigned) {
                assigned[next] = nil
                return true
            }
        }
        assigned[next] = nil
        return false
    }
}
