// The rule for counts about few people in a report governors read: 1 to 4 is shown as "fewer than 5", and any count
// that would let a reader work one out again is withheld too.

/// How one count is shown in a report.
public enum ShownCount: Sendable, Equatable, Hashable, Codable {
    /// The count itself: 0, or 5 and over.
    case count(Int)
    /// A count from 1 to 4.
    case fewerThanFive
    /// A count of 5 or more, not shown because, with the others, it would give away a count under 5.
    case withheld

    /// The words a page shows.
    public var text: String {
        switch self {
        case .count(let value): String(value)
        case .fewerThanFive: "fewer than 5"
        case .withheld: "not shown"
        }
    }

    /// In JSON, a number when shown, else the words ("fewer than 5", "not shown").
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .count(value)
            return
        }
        switch try container.decode(String.self) {
        case ShownCount.fewerThanFive.text: self = .fewerThanFive
        case ShownCount.withheld.text: self = .withheld
        case let other:
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a shown count: \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encode(text) }
    }

    /// The count when it is shown, for charts and percentages.
    public var value: Int? {
        if case .count(let value) = self { return value }
        return nil
    }
}

/// Which counts of a report may be shown, given how the counts add up.
///
/// A count from 1 to 4 is never shown (the usual rule for statistics about few people). A reader who knows a table's
/// total and all but one of its parts can subtract, so more is hidden until no hidden count under 5 can be worked out
/// exactly from the shown counts, from how they add up, and from knowing the rule itself (a hidden count is either 1
/// to 4 or, when withheld, 5 or more). A 0 is shown unless nothing of 5 or more is left to withhold where a small
/// count is given away: then a 0 is hidden too and reads "fewer than 5", true, and not told apart from 1 to 4.
public enum SmallNumbers {
    /// The smallest count shown.
    public static let smallest = 5

    /// `total` is the sum of `parts` (names of counts).
    public struct Sum: Sendable, Equatable {
        public var total: String
        public var parts: [String]

        public init(total: String, parts: [String]) {
            self.total = total
            self.parts = parts
        }
    }

    /// How each count in `counts` is shown. `sums` say how they add up; `same` lists groups of names for one count
    /// shown in several places (the open cases in one table and the total of another), which are hidden together.
    ///
    /// `forced` counts are hidden even when 0 (every count of a group of fewer than 5 people, where a 0 would say what
    /// each of them did); `known` counts are ones a reader knows anyway (how many governors the school has): they are
    /// shown as the rule says, but the check that nothing can be worked out assumes the reader knows them exactly.
    public static func shown(
        _ counts: [String: Int], sums: [Sum], same: [[String]] = [], forced: Set<String> = [], known: Set<String> = []
    ) -> [String: ShownCount] {
        let forced = forced.filter { (counts[$0] ?? smallest) < smallest }
        var hidden = Set(counts.filter { (1..<smallest).contains($0.value) }.keys).union(forced)
        let rules = Rules(forced: forced, known: known)
        // A reader is taken to know that no count is larger than the largest one by more than 5: more than a reader
        // could know, so that what is safe against this reader is safe against a real one.
        let bound = (counts.values.max() ?? 0) + smallest
        // Counts given away that nothing left to hide would protect (a small group's 0 that the school's own numbers
        // pin down): the others are still checked.
        var beyondHelp: Set<String> = []
        while true {
            hideBySum(counts, sums: sums, same: same, hidden: &hidden, bound: bound, rules: rules)
            var reader = SmallNumbersReader(
                counts: counts, sums: sums, same: same, hidden: hidden.subtracting(known), bound: bound, forced: forced)
            switch reader.check(skipping: beyondHelp) {
            case .safe:
                return shownCounts(counts, hidden: hidden)
            case .givenAway(let name):
                // Withhold the smallest shown count of 5 or more that adds up with it, else with any hidden count.
                let near = sums.filter { ([$0.total] + $0.parts).contains(name) }
                let touching = sums.filter { ([$0.total] + $0.parts).contains(where: hidden.contains) }
                // When every count there is under 5, a shown 0 is what gives a count of 1 to 4 away: hide a 0, which
                // then reads "fewer than 5".
                let small = (1..<smallest).contains(counts[name] ?? 0)
                guard
                    let next = smallestShown(in: near, counts, hidden, known: known)
                        ?? smallestShown(in: touching, counts, hidden, known: known)
                        ?? (small ? shownZero(in: near, counts, hidden, known: known) : nil)
                        ?? (small ? shownZero(in: linked(to: name, sums), counts, hidden, known: known) : nil)
                else {
                    beyondHelp.insert(name)
                    continue
                }
                hidden.insert(next)
            case .tooHard:
                // Too many ways to try: withhold every count that adds up with a hidden one.
                for sum in sums where ([sum.total] + sum.parts).contains(where: hidden.contains) {
                    for name in [sum.total] + sum.parts where (counts[name] ?? 0) >= smallest && !known.contains(name) {
                        hidden.insert(name)
                    }
                }
                hideBySum(counts, sums: sums, same: same, hidden: &hidden, bound: bound, rules: rules)
                return shownCounts(counts, hidden: hidden)
            }
        }
    }

    /// Hides, sum by sum, until no sum on its own gives a hidden count away, and counts shown in several places
    /// hide together.
    /// What the reader is taken to know beyond the shown counts.
    struct Rules {
        var forced: Set<String> = []
        var known: Set<String> = []

