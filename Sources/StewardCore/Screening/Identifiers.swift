// Check digits of the identifiers a school holds: Unique Pupil Numbers, NHS numbers, National Insurance numbers.

/// Validation of UK identifiers, so that only real-looking ones are reported.
public enum Identifiers {
    private static let upnLetters = Array("ABCDEFGHJKLMNPQRTUVWXYZ")

    /// The DfE check letter for the 12 characters after it (digits weighted 2 to 13, modulo 23).
    public static func upnCheckLetter(_ rest: String) -> Character? {
        let chars = Array(rest.uppercased())
        guard chars.count == 12 else { return nil }
        var sum = 0
        for (offset, c) in chars.enumerated() {
            let value: Int
            if let digit = c.wholeNumberValue, c.isASCII {
                value = digit
            } else if offset == 11, let index = upnLetters.firstIndex(of: c) {
                value = index  // temporary UPNs end in a letter
            } else {
                return nil
            }
            sum += value * (offset + 2)
        }
        return upnLetters[sum % 23]
    }

    /// A 13-character UPN whose first letter is its check letter.
    public static func isValidUPN(_ text: String) -> Bool {
        let chars = Array(text.uppercased())
        guard chars.count == 13, let check = upnCheckLetter(String(chars[1...])) else { return false }
        return chars[0] == check
    }

    /// A 10-digit NHS number with a valid modulus-11 check digit.
    public static func isValidNHSNumber(_ digits: [Int]) -> Bool {
        guard digits.count == 10 else { return false }
        var sum = 0
        for i in 0..<9 { sum += digits[i] * (10 - i) }
        var check = 11 - sum % 11
        if check == 11 { check = 0 }
        return check != 10 && check == digits[9]
    }

    /// A National Insurance number: two allowed letters, six digits, A–D.
    public static func isValidNINumber(_ text: String) -> Bool {
        let chars = Array(text.uppercased().filter { $0 != " " })
        guard chars.count == 9 else { return false }
        let first = chars[0]
        let second = chars[1]
        guard first.isLetter, second.isLetter, first.isASCII, second.isASCII,
            !"DFIQUV".contains(first), !"DFIQUVO".contains(second),
            !["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].contains(String([first, second])),
            chars[2..<8].allSatisfy({ $0.isASCII && $0.isNumber }), "ABCD".contains(chars[8])
        else { return false }
        return true
    }
}
