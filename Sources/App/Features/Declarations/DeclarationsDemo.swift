// The demo school's declarations: one of each stage, so a newcomer sees the feature working.

import Fluent
import Foundation
import StewardCore

enum DeclarationsDemo {
    static func seed(_ school: DemoSchool, on db: any Database, audit: AuditWriter) async throws {
        guard school.slug == "st-cleopas" else { return }
        let pupils = try await RosterPupil.query(on: db).inSchool(school.schoolID).sort(\.$legalSurname).all()
        guard pupils.count >= 2 else { return }
        let now = Date()
        func make(
            _ declarer: String, _ party: DeclarationParty, pupil: RosterPupil? = nil, name: String = "",
            _ nature: DeclarationNature, since: String, platforms: [String], detail: String = "",
            reviewer: (String, UUID?)
        ) async throws -> Declaration {
            let d = Declaration()
            d.schoolID = school.schoolID
            d.declarerID = school.person(declarer)
            d.partyKind = party
            d.partyPupilID = pupil?.id
            d.partyPupilLabel = pupil.map(DeclarationController.label) ?? ""
            d.partyName = party == .pupil ? pupil.map(DeclarationController.name) ?? name : name
            d.nature = nature
            d.detail = detail
            d.since = since
            d.platforms = platforms.joined(separator: ",")
            d.reviewerKind = reviewer.0
            d.reviewerID = reviewer.1
            d.passedToSafeguarding = false
            d.createdAt = now.addingTimeInterval(-20 * 86_400)
            d.updatedAt = d.createdAt
            try await d.create(on: db)
            return d
        }
        let manager = ("line_manager", Optional(school.person("manager")))
        // The teaching assistant's nephew is in Oak class: noted by the Key Stage 2 lead.
        let nephew = try await make(
            "ta", .pupil, pupil: pupils[0], .family, since: "2019", platforms: [],
            detail: "My sister's son. I do not work in his class.", reviewer: manager)
        nephew.outcome = .noted
        try await nephew.update(on: db)
        try await DeclarationOutcome(
            schoolID: school.schoolID, declarationID: try nephew.requireID(), kind: .noted, text: "",
            reviewOn: nil, recordedBy: school.person("manager"), at: now.addingTimeInterval(-18 * 86_400)
        ).create(on: db)
        // The class teacher is friends online with a parent: waiting for the line manager.
        _ = try await make(
            "teacher", .parent, pupil: pupils[1], name: "Sam \(pupils[1].legalSurname)", .friend, since: "2021-06",
            platforms: ["facebook", "instagram"], detail: "We were at university together.", reviewer: manager)
        // The business manager's partner runs the catering contractor: advice given by the headteacher.
        let catering = try await make(
            "hr", .contractor, name: "Chris Lowe (Brightside Catering)", .family, since: "2015",
            platforms: ["whatsapp"], reviewer: ("headteacher", nil))
        catering.outcome = .advice
        try await catering.update(on: db)
        try await DeclarationOutcome(
            schoolID: school.schoolID, declarationID: try catering.requireID(), kind: .advice,
            text: "Please leave the room when the catering contract is discussed, and say so in the minutes.",
            reviewOn: nil, recordedBy: school.person("headteacher"), at: now.addingTimeInterval(-15 * 86_400)
        ).create(on: db)
        // Confirmations for this year: two done, one nil return; everyone else still to do.
        let year = DeclarationRules.round(
            month: DeclarationSettings.defaultMonth, deadlineDays: 30, today: Display.today
        )
        .number
        for (who, nilReturn, open) in [("hr", false, 1), ("dsl", true, 0), ("volunteer", true, 0)] {
            try await DeclarationConfirmation(
                schoolID: school.schoolID, personID: school.person(who), year: year, nilReturn: nilReturn,
                openCount: open, at: now.addingTimeInterval(-30 * 86_400)
            ).create(on: db)
        }
        try await audit.append(
            "declaration.demo_seeded", schoolID: school.schoolID, details: ["declarations": "3", "confirmations": "3"])
    }
}
