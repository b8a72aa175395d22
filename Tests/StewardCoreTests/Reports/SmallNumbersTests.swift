// Counts about few people in a governors' report: 1 to 4 never shown, and never to be worked out from the rest.

import PropertyBased
import StewardCore
import Testing

@Suite("Small numbers in reports")
struct SmallNumbersTests {
    @Test("Each side of the rule: 0 shown, 1 to 4 fewer than 5, 5 shown; the words a page shows")
    func edges() {
        let counts = ["zero": 0, "one": 1, "four": 4, "five": 5, "many": 1_000]
        let shown = SmallNumbers.shown(counts, sums: [])
        #expect(shown["zero"] == .count(0))
        #expect(shown["one"] == .fewerThanFive)
        #expect(shown["four"] == .fewerThanFive)
        #expect(shown["five"] == .count(5))
        #expect(shown["many"] == .count(1_000))
        #expect(ShownCount.fewerThanFive.text == "fewer than 5")
        #expect(ShownCount.withheld.text == "not shown")
        #expect(ShownCount.count(0).text == "0")
    }

    @Test("A school with 3 cases: every table says fewer than 5, and no sum of its numbers gives 3")
    func threeCases() {
        let counts = [
            "total": 3, "contact": 3, "misuse": 0, "abuse": 0, "open": 2, "closed": 1, "police": 0, "lado": 0,
        ]
        let sums = [
            SmallNumbers.Sum(total: "total", parts: ["contact", "misuse", "abuse"]),
            SmallNumbers.Sum(total: "total", parts: ["open", "closed"]),
        ]
        let shown = SmallNumbers.shown(counts, sums: sums)
        for name in ["total", "contact", "open", "closed"] { #expect(shown[name] == .fewerThanFive, "\(name)") }
        for name in ["misuse", "abuse", "police", "lado"] { #expect(shown[name] == .count(0), "\(name)") }
        #expect(!shown.values.contains(.count(3)))
        #expect(Attacker(counts: counts, shown: shown, sums: sums).givenAway().isEmpty)
    }

    @Test("A total and all but one part would give the part away: the smallest other part of 5 or more is withheld")
    func subtraction() {
        let counts = ["total": 25, "a": 3, "b": 10, "c": 12]
        let sums = [SmallNumbers.Sum(total: "total", parts: ["a", "b", "c"])]
        let shown = SmallNumbers.shown(counts, sums: sums)
        #expect(shown == ["total": .count(25), "a": .fewerThanFive, "b": .withheld, "c": .count(12)])
        #expect(Attacker(counts: counts, shown: shown, sums: sums).givenAway().isEmpty)
    }

    @Test("Two counts under 5 that add up to 2 (or 8) give themselves away: a third is withheld")
    func twoSmallOnes() {
        for (a, b) in [(1, 1), (4, 4), (1, 2), (2, 3)] {
            let counts = ["total": a + b + 10 + 20, "a": a, "b": b, "c": 10, "d": 20]
            let sums = [SmallNumbers.Sum(total: "total", parts: ["a", "b", "c", "d"])]
            let shown = SmallNumbers.shown(counts, sums: sums)
            let attacker = Attacker(counts: counts, shown: shown, sums: sums)
            #expect(attacker.givenAway().isEmpty, "\(a), \(b): \(shown)")
            // 1 + 2 = 3 and 2 + 3 = 5 leave each of the two more than one value: nothing more is hidden.
            #expect((shown["c"] == .withheld) == (a + b == 2 || a + b == 8), "\(a), \(b): \(shown)")
        }
    }

    @Test("One count shown in two tables hides in both: the open cases withheld beside the closed stay withheld")
    func sameCountTwice() {
        let counts = ["total": 12, "open": 9, "closed": 3, "openAll": 9, "young": 4, "old": 5]
        let sums = [
            SmallNumbers.Sum(total: "total", parts: ["open", "closed"]),
            SmallNumbers.Sum(total: "openAll", parts: ["young", "old"]),
        ]
        let same = [["open", "openAll"]]
        let shown = SmallNumbers.shown(counts, sums: sums, same: same)
        #expect(shown["closed"] == .fewerThanFive && shown["open"] == .withheld)
        #expect(shown["openAll"] == .withheld, "the 9 beside the ages would give the closed 3 away")
        #expect(shown["young"] == .fewerThanFive && shown["total"] == .count(12))
        #expect(Attacker(counts: counts, shown: shown, sums: sums, same: same).givenAway().isEmpty)
        // Without saying they are the same, the reader's subtraction works: the attacker is not a pushover.
        let careless = SmallNumbers.shown(counts, sums: sums)
        #expect(!Attacker(counts: counts, shown: careless, sums: sums, same: same).givenAway().isEmpty)
    }

    @Test("A count that alone makes up a withheld one is withheld too")
    func totalWithheld() {
        let counts = ["total": 12, "a": 3, "b": 0, "c": 9, "cAll": 9, "d": 9]
        let sums = [
            SmallNumbers.Sum(total: "total", parts: ["a", "b", "c"]),
            SmallNumbers.Sum(total: "cAll", parts: ["d"]),
        ]
        let shown = SmallNumbers.shown(counts, sums: sums, same: [["c", "cAll"]])
        #expect(shown["a"] == .fewerThanFive && shown["b"] == .count(0))
        #expect(shown["c"] == .withheld && shown["cAll"] == .withheld)
        #expect(shown["d"] == .withheld, "d alone makes up cAll")
        #expect(Attacker(counts: counts, shown: shown, sums: sums, same: [["c", "cAll"]]).givenAway().isEmpty)
    }

    @Test("A percentage only from two shown counts, rounded down so that 100% means everyone")
    func percentages() {
        #expect(SmallNumbers.percent(.count(199), of: .count(200)) == 99)
        #expect(SmallNumbers.percent(.count(200), of: .count(200)) == 100)
        #expect(SmallNumbers.percent(.count(0), of: .count(0)) == nil)
        #expect(SmallNumbers.percent(.fewerThanFive, of: .count(20)) == nil)
        #expect(SmallNumbers.percent(.count(20), of: .withheld) == nil)
        #expect(SmallNumbers.percent(nil, of: .count(20)) == nil)
    }

    @Test("Any counts in tables that share their total: nothing under 5 shown, and none worked out by any sum")
    func oneWayTables() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...9).array(of: 2...7), Gen.int(in: 1...3)) {
            values, tables in
            // The same people counted `tables` ways: each table's parts are a split of one total.
            let total = values.reduce(0, +)
            var counts = ["total": total]
            var sums: [SmallNumbers.Sum] = []
            for table in 0..<tables {
                var parts: [String] = []
                let turn = table % values.count
                let rotated: [Int] = Array(values[turn...]) + Array(values[..<turn])
                // Join neighbours differently in each table so that the splits differ.
                var index = 0
                while index < rotated.count {
                    let width = min(table + 1, rotated.count - index)
                    let name = "t\(table)p\(index)"
                    counts[name] = rotated[index..<(index + width)].reduce(0, +)
                    parts.append(name)
                    index += width
                }
                sums.append(SmallNumbers.Sum(total: "total", parts: parts))
            }
            let shown = SmallNumbers.shown(counts, sums: sums)
            Self.checkShown(counts, shown)
            let leaks = Attacker(counts: counts, shown: shown, sums: sums).givenAway()
            #expect(leaks.isEmpty, "\(counts) shown as \(shown): \(leaks) worked out")
        }
    }

    @Test("A table of counts all under 5 beside zeros: a 0 is hidden too, so that none can be worked out")
    func zerosBesideSmallCounts() {
        // Two rows of three, [0 1 1; 0 1 1]: with the zeros shown, g = r0 + r1 is at least 4 (each row has two
        // counts of 1 or more) and at most 4, so every count would follow.
        var counts: [String: Int] = ["x00": 0, "x01": 1, "x02": 1, "x10": 0, "x11": 1, "x12": 1]
        counts.merge(["r0": 2, "r1": 2, "c0": 0, "c1": 2, "c2": 2, "g": 4]) { $1 }
        let sums: [SmallNumbers.Sum] = [
            .init(total: "r0", parts: ["x00", "x01", "x02"]), .init(total: "r1", parts: ["x10", "x11", "x12"]),
            .init(total: "c0", parts: ["x00", "x10"]), .init(total: "c1", parts: ["x01", "x11"]),
            .init(total: "c2", parts: ["x02", "x12"]), .init(total: "g", parts: ["r0", "r1"]),
            .init(total: "g", parts: ["c0", "c1", "c2"]),
        ]
        let shown = SmallNumbers.shown(counts, sums: sums)
        Self.checkShown(counts, shown)
        #expect(Attacker(counts: counts, shown: shown, sums: sums).givenAway().isEmpty, "\(shown)")
        #expect(counts.keys.contains { counts[$0] == 0 && shown[$0] == .fewerThanFive })
        // One count of 5 in the table: still nothing worked out.
        var larger = counts
        larger.merge(["x02": 5, "r0": 6, "c2": 6, "g": 8]) { $1 }
        let shownLarger = SmallNumbers.shown(larger, sums: sums)
        #expect(Attacker(counts: larger, shown: shownLarger, sums: sums).givenAway().isEmpty, "\(shownLarger)")
    }

    @Test("Any cross-table with row, column and grand totals: nothing under 5 shown or worked out")
    func crossTables() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...7).array(of: 6)) { cells in
            // Two rows of three: rows r0 r1, columns c0 c1 c2, grand total g.
            var counts: [String: Int] = [:]
            for row in 0..<2 { for column in 0..<3 { counts["x\(row)\(column)"] = cells[row * 3 + column] } }
            var sums: [SmallNumbers.Sum] = []
            for row in 0..<2 {
                counts["r\(row)"] = (0..<3).map { cells[row * 3 + $0] }.reduce(0, +)
                sums.append(SmallNumbers.Sum(total: "r\(row)", parts: (0..<3).map { "x\(row)\($0)" }))
            }
            for column in 0..<3 {
                counts["c\(column)"] = cells[column] + cells[3 + column]
                sums.append(SmallNumbers.Sum(total: "c\(column)", parts: ["x0\(column)", "x1\(column)"]))
            }
            counts["g"] = cells.reduce(0, +)
            sums.append(SmallNumbers.Sum(total: "g", parts: ["r0", "r1"]))
            sums.append(SmallNumbers.Sum(total: "g", parts: ["c0", "c1", "c2"]))
            let shown = SmallNumbers.shown(counts, sums: sums)
            Self.checkShown(counts, shown)
            let leaks = Attacker(counts: counts, shown: shown, sums: sums).givenAway()
            #expect(leaks.isEmpty, "\(counts) shown as \(shown): \(leaks) worked out")
        }
    }

    /// What is shown is true, and nothing from 1 to 4 is shown.
    static func checkShown(_ counts: [String: Int], _ shown: [String: ShownCount]) {
        for (name, value) in counts {
            switch shown[name] {
            case .count(let figure): #expect(figure == value && !(1...4).contains(value), "\(name)")
            // A 0 reads "fewer than 5" only when hidden to protect a count under 5 beside it.
            case .fewerThanFive: #expect((0...4).contains(value), "\(name)")
            case .withheld: #expect(value >= 5, "\(name)")
            case nil: Issue.record("\(name) missing")
            }
        }
    }
}

