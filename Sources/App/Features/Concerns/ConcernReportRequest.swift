// The JSON body of `POST /api/v1/concerns`: camelCase like every other API field, still taking the first release's
// snake_case spellings (`what_happened`, `happened_on`, `pupil_name`, `reported_to_platform`) until the next release.

import Vapor

/// What an integration sends to report a concern. Its own type, not the report page's form.
struct ConcernReportRequest: Content {
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

    private enum Key: String, CodingKey {
        case category, whatHappened, happenedOn, platform, involved, pupilName, colleague, description, blocked
        case reportedToPlatform
        case whatHappenedOld = "what_happened", happenedOnOld = "happened_on", pupilNameOld = "pupil_name"
        case reportedToPlatformOld = "reported_to_platform"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        func text(_ key: Key, or old: Key? = nil) throws -> String? {
            if let value = try c.decodeIfPresent(String.self, forKey: key) { return value }
            guard let old else { return nil }
            return try c.decodeIfPresent(String.self, forKey: old)
        }
        category = try text(.category)
        whatHappened = try text(.whatHappened, or: .whatHappenedOld)
        happenedOn = try text(.happenedOn, or: .happenedOnOld)
        platform = try text(.platform)
        involved = try text(.involved)
        pupilName = try text(.pupilName, or: .pupilNameOld)
        colleague = try text(.colleague)
        description = try text(.description)
        blocked = try text(.blocked)
        reportedToPlatform = try text(.reportedToPlatform, or: .reportedToPlatformOld)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encodeIfPresent(category, forKey: .category)
        try c.encodeIfPresent(whatHappened, forKey: .whatHappened)
        try c.encodeIfPresent(happenedOn, forKey: .happenedOn)
        try c.encodeIfPresent(platform, forKey: .platform)
        try c.encodeIfPresent(involved, forKey: .involved)
        try c.encodeIfPresent(pupilName, forKey: .pupilName)
        try c.encodeIfPresent(colleague, forKey: .colleague)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeIfPresent(blocked, forKey: .blocked)
        try c.encodeIfPresent(reportedToPlatform, forKey: .reportedToPlatform)
    }

    /// A form field's name as the API spells it, for error messages.
    static func apiName(_ field: String) -> String {
        let names = [
            "what_happened": "whatHappened", "happened_on": "happenedOn", "pupil_name": "pupilName",
            "reported_to_platform": "reportedToPlatform",
        ]
        return names[field] ?? field
    }

    /// The same report as the page's form takes it, so both go through one set of checks.
    var form: CaseReportForm {
        var form = CaseReportForm()
        form.category = category
        form.whatHappened = whatHappened
        form.happenedOn = happenedOn
        form.platform = platform
        form.involved = involved
        form.pupilName = pupilName
        form.colleague = colleague
        form.description = description
        form.blocked = blocked
        form.reportedToPlatform = reportedToPlatform
        return form
    }
}
