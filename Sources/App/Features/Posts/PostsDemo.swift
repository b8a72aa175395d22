// The demo school's drafts, one in every state, so a newcomer sees screening, approval and the archive working.

import Fluent
import Foundation
import StewardCore

enum PostsDemo {
    struct Example {
        var author: String
        var text: String
        var state: DraftState
        var photo = false
        var reviewer: String? = nil
        var comments = ""
        var daysAgo = 1.0
        var address: String? = nil
    }

    static let examples: [Example] = [
        Example(
            author: "ta",
            text: "Well done to Oliver Bennett in Oak class for his brilliant reading this week! "
                + "He has read every night since half term.",
            state: .writing),
        Example(
            author: "teacher",
            text: "Year 5 had a fantastic sports day this afternoon. Thank you to all the parents and carers who "
                + "came to cheer, and to our PTA for the ice lollies!",
            state: .awaitingApproval, photo: true, daysAgo: 0.2),
        Example(
            author: "teacher",
            text: "Our harvest festival collection is now open. Tins and packets can go in the boxes by the office; "
                + "everything goes to the town food bank.",
            state: .approved, reviewer: "socialmedia", daysAgo: 1),
        Example(
            author: "teacher",
            text: "Our Christmas fair raised £1,240 for the church roof. Thank you to everyone who baked, ran a stall "
                + "or came along!",
            state: .published, reviewer: "socialmedia", daysAgo: 3,
            address: "https://www.facebook.com/StCleopasPrimary/posts/1001"),
        Example(
            author: "manager",
            text: "Reminder: parents' evening is on Thursday. If you cannot make your slot, text me on 07700 900123.",
            state: .returned, reviewer: "socialmedia",
            comments: "Please give the office number rather than your own mobile (clause 4.7).", daysAgo: 2),
        Example(
            author: "ta",
            text: "Oak class enjoyed their trip to the farm. Thank you to our parent helpers!",
            state: .expired, reviewer: "socialmedia", daysAgo: 10),
        Example(
            author: "teacher", text: "Swimming lessons start next week for Willow class.", state: .withdrawn,
            daysAgo: 5),
    ]

    static func seed(_ school: DemoSchool, on db: any Database, audit: AuditWriter) async throws {
        guard school.slug == "st-cleopas" else { return }
        let accounts = try await OfficialAccount.query(on: db).inSchool(school.schoolID).sort(\.$platform).all()
        guard let facebook = accounts.first(where: { $0.platform == .facebook })?.id else { return }
        let pupils = try await RosterPupil.query(on: db).inSchool(school.schoolID).all()
        let screener = Screener(context: ScreeningContext(pupils: pupils.map(\.pupil)))
        let photo = try? PostImage.check(
            Array(FileManager.default.contents(atPath: school.resources + "Demo/sports-day.jpg") ?? Data()),
            name: "sports-day.jpg")
        let settings = try await SchoolScreening.settings(for: school.schoolID, on: db)
        settings.terms = "# The school's own words\nallowed: Cleopas\nconfidential: Ofsted outcome\n"
        try await settings.update(on: db)
        for example in examples {
            let now = Date().addingTimeInterval(-example.daysAgo * 86_400)
            let draft = Draft(
                schoolID: school.schoolID, authorID: school.person(example.author), text: example.text,
                intendedOn: nil, digest: "", now: now)
            draft.state = example.state
            if example.state != .writing { draft.submittedAt = now }
            try await draft.create(on: db)
            let draftID = try draft.requireID()
            try await DraftAccount(schoolID: school.schoolID, draftID: draftID, accountID: facebook).create(on: db)
            var images: [PostContent.Image] = []
            if example.photo, let photo {
                let image = DraftImage()
                image.schoolID = school.schoolID
                image.draftID = draftID
                image.position = 0
                image.filename = "sports-day.jpg"
                image.format = photo.format.rawValue
                image.width = photo.width
                image.height = photo.height
                image.size = photo.bytes.count
                image.sha256 = photo.sha256
                image.data = Data(photo.bytes)
                image.removed = photo.removed.joined(separator: ", ")
                image.pupilsStated = true
                image.pupilIDList = ""
                image.uploadedAt = now
                try await image.create(on: db)
                images.append(PostContent.Image(sha256: photo.sha256))
            }
            draft.digest = PostContent(text: example.text, images: images, accounts: [facebook]).digest
            if example.state == .published {
                draft.liveAddress = example.address
                draft.publishedAt = now.addingTimeInterval(3_600)
                draft.publishedBy = school.person(example.author)
            }
            try await draft.update(on: db)
            if let reviewer = example.reviewer {
                let approved = example.state != .returned
                let review = DraftReview(
                    schoolID: school.schoolID, draftID: draftID, reviewerID: school.person(reviewer),
                    decision: approved ? .approved : .returned, digest: draft.digest,
                    findings: approved ? screener.screen(example.text) : [], overrideReason: "",
                    warningsAcknowledged: true, comments: example.comments,
                    expiresAt: approved ? DraftRules.expiry(approvedAt: now, days: settings.approvalDays) : nil,
                    now: now.addingTimeInterval(600))
                if example.state == .expired {
                    review.voidedAt = review.expiresAt
                    review.voidReason = "expired"
                }
                try await review.create(on: db)
            }
            try await audit.append(
                "draft.demo", target: "draft:\(draftID.uuidString)", schoolID: school.schoolID,
                details: ["state": example.state.rawValue])
        }
    }
}