/// A reader who knows the rule and every shown count, and tries every value of every hidden count (1 to 4 when
/// "fewer than 5"; from 5 to 5 more than the largest count when withheld) against every sum at once: a hidden count
/// with only one possible value is given away. Written apart from `SmallNumbers`, by exhaustive search.
private struct Attacker {
    let counts: [String: Int]
    let shown: [String: ShownCount]
    let sums: [SmallNumbers.Sum]
    var same: [[String]] = []

    /// The counts under 5 that have only one value consistent with everything shown. (A withheld count worked out
    /// exactly is 5 or more: no small number.)
    func givenAway() -> [String] {
        let hidden = counts.keys.filter { shown[$0]?.value == nil }.sorted()
        let bound = (counts.values.max() ?? 0) + 5
        // Once a 0 reads "fewer than 5" in a table, any "fewer than 5" of it could be that 0 (these tables are each
        // one table: every count adds up with every other).
        let zeroHidden = hidden.contains { counts[$0] == 0 }
        let domains = Dictionary(
            uniqueKeysWithValues: hidden.map { name in
                (name, shown[name] != .fewerThanFive ? Array(5...bound) : zeroHidden ? Array(0...4) : Array(1...4))
            })
        // A 0 worked out says no more than a 0 shown: what must not be worked out is 1 to 4.
        return hidden.filter { shown[$0] == .fewerThanFive && counts[$0] != 0 }.filter { name in
            var possible = 0
            for value in domains[name] ?? [] {
                var fixed = [name: value]
                if solvable(&fixed, remaining: hidden.filter { $0 != name }, domains: domains) { possible += 1 }
                if possible > 1 { return false }
            }
            return true
        }
    }

