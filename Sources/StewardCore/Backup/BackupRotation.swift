// Which of the daily backups to keep: the newest of each of the last seven days and of each of the last four weeks.

import Foundation

/// Which daily backups to keep, by the time in each file's name.
public enum BackupRotation {
    /// The name a daily backup made at `date` gets: `steward-2026-12-01T020000Z.backup`.
    public static func name(for date: Date) -> String {
        let stamp = compact(date)
        return "steward-\(stamp).backup"
    }

    /// The time in a daily backup's name; nil for any other file (which rotation never touches).
    public static func date(of name: String) -> Date? {
        guard name.hasPrefix("steward-"), name.hasSuffix(".backup") else { return nil }
        let stamp = name.dropFirst("steward-".count).dropLast(".backup".count)
        return parseCompact(String(stamp))
    }

    /// The backups to keep: for each of the `daily` most recent days (UTC) that have a backup, its newest; and for
    /// each of the `weekly` most recent weeks (Monday to Sunday, UTC) that have one, its newest. The rest may go.
    public static func keep(_ names: [String], daily: Int = 7, weekly: Int = 4) -> Set<String> {
        var dated: [(name: String, at: Date)] = []
        for name in names {
            if let at = date(of: name) { dated.append((name: name, at: at)) }
        }
        // Newest first; the same time, by name. (As one chained expression this took the compiler 9 s.)
        dated.sort { first, second in
            if first.at != second.at { return first.at > second.at }
            return first.name > second.name
        }
        var keep = Set<String>()
        var days = Set<Int>()
        var weeks = Set<Int>()
        for backup in dated {
            let day = Int((backup.at.timeIntervalSince1970 / 86_400).rounded(.down))
            // 1 January 1970 was a Thursday: days since the Monday before it, in whole weeks.
            let week = Int((Double(day + 3) / 7).rounded(.down))
            if !days.contains(day) && days.count < daily {
                days.insert(day)
                keep.insert(backup.name)
            }
            if !weeks.contains(week) && weeks.count < weekly {
                weeks.insert(week)
                keep.insert(backup.name)
            }
        }
        return keep
    }

    /// A UTC time for a file name: `2026-12-01T020000Z`.
    static func compact(_ date: Date) -> String {
        let full = AuditRecord.timestamp(date)  // 2026-12-01T02:00:00.000Z
        let day = full.prefix(10)
        let time = full.dropFirst(11).prefix(8).replacingOccurrences(of: ":", with: "")
        return "\(day)T\(time)Z"
    }

    /// Reads `compact`'s form back; nil for anything else.
    static func parseCompact(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        guard chars.count == 18, chars[4] == 45, chars[7] == 45, chars[10] == 84, chars[17] == 90 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for c in chars[range] {
                guard (48...57).contains(c) else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(13..<15), let second = number(15..<17),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let components = DateComponents(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components),
            calendar.component(.day, from: date) == day
        else { return nil }
        return date
    }
}
