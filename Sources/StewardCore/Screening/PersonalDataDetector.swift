// Personal data in a draft (policy 4.7): e-mail addresses, UK phone numbers, postcodes, street addresses,
// dates of birth, ages beside names, and pupil, NHS and National Insurance numbers.

import Foundation

struct PersonalDataDetector: Sendable {
    let allowed: Set<String>
    let health: HealthDetector

    /// Mailboxes a school publishes for everyone: not an individual's personal data.
    static let genericMailboxes: Set<String> = [
        "office", "info", "admin", "enquiries", "enquiry", "reception", "hello", "contact", "school", "head",
        "headteacher", "admissions", "finance", "clerk", "governors", "pta", "senco", "bursar", "attendance",
    ]

    static let streetTypes: Set<String> = [
        "road", "rd", "street", "st", "avenue", "ave", "lane", "ln", "close", "drive", "dr", "way", "crescent", "cres",
        "gardens", "grove", "place", "pl", "terrace", "court", "ct", "mews", "row", "walk", "square", "hill", "rise",
        "parade", "view", "green", "park",
    ]

    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6,
        "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
        "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]

    static let birthCues: Set<String> = ["born", "birthday", "dob", "birth", "birthdate"]

    func findings(in text: ScreeningText, names: [Finding]) -> [Finding] {
        var found: [Finding] = []
        emails(text, &found)
        phones(text, &found)
        tokenIdentifiers(text, &found)
        addresses(text, &found)
        birthDates(text, &found)
        ages(text, names: names, &found)
        health.findings(in: text, names: names, &found)
        return found
    }

    func add(
        _ found: inout [Finding], _ text: ScreeningText, _ kind: String, _ severity: Severity, _ start: Int, _ end: Int,
        _ message: String
    ) {
        let span = text.text(start, end)
        if !allowed.isEmpty, allowed.contains(ScreeningContext.fold(span)) { return }
        found.append(
            Finding(
                category: .personalData, kind: kind, severity: severity, start: start, end: end, text: span,
                message: message))
    }

    // MARK: - E-mail