    private func value(_ name: String, _ assigned: [String: Int]) -> Int? {
        shown[name]?.value ?? assigned[name]
    }

    /// Whether the hidden counts left can take values that satisfy every sum and sameness, given `assigned`.
    private func solvable(_ assigned: inout [String: Int], remaining: [String], domains: [String: [Int]]) -> Bool {
        // Each sum must still be possible: the parts known so far plus the least and most the others could be
        // must reach the total (or a value the total could take).
        for sum in sums {
            var low = 0
            var high = 0
            for part in sum.parts {
                if let known = value(part, assigned) {
                    low += known
                    high += known
                } else {
                    low += domains[part]?.min() ?? 0
                    high += domains[part]?.max() ?? 0
                }
            }
            let totals = value(sum.total, assigned).map { [$0] } ?? domains[sum.total] ?? []
            if !totals.contains(where: { (low...high).contains($0) }) { return false }
        }
        for group in same {
            let values = Set(group.compactMap { value($0, assigned) })
            if values.count > 1 { return false }
        }
        guard let next = remaining.first else { return true }
        for candidate in domains[next] ?? [] {
            assigned[next] = candidate
            if solvable(&assigned, remaining: Array(remaining.dropFirst()), domains: domains) {
                assigned[next] = nil
                return true
            }
        }
        assigned[next] = nil
        return false
    }
}

