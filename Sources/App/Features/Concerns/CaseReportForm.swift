// What someone reports about a concern, from the page's form or the API (through ConcernReportRequest): each field
// as given, checked by `Cases.report`.

import Vapor

/// The fields of a report, as given, with the choices the form offers.
struct CaseReportForm: Content {
    var category: String?
    var whatHappened: String?
    var happenedOn: String?
    var platform: String?
    var involved: String?
    var pupilName: String?
    var colleague: String?
    var description: String?
    var blocked: String?
    var reportedToPlatform: String?

    enum CodingKeys: String, CodingKey {
        case category, platform, involved, colleague, description, blocked
        case whatHappened = "what_happened"
        case happenedOn = "happened_on"
        case pupilName = "pupil_name"
        case reportedToPlatform = "reported_to_platform"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(category ?? "", forKey: .category)
        try c.encode(whatHappened ?? "", forKey: .whatHappened)
        try c.encode(happenedOn ?? "", forKey: .happenedOn)
        try c.encode(platform ?? "", forKey: .platform)
        try c.encode(involved ?? "", forKey: .involved)
        try c.encode(pupilName ?? "", forKey: .pupilName)
        try c.encode(colleague ?? "", forKey: .colleague)
        try c.encode(description ?? "", forKey: .description)
        try c.encode(blocked ?? "", forKey: .blocked)
        try c.encode(reportedToPlatform ?? "", forKey: .reportedToPlatform)
    }

    static let platforms = [
        "Facebook", "Instagram", "WhatsApp", "TikTok", "Snapchat", "X (Twitter)", "YouTube", "Email", "Text message",
        "Other",
    ]
    static let involvedKinds: [(String, String)] = [
        ("pupil", "A pupil"), ("parent", "A parent or carer"), ("colleague", "A colleague"),
        ("outside", "Someone outside the school"), ("unknown", "I don't know"),
    ]
}
