// A yes-or-no claim as providers send it: a boolean or a string.

/// `true`, `false`, "true" or "false"; anything else reads as "not said".
struct LenientBool: Codable, Sendable {
    var value: Bool?

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if let flag = try? single.decode(Bool.self) {
            value = flag
        } else if let text = try? single.decode(String.self) {
            value = Bool(text.lowercased())
        } else {
            value = nil
        }
    }

    func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(value)
    }
}
