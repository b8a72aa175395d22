// Which nightly backups the server keeps: the newest of each of the last 7 days and of each of the last 4 weeks.

import Foundation
import PropertyBased
import StewardCore
import Testing

@Suite("Backup rotation")
struct BackupRotationTests {
    /// 2026-12-01 is a Tuesday.
    static func at(_ month: Int, _ day: Int, _ hour: Int = 1, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: 2026, month: month, day: day, hour: hour, minute: minute))!
    }

    static func name(_ month: Int, _ day: Int, _ hour: Int = 1, _ minute: Int = 0) -> String {
        BackupRotation.name(for: at(month, day, hour, minute))
    }

    @Test("Names carry the time, in UTC, and are read back to the second")
    func names() async {
        #expect(BackupRotation.name(for: Self.at(12, 1, 1, 5)) == "steward-2026-12-01T010500Z.backup")
        await propertyCheck(count: 300, input: Gen.int(in: 0...4_102_444_799)) { seconds in
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(BackupRotation.date(of: BackupRotation.name(for: date)) == date)
        }
    }

    @Test(
        "Other files and impossible times are never taken for backups",
        arguments: [
            "notes.txt", "steward-2026-12-01T010000Z.backup.part", ".steward-2026-12-01T010000Z.backup.x.part",
            "steward-2026-13-01T010000Z.backup", "steward-2026-02-30T010000Z.backup",
            "steward-2026-12-01T250000Z.backup",
            "steward-2026-12-01T016000Z.backup", "steward-2026-12-01 010000Z.backup", "steward-.backup",
            "steward-2026-12-01T010000.backup", "steward-２026-12-01T010000Z.backup",
        ])
    func notBackups(name: String) {
        #expect(BackupRotation.date(of: name) == nil)
        #expect(BackupRotation.keep([name, Self.name(12, 1)]) == [Self.name(12, 1)])
    }

    @Test("Sixty nightly backups: the last seven days, and the newest of the two weeks before those")
    func sixtyNights() {
        // 3 October to 1 December, one a night at 01:00.
        let names = (0..<60).map { BackupRotation.name(for: Self.at(12, 1).addingTimeInterval(-Double($0) * 86_400)) }
        let kept = BackupRotation.keep(names)
        // Daily: 25 November to 1 December. Weekly (weeks from Monday): 30 Nov–6 Dec → 1 Dec, 23–29 Nov → 29 Nov
        // (both already daily), 16–22 Nov → 22 Nov, 9–15 Nov → 15 Nov.
        let expected: Set<String> = Set(
            [Self.name(12, 1)] + (25...30).map { Self.name(11, $0) } + [Self.name(11, 22), Self.name(11, 15)])
        #expect(kept == expected)
    }

    @Test("Of two backups on one day, the later is kept")
    func sameDay() {
        let names = [Self.name(12, 1, 1), Self.name(12, 1, 13), Self.name(11, 30, 1)]
        #expect(BackupRotation.keep(names) == [Self.name(12, 1, 13), Self.name(11, 30, 1)])
        #expect(BackupRotation.keep(names, daily: 1, weekly: 0) == [Self.name(12, 1, 13)])
    }

    @Test("Sunday night and Monday morning are different weeks; Monday and Sunday of one week are the same")
    func weekBoundary() {
        let sunday = Self.name(11, 29, 23, 59)
        let monday = Self.name(11, 30, 0, 0)
        let nextSunday = Self.name(12, 6, 23, 59)
        #expect(BackupRotation.keep([sunday, monday], daily: 0, weekly: 2) == [sunday, monday])
        #expect(BackupRotation.keep([sunday, monday], daily: 0, weekly: 1) == [monday])
        #expect(BackupRotation.keep([monday, nextSunday], daily: 0, weekly: 1) == [nextSunday])
        // Midnight UTC divides days.
        let beforeMidnight = Self.name(11, 30, 23, 59)
        #expect(BackupRotation.keep([beforeMidnight, Self.name(12, 1, 0, 0)], daily: 2, weekly: 0).count == 2)
        #expect(
            BackupRotation.keep([beforeMidnight, Self.name(12, 1, 0, 0)], daily: 1, weekly: 0) == [
                Self.name(12, 1, 0, 0)
            ])
    }

    @Test("Gaps count days that have a backup, not days on the calendar; fewer than seven are all kept")
    func gaps() {
        let few = [Self.name(12, 1), Self.name(11, 20), Self.name(10, 1)]
        #expect(BackupRotation.keep(few) == Set(few))
        #expect(BackupRotation.keep([]) == [])
    }

    @Test("However many backups there are, at most 7 + 4 are kept, the newest always among them")
    func bounds() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...(400 * 86_400)).array(of: 0...80)) { offsets in
            let names = offsets.map { BackupRotation.name(for: Self.at(12, 1).addingTimeInterval(-Double($0))) }
            let kept = BackupRotation.keep(names)
            #expect(kept.count <= 11)
            #expect(kept.isSubset(of: Set(names)))
            if let newest = names.max(by: { BackupRotation.date(of: $0)! < BackupRotation.date(of: $1)! }) {
                #expect(kept.contains(newest))
            }
        }
    }
}
