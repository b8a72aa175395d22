// The demo school's privacy checks this term: some staff done, one asking for help (an open request for the
// designated safeguarding lead), the rest still to do, so a newcomer sees the check, the help page and coverage.

import Fluent
import Foundation
import StewardCore

enum SelfChecksDemo {
    /// St Cleopas's academic year 2026–27.
    static let terms = [
        ("Autumn 2026", "2026-09-02", "2026-12-18"), ("Spring 2027", "2027-01-05", "2027-03-26"),
        ("Summer 2027", "2027-04-12", "2027-07-21"),
    ]

    static func seed(_ school: DemoSchool, on db: any Database, audit: AuditWriter) async throws {
        guard school.slug == "st-cleopas" else { return }
        let list = terms.compactMap { name, starts, ends in
            CalendarDate(parsing: starts).flatMap { s in
                CalendarDate(parsing: ends).map { SchoolTerm(name: name, starts: s, ends: $0) }
            }
        }
        let settings = SelfCheckSettings(schoolID: school.schoolID)
        if let schoolTerms = try? SchoolTerms(list) { settings.setTerms(schoolTerms) }
        settings.updatedBy = school.person("headteacher")
        settings.updatedAt = Date()
        try await settings.create(on: db)
        guard let autumn = list.first else { return }
        let round = autumn.starts.dayNumber
        let start = Date(timeIntervalSince1970: Double(round) * 86_400 + 9 * 3_600)
        func answers(_ platforms: [String], help: (String, SelfCheckItem)? = nil) -> [SelfCheckAnswer] {
            platforms.flatMap { platform in
                SelfCheckItem.allCases.map { item in
                    let asks = help.map { $0.0 == platform && $0.1 == item } ?? false
                    return SelfCheckAnswer(
                        platform: platform, item: item,
                        answer: asks ? .help : (item == .employer && platform == "linkedin" ? .notApplicable : .done))
                }
            }
        }
        let done: [(String, [String], (String, SelfCheckItem)?, Int)] = [
            ("headteacher", ["facebook", "linkedin"], nil, 3),
            ("dsl", ["facebook"], nil, 5),
            ("socialmedia", [], nil, 9),
            ("teacher", ["facebook", "instagram"], ("instagram", .mostPrivate), 12),
        ]
        for (local, platforms, help, day) in done {
            let at = start.addingTimeInterval(Double(day) * 86_400)
            let given = answers(platforms, help: help)
            let check = SelfCheck(
                schoolID: school.schoolID, personID: school.person(local), round: round, termName: autumn.name,
                platforms: platforms, answers: given, contacted: false,
                note: help == nil ? "" : "I can't find where Instagram hides the private account switch.", at: at)
            try await check.create(on: db)
            let needing = given.filter { $0.answer == .help }
            if !needing.isEmpty {
                try await SelfCheckHelp(
                    schoolID: school.schoolID, checkID: try check.requireID(), personID: school.person(local),
                    leadID: school.person("dsl"), items: needing, at: at
                ).create(on: db)
            }
        }
        try await audit.append(
            "self_check.demo_seeded", schoolID: school.schoolID, details: ["checks": String(done.count)])
    }
}
