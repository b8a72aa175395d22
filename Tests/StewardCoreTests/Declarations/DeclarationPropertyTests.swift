// "Since when" and a declaration's words hold for any input: what is read reads back the same, nothing after today is
// accepted, and no text crashes the reader.

import PropertyBased
import StewardCore
import Testing

@Suite("Declarations hold for any input")
struct DeclarationPropertyTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 30)!

    @Test("Any text: since is refused with a message or read as a real day no later than today, and reads back")
    func anyText() async {
        let pieces = Array("0123456789-/ ") + ["2", "0", "1", "9", "a", "\u{0661}", "\u{FF11}"]
        await propertyCheck(count: 500, input: Gen.element(of: pieces).compactMap { $0 }.string(of: 0...14)) { text in
            switch DeclarationRules.since(text, today: Self.today) {
            case .success(let since):
                #expect(since.earliest <= Self.today)
                #expect(since.year >= 1900)
                #expect(ApproximateDate(parsing: since.description) == since)
            case .failure(let error):
                #expect(error.field == "since" && !error.message.isEmpty)
            }
        }
    }

    @Test("Every year, month and day written the three ways reads as itself, on both sides of today")
    func edges() async {
        await propertyCheck(
            count: 400, input: Gen.int(in: 1880...2230), Gen.int(in: 0...13), Gen.int(in: 0...32)
        ) { year, month, day in
            let real = CalendarDate(year: year, month: max(month, 1), day: max(day, 1))
            let y = String(format: "%04d", year)
            let asYear = ApproximateDate(parsing: y)
            #expect((asYear != nil) == ((1900...2200).contains(year)), "\(y)")
            let ym = "\(y)-\(String(format: "%02d", month))"
            #expect(
                (ApproximateDate(parsing: ym) != nil) == ((1900...2200).contains(year) && (1...12).contains(month)),
                "\(ym)")
            let ymd = "\(ym)-\(String(format: "%02d", day))"
            let parsed = ApproximateDate(parsing: ymd)
            #expect((parsed != nil) == (real != nil && month >= 1 && day >= 1), "\(ymd)")
            if let parsed {
                let accepted = DeclarationRules.since(ymd, today: Self.today)
                if case .success = accepted {
                    #expect(parsed.earliest <= Self.today)
                } else {
                    #expect(parsed.earliest > Self.today)
                }
            }
        }
    }
}
