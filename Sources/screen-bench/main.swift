// Screening benchmark: prints posts per second on one core, p50 and p99 per post, context build time and peak
// memory, for rosters of 200, 2,000 and 20,000 pupils. Prints figures; asserts nothing.
//   swift run -c release screen-bench [POSTS]

import Foundation
import StewardCore

#if canImport(Glibc)
    import Glibc
#endif

let forenames = [
    "Oliver", "Amelia", "George", "Isla", "Noah", "Ava", "Arthur", "Mia", "Muhammad", "Ivy", "Leo", "Lily", "Harry",
    "Isabella", "Oscar", "Rosie", "Archie", "Sophia", "Henry", "Grace", "Theodore", "Freya", "Jack", "Florence",
    "Charlie",
    "Willow", "Thomas", "Evie", "Alfie", "Poppy", "Jacob", "Ella", "Finley", "Daisy", "Lucas", "Sienna", "Zoë", "Hope",
    "May", "Aisha", "Mohammed", "Ruby", "Theo", "Chloé", "Kai", "Maya", "Ethan", "Layla", "Reuben", "Hannah",
]
let surnames = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Khan", "Ali",
    "O'Neill", "Ellis-Smythe", "Da Silva", "Łukasik", "Nguyen", "Okafor", "Kowalski", "MacDonald", "Fitzgerald",
    "Begum", "Hughes", "Lefèvre", "Watson Price", "Kaur", "Rahman", "Brennan", "Marsh",
]

struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 29)
    }
}
nonisolated(unsafe) var rng = SeededGenerator(state: 20_261_125)

/// A pronounceable surname made from a number: 1234 → "Bodaki".
func lettersName(_ n: Int) -> String {
    let consonants = Array("bdfghklmnprstvw")
    let vowels = Array("aeiou")
    var value = n
    var name = ""
    repeat {
        name.append(consonants[value % consonants.count])
        value /= consonants.count
        name.append(vowels[value % vowels.count])
        value /= vowels.count
    } while value > 0
    return name.prefix(1).uppercased() + name.dropFirst()
}

@MainActor func roster(_ count: Int) -> [Pupil] {
    (0..<count).map { i in
        // Past the name lists' combinations, make unique surnames of letters so every pupil is distinct.
        let surname =
            i < forenames.count * surnames.count
            ? surnames[(i / forenames.count) % surnames.count] : lettersName(i)
        return Pupil(
            legalForename: forenames[i % forenames.count], surname: surname, photoOnSocialMedia: i % 3 != 0,
            nameOnSocialMedia: i % 5 == 0)
    }
}

let sentences = [
    "This week Year 4 made volcanoes in science and the whole class loved it.",
    "Huge thanks to our PTA who raised £1,234.50 at the summer fete for new library books.",
    "Football results: St Cleopas 3 – 2 Holy Trinity, what a match on Saturday!",
    "Reminder: the trip to the Science Museum is on 12 March, please send a packed lunch.",
    "Ask your child to tell you three things they learned about the water cycle.",
    "Our choir sang beautifully at the care home and the residents joined in.",
    "Please ring the office on 01632 960 555 if your child is unwell.",
    "We hope you all have a restful half term and see you on Monday.",
]

@MainActor func post(_ pupils: [Pupil]) -> String {
    var text = ""
    while text.unicodeScalars.count < 400 {
        if Int.random(in: 0..<4, using: &rng) == 0 {
            let p = pupils[Int.random(in: 0..<pupils.count, using: &rng)]
            text += "Well done \(Bool.random(using: &rng) ? p.displayName : p.legalForename) for a brilliant effort! "
        } else {
            text += sentences[Int.random(in: 0..<sentences.count, using: &rng)] + " "
        }
    }
    return text
}

func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

if CommandLine.arguments.contains("--stages") {
    let pupils = roster(2_000)
    let screener = Screener(context: ScreeningContext(pupils: pupils))
    let posts = (0..<2_000).map { _ in post(pupils) }
    var totals: [String: UInt64] = [:]
    var order: [String] = []
    for text in posts {
        for (name, ns) in screener.stageTimings(text) {
            if totals[name] == nil { order.append(name) }
            totals[name, default: 0] += ns
        }
    }
    for name in order {
        print(
            String(
                format: "%-18@ %8.1f µs per post", name as NSString,
                Double(totals[name] ?? 0) / 1e3 / Double(posts.count)))
    }
    exit(0)
}

let postCount = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10_000 : 10_000
let staff = (0..<200).map { StaffMember(forename: forenames[$0 % forenames.count], surname: "Staff\($0)") }
print("Screening \(postCount) posts of about 400 characters, 200 staff; one thread.")
for size in [200, 2_000, 20_000] {
    let pupils = roster(size)
    let posts = (0..<postCount).map { _ in post(pupils) }
    let averageLength = posts.map { $0.unicodeScalars.count }.reduce(0, +) / posts.count
    let buildStart = DispatchTime.now().uptimeNanoseconds
    let context = ScreeningContext(pupils: pupils, staff: staff, terms: ScreeningTerms(allowed: ["01632 960 555"]))
    let screener = Screener(context: context)
    let buildMs = Double(DispatchTime.now().uptimeNanoseconds - buildStart) / 1e6
    _ = screener.screen(posts[0])  // warm up
    var times: [Double] = []
    times.reserveCapacity(posts.count)
    var findings = 0
    let start = DispatchTime.now().uptimeNanoseconds
    for text in posts {
        let t0 = DispatchTime.now().uptimeNanoseconds
        findings += screener.screen(text).count
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e3)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    times.sort()
    let p50 = times[times.count / 2]
    let p99 = times[min(times.count - 1, times.count * 99 / 100)]
    print(
        String(
            format:
                "%6d pupils: context %.1f ms; %.0f posts/s; p50 %.1f µs, p99 %.1f µs per post; %d findings; avg %d chars; peak RSS %.1f MB",
            size, buildMs, Double(posts.count) / seconds, p50, p99, findings, averageLength, peakMemoryMB()))
}
