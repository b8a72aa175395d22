// An outgoing message rendered as RFC 5322 text: what the file transport writes and sendmail reads.

import Foundation

/// A plain-text e-mail, checked so that nothing a person typed can add a header or a recipient.
public struct MailMessage: Sendable, Equatable {
    public var from: String
    public var to: String
    public var subject: String
    public var body: String
    public var messageID: String
    public var date: Date

    public init(from: String, to: String, subject: String, body: String, messageID: String, date: Date) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.messageID = messageID
        self.date = date
    }

    /// Why a message cannot be sent as it is.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The message as it goes on the wire: CRLF line ends, UTF-8 subject as an encoded word, quoted-printable body.
    public func rendered() throws -> String {
        guard Self.isAddress(to) else { throw Invalid(message: "'\(to)' is not a single e-mail address") }
        guard Self.isMailbox(from) else { throw Invalid(message: "'\(from)' is not a valid sender") }
        var lines: [String] = []
        lines.append("From: \(from)")
        lines.append("To: \(to)")
        lines.append("Subject: \(Self.encodedHeader(subject))")
        lines.append("Date: \(Self.rfc5322Date(date))")
        lines.append("Message-ID: <\(Self.headerSafe(messageID))>")
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=utf-8")
        lines.append("Content-Transfer-Encoding: quoted-printable")
        lines.append("Auto-Submitted: auto-generated")
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + Self.quotedPrintable(body)
    }

    /// One bare address: no display name, no list, nothing that could smuggle another recipient or header.
    public static func isAddress(_ text: String) -> Bool {
        if case .success(let valid) = TextRules.email(text) {
            return valid == text.lowercased() && text == text.trimmingCharacters(in: .whitespaces)
        }
        return false
    }

    /// `address` or `Display Name <address>`, with no line breaks.
    public static func isMailbox(_ text: String) -> Bool {
        if text.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 }) { return false }
        if let open = text.lastIndex(of: "<"), text.hasSuffix(">") {
            let address = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            let name = text[..<open]
            return isAddress(address) && !name.contains("<") && !name.contains(">")
        }
        return isAddress(text)
    }

    /// Removes line breaks and other controls, so a value cannot start a new header.
    static func headerSafe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 32 && $0.value != 127 }))
    }

    /// ASCII text as it is; anything else as RFC 2047 base64 encoded words, each short enough for one line.
    static func encodedHeader(_ text: String) -> String {
        let safe = headerSafe(text)
        if safe.unicodeScalars.allSatisfy({ $0.isASCII }) && safe.utf8.count <= 900 { return safe }
        var words: [String] = []
        var chunk = ""
        for character in safe {
            if (chunk + String(character)).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    /// Quoted-printable (RFC 2045) with soft breaks before 76 characters; line ends become CRLF.
    static func quotedPrintable(_ text: String) -> String {
        let normalised = TextRules.unixLines(text)
        var out: [String] = []
        var lines = normalised.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        for line in lines {
            var encoded = ""
            var width = 0
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let piece: String
                if (byte >= 33 && byte <= 126 && byte != 61) || (byte == 32 && !isLast) || (byte == 9 && !isLast) {
                    piece = String(UnicodeScalar(byte))
                } else {
                    piece = String(format: "=%02X", byte)
                }
                if width + piece.count > 75 {
                    encoded += "=\r\n"
                    width = 0
                }
                encoded += piece
                width += piece.count
            }
            out.append(encoded)
        }
        return out.joined(separator: "\r\n") + "\r\n"
    }

    static func rfc5322Date(_ date: Date) -> String {
        let t = UTCTime(date)
        let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(days[t.weekdayFromThursday]), \(t.two(t.day)) \(months[t.month - 1]) \(t.year) "
            + "\(t.two(t.hour)):\(t.two(t.minute)):\(t.two(t.second)) +0000"
    }

    /// Decodes a quoted-printable body (for tests and for showing a delivered message).
    public static func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let source = Array(
            text.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "").utf8)
        var i = 0
        while i < source.count {
            if source[i] == 61, i + 2 < source.count,
                let value = UInt8(String(decoding: source[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                i += 3
            } else {
                bytes.append(source[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// When a failed delivery or a failed job is tried again: soon at first, then less often, never given up.
public enum RetrySchedule {
    /// The wait after the `attempt`-th failure (1-based): 1, 2, 4 … minutes, at most an hour, so a mail server that
    /// is down for a day is tried every hour and its messages go as soon as it is back.
    public static func delay(afterAttempt attempt: Int) -> TimeInterval {
        let exponent = min(max(attempt - 1, 0), 6)
        return min(60 * pow(2, Double(exponent)), 3_600)
    }
}

/// A moment broken into UTC calendar fields by arithmetic: no formatter to build, safe from any thread.
public struct UTCTime: Sendable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// 0 for Thursday (1 January 1970 was a Thursday) … 6 for Wednesday.
    public var weekdayFromThursday: Int

    public init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - days * 86_400
        hour = rest / 3600
        minute = rest % 3600 / 60
        second = rest % 60
        weekdayFromThursday = ((days % 7) + 7) % 7
        // Howard Hinnant's days-to-civil.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    public func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `20260921T141320`, for file names that sort by time.
    public var compact: String {
        "\(year)\(two(month))\(two(day))T\(two(hour))\(two(minute))\(two(second))"
    }
}
