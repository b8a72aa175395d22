// The demo school's roster: two classes with a mix of consents, so screening in the demo finds pupils' names.

import Fluent
import StewardCore

enum PupilsDemo {
    /// (forename, preferred, surname, class, year, photo on social media, name on social media)
    static let pupils: [(String, String?, String, String, String, Bool, Bool)] = [
        ("Oliver", nil, "Bennett", "Oak", "Year 2", false, false),
        ("Amelia", "Millie", "Clarke", "Oak", "Year 2", true, true),
        ("Yusuf", nil, "Hassan", "Oak", "Year 2", true, false),
        ("Isla", nil, "Morgan", "Oak", "Year 2", false, true),
        ("Noah", nil, "Kowalski", "Oak", "Year 2", true, true),
        ("Ava", nil, "Thompson", "Oak", "Year 2", false, false),
        ("Freddie", nil, "Adeyemi", "Oak", "Year 2", true, true),
        ("Summer", nil, "Hughes", "Oak", "Year 2", true, false),
        ("Leo", nil, "Nguyen", "Oak", "Year 2", false, false),
        ("Grace", nil, "O'Neill", "Oak", "Year 2", true, true),
        ("Arjun", nil, "Sharma", "Oak", "Year 2", true, true),
        ("Poppy", nil, "Walsh", "Oak", "Year 2", false, true),
        ("Alexander", "Alfie", "Evans", "Willow", "Year 5", true, true),
        ("Sophia", nil, "Rossi", "Willow", "Year 5", false, false),
        ("Ibrahim", nil, "Khan", "Willow", "Year 5", true, true),
        ("Emily", nil, "Fraser", "Willow", "Year 5", true, false),
        ("Jack", nil, "Doyle", "Willow", "Year 5", false, false),
        ("Zara", nil, "Ahmed", "Willow", "Year 5", true, true),
        ("Thomas", nil, "Wright", "Willow", "Year 5", true, true),
        ("Maya", nil, "Patel", "Willow", "Year 5", false, true),
        ("Harry", nil, "Baker", "Willow", "Year 5", true, true),
        ("Ruby", nil, "Campbell", "Willow", "Year 5", false, false),
        ("Kofi", nil, "Mensah", "Willow", "Year 5", true, true),
        ("Lily", nil, "Jones", "Willow", "Year 5", true, false),
    ]

    static func seed(_ school: DemoSchool, on db: any Database) async throws {
        guard school.slug == "st-cleopas" else { return }
        for (index, row) in pupils.enumerated() {
            let pupil = Pupil(
                upn: nil, legalForename: row.0, preferredForename: row.1, surname: row.2, yearGroup: row.4,
                className: row.3,
                dateOfBirth: CalendarDate(year: row.4 == "Year 2" ? 2019 : 2016, month: 1 + index % 12, day: 3 + index),
                photoInSchool: true, photoOnWebsite: row.5, photoOnSocialMedia: row.5, nameOnSocialMedia: row.6)
            try await RosterPupil(schoolID: school.schoolID, pupil).create(on: db)
        }
    }
}