        /// The values a hidden count could take, to a reader who knows the rule. A 0 is hidden only to protect
        /// another count (or in a small group): it reads "fewer than 5" like any other, and a reader who knows the rule
        /// cannot tell it from 1 to 4, so it could be any of 0 to 4.
        func range(_ name: String, value: Int, bound: Int) -> ClosedRange<Int> {
            if value < smallest { return (forced.contains(name) || value == 0 ? 0 : 1)...(smallest - 1) }
            return smallest...max(smallest, bound)
        }
    }

    static func hideBySum(
        _ counts: [String: Int], sums: [Sum], same: [[String]], hidden: inout Set<String>, bound: Int,
        rules: Rules = Rules()
    ) {
        var changed = true
        while changed {
            changed = false
            for group in same where group.contains(where: hidden.contains) {
                for name in group where counts[name] != nil && !hidden.contains(name) {
                    hidden.insert(name)
                    changed = true
                }
            }
            for sum in sums {
                guard let cell = nextToHide(in: sum, counts: counts, hidden: hidden, bound: bound, rules: rules)
                else { continue }
                hidden.insert(cell)
                changed = true
            }
        }
    }

    static func smallestShown(
        in sums: [Sum], _ counts: [String: Int], _ hidden: Set<String>, known: Set<String> = []
    ) -> String? {
        let names = Set(sums.flatMap { [$0.total] + $0.parts }).filter {
            !hidden.contains($0) && !known.contains($0) && (counts[$0] ?? 0) >= smallest
        }
        return names.min { (counts[$0] ?? 0, $0) < (counts[$1] ?? 0, $1) }
    }

    /// A shown 0 of `sums` (first by name), to hide when no count of 5 or more is left to withhold.
    static func shownZero(
        in sums: [Sum], _ counts: [String: Int], _ hidden: Set<String>, known: Set<String>
    ) -> String? {
        Set(sums.flatMap { [$0.total] + $0.parts }).filter {
            !hidden.contains($0) && !known.contains($0) && counts[$0] == 0
        }.min()
    }

    /// The sums linked to `name`, directly or through other sums.
    static func linked(to name: String, _ sums: [Sum]) -> [Sum] {
        var names: Set<String> = [name]
        var linked: [Sum] = []
        var rest = sums
        while let index = rest.firstIndex(where: { ([$0.total] + $0.parts).contains(where: names.contains) }) {
            let sum = rest.remove(at: index)
            names.formUnion([sum.total] + sum.parts)
            linked.append(sum)
        }
        return linked
    }

    static func shownCounts(_ counts: [String: Int], hidden: Set<String>) -> [String: ShownCount] {
        var shown: [String: ShownCount] = [:]
        for (name, value) in counts {
            shown[name] = !hidden.contains(name) ? .count(value) : value < smallest ? .fewerThanFive : .withheld
        }
        return shown
    }

    /// A percentage of two shown counts, rounded down, or nil when either is hidden or the whole is 0. Rounded down,
    /// so that "100%" always means everyone.
    public static func percent(_ part: ShownCount?, of whole: ShownCount?) -> Int? {
        guard let part = part?.value, let whole = whole?.value, whole > 0 else { return nil }
        return part * 100 / whole
    }

    /// The count to hide next in `sum`, when a hidden count under 5 in it could still be worked out exactly: the
    /// smallest shown part of 5 or more (first in order on a tie), else the total.
    static func nextToHide(
        in sum: Sum, counts: [String: Int], hidden: Set<String>, bound: Int, rules: Rules = Rules()
    ) -> String? {
        let names = [sum.total] + sum.parts
        guard names.allSatisfy({ counts[$0] != nil }), names.contains(where: hidden.contains),
            exposes(sum, counts: counts, hidden: hidden.subtracting(rules.known), bound: bound, rules: rules)
        else { return nil }
        let candidates = sum.parts.filter {
            !hidden.contains($0) && !rules.known.contains($0) && (counts[$0] ?? 0) >= smallest
        }
        if let smallestPart = candidates.min(by: { (counts[$0] ?? 0) < (counts[$1] ?? 0) }) { return smallestPart }
        return hidden.contains(sum.total) || rules.known.contains(sum.total) ? nil : sum.total
    }

    /// Whether a reader who sees the shown counts of `sum` could work out a hidden count exactly, or could tell a
    /// hidden count under 5 apart from one that is withheld.
    static func exposes(
        _ sum: Sum, counts: [String: Int], hidden: Set<String>, bound: Int, rules: Rules = Rules()
    ) -> Bool {
        // total - parts = 0, written as signed terms: the known part is the sum of the shown terms.
        var known = 0
        var unknown: [(sign: Int, range: ClosedRange<Int>)] = []
        for (sign, name) in [(1, sum.total)] + sum.parts.map({ (-1, $0) }) {
            let value = counts[name] ?? 0
            if !hidden.contains(name) {
                known += sign * value
            } else {
                unknown.append((sign, rules.range(name, value: value, bound: bound)))
            }
        }
        if unknown.isEmpty { return false }
        // Each hidden count lies in a range (1 to 4, or 5 to the bound), and a sum of ranges of whole numbers is
        // every whole number between the sums of their ends. For each hidden count, the values it could take given
        // the others' ranges: fewer than two, and it is given away.
        for index in unknown.indices {
            var low = known
            var high = known
            for (other, term) in unknown.enumerated() where other != index {
                let ends = [term.sign * term.range.lowerBound, term.sign * term.range.upperBound]
                low += ends.min() ?? 0
                high += ends.max() ?? 0
            }
            // sign * value + others = 0, so value = -others / sign, and sign is 1 or -1.
            let term = unknown[index]
            let fits = [-term.sign * low, -term.sign * high]
            let from = max(term.range.lowerBound, fits.min() ?? 0)
            let to = min(term.range.upperBound, fits.max() ?? 0)
            if to - from < 1 { return true }
        }
        return false
    }
}
