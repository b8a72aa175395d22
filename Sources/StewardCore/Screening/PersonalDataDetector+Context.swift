// Personal data told apart by what is around it (issue 20): an email address written out in words, a number given
// for an office or a helpline, a date of birth whose cue is in the sentence before, and one from history.

import Foundation

extension PersonalDataDetector {
    /// The ends of a domain written out in words ("hotmail dot co dot uk").
    static let spelledDomainEnds: Set<String> = [
        "com", "uk", "org", "net", "edu", "gov", "io", "me", "info", "ie", "eu", "biz",
    ]

    static let atHash = WordHash.of("at")
    /// Mail services people give addresses at.
    static let mailProviders: Set<String> = [
        "gmail", "googlemail", "hotmail", "outlook", "live", "msn", "yahoo", "icloud", "me", "mac", "aol", "btinternet",
        "sky", "virginmedia", "ntlworld", "talktalk", "protonmail", "proton", "gmx", "mail", "ymail", "tiscali",
    ]

    /// An address written out to dodge filters: "lucy dot fenwick at hotmail dot co dot uk".
    func spelledEmails(_ text: ScreeningText, _ found: inout [Finding]) {
        let tokens = text.tokens
        // Most posts have no "at": one integer comparison a word.
        let at = Self.atHash
        guard tokens.contains(where: { $0.hash == at }) else { return }
        for k in tokens.indices where tokens[k].hash == at && tokens[k].folded == "at" && k > 0 && k + 2 < tokens.count
        {
            // The domain: words joined by "dot" ("hotmail dot co dot uk") or by full stops ("gmail.com").
            var end = k + 1
            var dots = 0
            var spelled = false
            while end + 1 < tokens.count {
                if tokens[end + 1].gapBefore == ".", !tokens[end + 1].isNumber {
                    end += 1
                } else if end + 2 < tokens.count, tokens[end + 1].folded == "dot", !tokens[end + 2].isNumber {
                    end += 2
                    spelled = true
                } else {
                    break
                }
                dots += 1
            }
            // "meet at school.uk" is a place; "jacksmith at gmail.com" names a mail provider.
            guard dots >= 1, Self.spelledDomainEnds.contains(tokens[end].folded),
                spelled || Self.mailProviders.contains(tokens[k + 1].folded)
            else { continue }
            var start = k - 1
            while start >= 2, tokens[start - 1].folded == "dot" { start -= 2 }
            add(
                &found, text, "email", .block, tokens[start].start, tokens[end].end,
                "This is someone's email address, written out in words. Do not share personal contact details on the school's accounts."
            )
        }
    }

    /// Words before a number that make it an office's or a service's ("ring the school office on").
    static let officeWords: Set<String> = [
        "office", "reception", "helpline", "switchboard", "hotline", "enquiries", "inquiries", "childline", "nspcc",
        "council", "nhs", "surgery", "service", "services",
    ]

    static let officeHashes = Set(officeWords.map(WordHash.of))

    /// Whether a word for an office or a service comes shortly before code point `offset`, in its sentence.
    static func forAnOffice(_ text: ScreeningText, at offset: Int) -> Bool {
        let tokens = text.tokens
        let next = text.firstToken { $0.end > offset }
        var k = next - 1
        while k >= 0, next - k <= 8, next >= tokens.count || text.sameSentence(k, next) {
            if officeHashes.contains(tokens[k].hash), officeWords.contains(tokens[k].folded) { return true }
            k -= 1
        }
        return false
    }

    /// Dates of birth in a year before this one are history: nobody a school employs or teaches was born then.
    static let historyEnds = Calendar(identifier: .gregorian).component(.year, from: Date()) - 100

    func birthDates(_ text: ScreeningText, _ found: inout [Finding]) {
        let tokens = text.tokens
        // Without a word about birth there is no date of birth to find.
        guard text.flags.isEmpty || text.flags.contains(where: { $0.contains(.birthCue) }) else { return }
        for (a, b) in dates(text) {
            // "Roald Dahl was born on 13 September 1916": a birthday from history, not anyone here.
            if (a...b).contains(where: { k in
                tokens[k].isNumber && tokens[k].folded.utf8.count == 4
                    && (Int(tokens[k].folded) ?? Self.historyEnds) < Self.historyEnds
            }) {
                continue
            }
            let window = max(0, a - 6)..<min(tokens.count, b + 3)
            func isCue(_ k: Int) -> Bool {
                Self.birthCues.contains(tokens[k].folded)
                    || (tokens[k].folded == "d" && k + 2 < tokens.count
                        && tokens[k + 1].folded == "o" && tokens[k + 2].folded == "b")
            }
            var cued = window.contains { k in isCue(k) && text.sameSentence(min(k, a), max(k, b)) }
            // "Tell me your date of birth. It's 30/06/2015": the cue in the sentence before, the date at the start of
            // a short answer.
            if !cued, a > 0 {
                var first = a
                while first > 0, text.sameSentence(first - 1, a) { first -= 1 }
                let answer = a - first <= 3
                let previous = tokens[max(0, first - 1)].sentence
                cued =
                    answer && first > 0
                    && (max(0, first - 12)..<first).contains { k in tokens[k].sentence == previous && isCue(k) }
            }
            if cued {
                add(
                    &found, text, "date-of-birth", .block, tokens[a].start, tokens[b].end,
                    "This is a date of birth. Birthdays can be celebrated without the date.")
            }
        }
    }
}