    private static func isLocalChar(_ s: Unicode.Scalar) -> Bool {
        s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || "._%+-'".unicodeScalars.contains(s))
    }

    private static func isDomainChar(_ s: Unicode.Scalar) -> Bool {
        s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "." || s == "-")
    }

    func emails(_ text: ScreeningText, _ found: inout [Finding]) {
        spelledEmails(text, &found)
        let s = text.scalars
        var i = 0
        while i < s.count {
            defer { i += 1 }
            guard s[i] == "@" else { continue }
            var start = i
            while start > 0, Self.isLocalChar(s[start - 1]) { start -= 1 }
            while start < i, s[start] == "." || s[start] == "'" { start += 1 }
            var end = i + 1
            while end < s.count, Self.isDomainChar(s[end]) { end += 1 }
            while end > i + 1, s[end - 1] == "." || s[end - 1] == "-" { end -= 1 }
            guard start < i, end > i + 1 else { continue }
            let domain = text.text(i + 1, end)
            let labels = domain.split(separator: ".")
            guard labels.count >= 2, let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isLetter) else { continue }
            let local = text.text(start, i).lowercased()
            if Self.genericMailboxes.contains(local) {
                add(
                    &found, text, "email", .info, start, end,
                    "A school mailbox: fine to share if it is the school's own.")
            } else {
                add(
                    &found, text, "email", .block, start, end,
                    "This is someone's email address. Do not share personal contact details on the school's accounts.")
            }
            i = end
        }
    }

    // MARK: - Phone numbers

    func phones(_ text: ScreeningText, _ found: inout [Finding]) {
        let s = text.scalars
        var i = 0
        while i < s.count {
            let c = s[i]
            let startsNumber = c == "+" || c == "0" || (c == "(" && i + 1 < s.count && s[i + 1] == "0")
            guard startsNumber,
                i == 0 || !(s[i - 1].properties.isAlphabetic || ("0"..."9").contains(s[i - 1]) || s[i - 1] == "/")
            else {
                i += 1
                continue
            }
            var digits: [UInt8] = []
            var j = i
            var last = i
            while j < s.count {
                let x = s[j]
                if ("0"..."9").contains(x) {
                    digits.append(UInt8(x.value - 48))
                    last = j + 1
                } else if x == " " || x == "-" || x == "(" || x == ")" || x == "." || (x == "+" && j == i) {
                    if x == " ", j + 1 < s.count, s[j + 1] == " " { break }
                } else {
                    break
                }
                if digits.count > 13 { break }
                j += 1
            }
            // The next character must not continue the number (a longer number is something else).
            if last < s.count, ("0"..."9").contains(s[last]) || s[last].properties.isAlphabetic {
                i = max(i + 1, last)
                continue
            }
            var national = digits
            if c == "+" {
                guard national.count >= 12, national[0] == 4, national[1] == 4 else {
                    i = max(i + 1, last)
                    continue
                }
                national = [0] + national.dropFirst(2)
                if national.count > 1, national[1] == 0 { national.remove(at: 1) }  // +44 (0)…
            }
            if national.count >= 10, national.count <= 11, national[0] == 0, [1, 2, 3, 7, 8].contains(national[1]) {
                let mobile = national[1] == 7
                // 03 and 08 numbers are organisations' (helplines, councils); so is a number given for an office.
                if !mobile && (national[1] == 3 || national[1] == 8 || Self.forAnOffice(text, at: i)) {
                    add(
                        &found, text, "organisation-phone", .info, i, last,
                        "An organisation's number (a helpline or an office): fine to share if it is public.")
                } else {
                    add(
                        &found, text, "uk-phone", .block, i, last,
                        mobile
                            ? "This is a mobile phone number. Do not share personal contact details on the school's accounts."
                            : "This is a phone number. Share only the school's own number (add it to the allowed words)."
                    )
                }
            }
            i = max(i + 1, last)
        }
    }

    // MARK: - Postcodes, pupil numbers, NHS and NI numbers (whole words)

    private static func isOutwardCode(_ t: String) -> Bool {
        let c = Array(t)
        guard (2...4).contains(c.count), c[0].isLetter else { return false }
        let shapes: [[Bool]] = [
            [true, false], [true, false, false], [true, true, false], [true, true, false, false],
            [true, false, true], [true, true, false, true],
        ]
        // true = letter, false = digit
        return shapes.contains { shape in
            shape.count == c.count
                && zip(shape, c).allSatisfy { $0 ? ($1.isLetter && $1.isASCII) : ($1.isASCII && $1.isNumber) }
        }
    }

    private static func isInwardCode(_ t: String) -> Bool {
        let c = Array(t)
        return c.count == 3 && c[0].isNumber && c[0].isASCII && c[1].isLetter && c[2].isLetter && c[1].isASCII
            && c[2].isASCII
    }

    func tokenIdentifiers(_ text: ScreeningText, _ found: inout [Finding]) {
        let tokens = text.tokens
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            // Every identifier below has a digit in its first or second word.
            guard t.hasDigit || (i + 1 < tokens.count && tokens[i + 1].hasDigit) else {
                i += 1
                continue
            }
            // Postcode: "SW1A 1AA" (or without the space), written in capitals as addresses are.
            if t.hasDigit, !t.isNumber, !t.hasLowercase, i + 1 < tokens.count, tokens[i + 1].gapBefore == " ",
                !tokens[i + 1].hasLowercase, Self.isOutwardCode(t.folded), Self.isInwardCode(tokens[i + 1].folded)
            {
                add(
                    &found, text, "uk-postcode", .warn, t.start, tokens[i + 1].end,
                    "This is a postcode. Check it is not someone's home address.")
                i += 2
                continue
            }
            if t.hasDigit, !t.isNumber, !t.hasLowercase, t.folded.utf8.count >= 6, t.folded.utf8.count <= 7 {
                let f = t.folded
                let inward = String(f.suffix(3))
                let outward = String(f.dropLast(3))
                if Self.isOutwardCode(outward) && Self.isInwardCode(inward) {
                    add(
                        &found, text, "uk-postcode", .warn, t.start, t.end,
                        "This is a postcode. Check it is not someone's home address.")
                    i += 1
                    continue
                }
            }
            // UPN: a check letter and twelve characters.
            if t.hasDigit, t.folded.utf8.count == 13, Identifiers.isValidUPN(t.folded) {
                add(
                    &found, text, "upn", .block, t.start, t.end,
                    "This is a Unique Pupil Number. Pupil numbers must never be shared.")
                i += 1
                continue
            }
            // NHS number: ten digits, often written 3-3-4.
            if t.isNumber {
                // Ten digits as one word, or 3-3-4 joined by spaces or hyphens; checked by shape before any string
                // is built, since most numbers in a post are dates and times.
                let n = t.folded.utf8.count
                func joined(_ k: Int) -> Bool { tokens[k].gapBefore == " " || tokens[k].gapBefore == "-" }
                var last: Int?
                if n == 10 {
                    last = i
                } else if n == 3, i + 2 < tokens.count, tokens[i + 1].isNumber, tokens[i + 1].folded.utf8.count == 3,
                    tokens[i + 2].isNumber, tokens[i + 2].folded.utf8.count == 4, joined(i + 1), joined(i + 2)
                {
                    last = i + 2
                }
                if let last {
                    let digits = tokens[i...last].flatMap { $0.folded.utf8.map { Int($0) - 48 } }
                    if Identifiers.isValidNHSNumber(digits) {
                        add(
                            &found, text, "nhs-number", .block, t.start, tokens[last].end,
                            "This is an NHS number. Health details must never be shared.")
                        i = last + 1
                        continue
                    }
                }
            }
            // National Insurance number: "QQ123456C" or "QQ 12 34 56 C".
            // Two letters then digits ("QQ 12 34 56 C"), or nine characters with digits: anything else is not one.
            let spaced = t.folded.utf8.count == 2 && !t.hasDigit && i + 1 < tokens.count && tokens[i + 1].isNumber
            guard spaced || (t.folded.utf8.count == 9 && t.hasDigit && !t.isNumber) else {
                i += 1
                continue
            }
            var ni = t.folded
            var niEnd = t.end
            var m = i + 1
            while ni.utf8.count < 9, m < tokens.count, tokens[m].gapBefore == " ", m - i <= 4 {
                ni += tokens[m].folded
                niEnd = tokens[m].end
                m += 1
            }
            if ni.count == 9, t.folded.count >= 2, Identifiers.isValidNINumber(ni), t.folded.first?.isLetter == true {
                add(
                    &found, text, "ni-number", .block, t.start, niEnd,
                    "This is a National Insurance number. It must never be shared.")
                i = m
                continue
            }
            i += 1
        }
    }

    // MARK: - Street addresses

    func addresses(_ text: ScreeningText, _ found: inout [Finding]) {
        let tokens = text.tokens
        streetNames(text, &found)
        for i in tokens.indices where tokens[i].isNumber && tokens[i].folded.count <= 4 {
            var j = i + 1
            var words = 0
            while j < tokens.count, words < 3, tokens[j].capitalised, tokens[j].gapBefore == " " {
                words += 1
                if Self.streetTypes.contains(tokens[j].folded) && words >= 2 {
                    add(
                        &found, text, "street-address", .block, tokens[i].start, tokens[j].end,
                        "This looks like a home address. Do not share where anyone lives.")
                    break
                }
                j += 1
            }
        }
    }

    // MARK: - Dates of birth and ages

    /// Finds dates: `12/03/2018`, `12.3.18`, `12th March 2018`, `March 12th`. Returns (start token, end token).
    func dates(_ text: ScreeningText) -> [(Int, Int)] {
        let tokens = text.tokens
        var result: [(Int, Int)] = []
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if t.isNumber, i + 2 < tokens.count, ["/", ".", "-"].contains(tokens[i + 1].gapBefore),
                tokens[i + 1].isNumber, tokens[i + 2].gapBefore == tokens[i + 1].gapBefore, tokens[i + 2].isNumber,
                let d = Int(t.folded), let m = Int(tokens[i + 1].folded), (1...31).contains(d), (1...12).contains(m),
                [2, 4].contains(tokens[i + 2].folded.count)
            {
                result.append((i, i + 2))
                i += 3
                continue
            }
            // "2016-03-12": the ISO form.
            if t.isNumber, t.folded.utf8.count == 4, i + 2 < tokens.count,
                ["-", "/"].contains(tokens[i + 1].gapBefore),
                tokens[i + 2].gapBefore == tokens[i + 1].gapBefore, tokens[i + 1].isNumber, tokens[i + 2].isNumber,
                let m = Int(tokens[i + 1].folded), let d = Int(tokens[i + 2].folded), (1...12).contains(m),
                (1...31).contains(d), tokens[i + 2].folded.utf8.count <= 2
            {
                result.append((i, i + 2))
                i += 3
                continue
            }
            let dayToken =
                t.folded.hasSuffix("st") || t.folded.hasSuffix("nd") || t.folded.hasSuffix("rd")
                    || t.folded.hasSuffix("th")
                ? String(t.folded.dropLast(2)) : t.folded
            if let day = Int(dayToken), (1...31).contains(day), i + 1 < tokens.count,
                Self.months[tokens[i + 1].folded] != nil
            {
                var end = i + 1
                if end + 1 < tokens.count, tokens[end + 1].isNumber, tokens[end + 1].folded.count == 4 { end += 1 }
                result.append((i, end))
                i = end + 1
                continue
            }
            if Self.months[t.folded] != nil, t.capitalised, i + 1 < tokens.count {
                let next = tokens[i + 1].folded
                let digits =
                    next.hasSuffix("st") || next.hasSuffix("nd") || next.hasSuffix("rd") || next.hasSuffix("th")
                    ? String(next.dropLast(2)) : next
                if let day = Int(digits), (1...31).contains(day) {
                    var end = i + 1
                    if end + 1 < tokens.count, tokens[end + 1].isNumber, tokens[end + 1].folded.count == 4 { end += 1 }
                    result.append((i, end))
                    i = end + 1
                    continue
                }
            }
            i += 1
        }
        return result
    }

    func ages(_ text: ScreeningText, names: [Finding], _ found: inout [Finding]) {
        guard !names.isEmpty else { return }
        let tokens = text.tokens
        let nameTokens = names.compactMap { text.token(startingAt: $0.start) }
        for i in tokens.indices where tokens[i].isNumber {
            guard let age = Int(tokens[i].folded), (2...18).contains(age) else { continue }
            let before = i > 0 ? tokens[i - 1].folded : ""
            let after = i + 1 < tokens.count ? tokens[i + 1].folded : ""
            let afterNext = i + 2 < tokens.count ? tokens[i + 2].folded : ""
            let bracketed =
                tokens[i].gapBefore.hasSuffix("(") && (i + 1 >= tokens.count || tokens[i + 1].gapBefore.hasPrefix(")"))
                || (i + 1 == tokens.count && tokens[i].gapBefore.hasSuffix("("))
            let isAge =
                before == "aged" || before == "age" || (after == "years" && afterNext == "old")
                || (after == "year" && afterNext == "old")
                || ((before == "is" || before == "turns" || before == "turned")
                    && (after == "today" || after == "years" || after == "this"))
                || bracketed
            guard isAge else { continue }
            var start = tokens[i].start
            var end = tokens[i].end
            if i > 0, before == "aged" || before == "age" { start = tokens[i - 1].start }
            if after == "years" || after == "year", i + 2 < tokens.count { end = tokens[i + 2].end }
            // Only an age beside a named person is personal data.
            let near = nameTokens.contains { n in abs(n - i) <= 8 && text.sameSentence(min(n, i), max(n, i)) }
            if near {
                add(&found, text, "age", .block, start, end, "This gives a named child's age. Leave the age out.")
            }
        }
    }
}
