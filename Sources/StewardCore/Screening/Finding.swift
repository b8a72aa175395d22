// What the screening engine reports: which words are a problem, why, and which clause of the policy they break.

/// How serious a finding is: `block` stops approval, `warn` asks the author to look again, `info` only tells.
public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
    case info
    case warn
    case block

    public static func < (a: Severity, b: Severity) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

/// The kinds of problem the engine looks for, each tied to a clause of the policy.
public enum FindingCategory: String, Codable, Sendable, CaseIterable {
    case pupilName = "pupil-name"
    case personalData = "personal-data"
    case offensiveLanguage = "offensive-language"
    case negativeRemark = "negative-remark"
    case confidential
    case personalContent = "personal-content"
    case photoConsent = "photo-consent"
    case imageLocation = "image-location"
    case hiddenText = "hidden-text"

    /// The clause of the St Cleopas policy the category enforces.
    public var clause: String {
        switch self {
        case .pupilName, .personalData, .confidential: "4.7"
        case .offensiveLanguage: "4.5"
        case .negativeRemark: "4.6"
        case .personalContent: "4.9"
        case .photoConsent, .imageLocation: "4.4"
        case .hiddenText: "4.5"
        }
    }
}

/// One problem in a draft, with the exact span of the original text it concerns.
public struct Finding: Codable, Sendable, Equatable {
    public var category: FindingCategory
    /// A finer kind within the category (`email`, `uk-phone`, `full-name` …), or nil.
    public var kind: String?
    public var severity: Severity
    public var clause: String
    /// Offsets in Unicode code points of the original text: `original[start..<end] == text`.
    public var start: Int
    public var end: Int
    public var text: String
    /// What is wrong, in words a teacher understands.
    public var message: String

    public init(
        category: FindingCategory, kind: String?, severity: Severity, start: Int, end: Int, text: String,
        message: String
    ) {
        self.category = category
        self.kind = kind
        self.severity = severity
        self.clause = category.clause
        self.start = start
        self.end = end
        self.text = text
        self.message = message
    }

    /// Every key is written, `kind` as `null` when there is none, so programs can rely on the shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(category, forKey: .category)
        try container.encode(kind, forKey: .kind)
        try container.encode(severity, forKey: .severity)
        try container.encode(clause, forKey: .clause)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(text, forKey: .text)
        try container.encode(message, forKey: .message)
    }
}