@Suite("Small numbers: groups a reader can count")
struct SmallGroupsTests {
    /// The sums of a coverage table: each group's asked = met + due + overdue, and each field's "all" the groups'.
    static func coverageSums(groups: [String]) -> [SmallNumbers.Sum] {
        var sums: [SmallNumbers.Sum] = []
        for group in groups + ["all"] {
            sums.append(.init(total: "\(group).asked", parts: ["\(group).met", "\(group).due", "\(group).overdue"]))
        }
        for field in ["asked", "met", "due", "overdue"] {
            sums.append(.init(total: "all.\(field)", parts: groups.map { "\($0).\(field)" }))
        }
        return sums
    }

    @Test("Two governors, known to every governor: their row says nothing, zeros included, and nothing else gives it")
    func smallGroup() {
        // Employees 8 asked (6 met, 1 due, 1 overdue); governors 2 (0 met, 2 overdue); everyone 10.
        let counts = [
            "e.asked": 8, "e.met": 6, "e.due": 1, "e.overdue": 1, "g.asked": 2, "g.met": 0, "g.due": 0, "g.overdue": 2,
            "all.asked": 10, "all.met": 6, "all.due": 1, "all.overdue": 3,
        ]
        let sums = Self.coverageSums(groups: ["e", "g"])
        let forced: Set<String> = ["g.met", "g.due", "g.overdue"]
        let known: Set<String> = ["e.asked", "g.asked", "all.asked"]
        let shown = SmallNumbers.shown(counts, sums: sums, forced: forced, known: known)
        for name in forced { #expect(shown[name] == .fewerThanFive, "\(name): a 0 here would name what they did") }
        // Governors' met is 0: all.met − e.met would give it, so one of them is withheld.
        #expect(shown["e.met"]?.value == nil || shown["all.met"]?.value == nil, "\(shown)")
        #expect(shown["e.asked"] == .count(8) && shown["all.asked"] == .count(10))
        // Without the group known and its row forced, a reader who counts the governors would learn both.
        let careless = SmallNumbers.shown(counts, sums: sums)
        #expect(careless["g.met"] == .count(0))
    }

    @Test("One volunteer beside employees who have all done nothing: the employees' zeros stay, the total's 0 hides")
    func oneVolunteer() {
        // Employees 7 asked (none met, none due, 7 overdue); one volunteer, who met it; everyone 8.
        let counts = [
            "e.asked": 7, "e.met": 0, "e.due": 0, "e.overdue": 7, "v.asked": 1, "v.met": 1, "v.due": 0, "v.overdue": 0,
            "all.asked": 8, "all.met": 1, "all.due": 0, "all.overdue": 7,
        ]
        let sums = Self.coverageSums(groups: ["e", "v"])
        let shown = SmallNumbers.shown(
            counts, sums: sums, forced: ["v.met", "v.due", "v.overdue"], known: ["e.asked", "v.asked", "all.asked"])
        for name in ["v.met", "v.due", "v.overdue"] { #expect(shown[name] == .fewerThanFive, "\(name)") }
        // all.due = e.due + v.due would give the volunteer's 0 away: it reads "fewer than 5", as a 0 hidden to
        // protect another does, and the rest of the employees' row is still shown, not withheld with it.
        #expect(shown["all.due"] == .fewerThanFive)
        #expect(shown["e.met"] == .count(0) && shown["e.due"] == .count(0), "\(shown)")
        #expect(shown["e.asked"] == .count(7) && shown["all.asked"] == .count(8), "\(shown)")
        // What the volunteer did cannot be worked out: with the overdue hidden as they are, met + due + overdue = 1
        // fits each of the three being the 1.
        #expect(shown["e.overdue"]?.value == nil || shown["all.overdue"]?.value == nil, "\(shown)")
    }
}
