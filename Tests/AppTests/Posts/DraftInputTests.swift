// Drafts at their edges (issue 13): the longest text, the most photos, the largest file, files that are not what they
// claim, pupils of another school, a stale approval, overrides and warnings. A clear refusal, nothing half-written,
// never a 500.

import Fluent
import Foundation
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Draft posts: bad and boundary input")
struct DraftInputTests {
    /// Rows that a refused draft must not leave behind.
    static func counts(_ app: Application) async throws -> [Int] {
        [try await app.count("drafts"), try await app.count("draft_images"), try await app.count("draft_accounts")]
    }

    @Test("Text of exactly 20,000 Unicode scalars is kept whole; 20,001 is refused with the limit named")
    func textLength() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let teacher = try await scene.browser("teacher")
            // An emoji is one scalar but two UTF-16 units; "é" written as e + combining accent is two scalars, one
            // character: counting anything but scalars lands on the wrong side of the limit.
            let head = "😀e\u{301}"
            let exact = head + String(repeating: "a", count: 20_000 - 3)
            #expect(exact.unicodeScalars.count == 20_000)
            let made = try await scene.create(teacher, text: exact)
            #expect(made.reply.status == .seeOther)
            let id = try #require(made.id)
            #expect(try await scene.draft(id).text.unicodeScalars.count == 20_000)
            #expect(try await scene.draft(id).text == exact)

            let before = try await Self.counts(app)
            let over = try await scene.create(teacher, text: exact + "a")
            #expect(over.reply.status == .badRequest)
            #expect(over.reply.body.contains("20,000") || over.reply.body.contains("20000"))
            #expect(try await Self.counts(app) == before)
            // Editing past the limit is refused the same way and leaves the draft as it was.
            let edit = try await scene.edit(teacher, id, text: exact + "a")
            #expect(edit.status == .badRequest)
            #expect(try await scene.draft(id).text == exact)
        }
    }

    @Test("Ten photos are accepted; an eleventh, on a new draft or added later, is refused and nothing is kept")
    func photoCount() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let teacher = try await scene.browser("teacher")
            let ten = (0..<10).map { ("photo\($0).png", TestPhotos.png(shade: UInt8($0))) }
            let made = try await scene.create(teacher, text: "Ten photos of sports day.", images: ten)
            #expect(made.reply.status == .seeOther)
            let id = try #require(made.id)
            #expect(try await DraftImage.query(on: app.db).filter(\.$draftID == id).count() == 10)

            let before = try await Self.counts(app)
            let eleven = ten + [("photo10.png", TestPhotos.png(shade: 10))]
            let refused = try await scene.create(teacher, text: "Eleven photos of sports day.", images: eleven)
            #expect(refused.reply.status == .badRequest)
            #expect(refused.id == nil)
            #expect(try await Self.counts(app) == before)

            let more = try await scene.edit(
                teacher, id, text: "Ten photos of sports day.", images: [("photo10.png", TestPhotos.png(shade: 10))])
            #expect(more.status == .badRequest)
            #expect(try await DraftImage.query(on: app.db).filter(\.$draftID == id).count() == 10)
        }
    }

    @Test(
        "Files: 20 MB + 1 byte, a 100,000 × 100,000 PNG and a text file called photo.jpg are refused; none half-saved")
    func badFiles() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let teacher = try await scene.browser("teacher")
            let cases: [(String, [UInt8])] = [
                ("huge.png", TestPhotos.png(totalSize: 20 * 1024 * 1024 + 1)),
                ("bomb.png", TestPhotos.png(width: 100_000, height: 100_000)),
                ("photo.jpg", Array("These are the minutes of the governors' meeting.\n".utf8)),
                ("empty.jpg", []),
            ]
            for (name, bytes) in cases {
                let before = try await Self.counts(app)
                // Each bad file beside a good one: the good one is not kept either.
                let reply = try await scene.create(
                    teacher, text: "Sports day photos.", images: [("good.png", TestPhotos.png()), (name, bytes)])
                #expect(reply.reply.status == .badRequest, "\(name): \(reply.reply.status)")
                #expect(reply.reply.body.contains(name), "\(name): the message names the file")
                #expect(reply.id == nil, "\(name)")
                #expect(try await Self.counts(app) == before, "\(name)")
            }
        }
    }

    @Test("A photo of exactly 20,000,000 bytes is accepted, and kept without its hidden text")
    func largestPhoto() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let teacher = try await scene.browser("teacher")
            let big = TestPhotos.png(comment: "Taken at 12 Acacia Avenue", totalSize: 20_000_000)
            #expect(big.count == 20_000_000)
            let made = try await scene.create(teacher, text: "One big photo.", images: [("big.png", big)])
            #expect(made.reply.status == .seeOther)
            let id = try #require(made.id)
            let image = try #require(try await DraftImage.query(on: app.db).filter(\.$draftID == id).first())
            #expect(image.size < 1_000)
            let download = try await teacher.get("/posts/\(id)/images/\(try image.requireID())")
            #expect(download.status == .ok)
            #expect(!download.body.contains("Acacia"))
            #expect(download.body.contains("PNG") && download.body.contains("IEND"))
        }
    }

    @Test("Photos are stripped of their metadata on upload: a text comment and the demo photo's GPS position")
    func stripped() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let teacher = try await scene.browser("teacher")
            let jpeg = try #require(
                FileManager.default.contents(atPath: app.directory.resourcesDirectory + "Demo/sports-day.jpg"))
            #expect(jpeg.range(of: Data("Exif".utf8)) != nil)
            let made = try await scene.create(
                teacher, text: "Sports day.",
                images: [("sports.jpg", Array(jpeg)), ("note.png", TestPhotos.png(comment: "Jane Doe, 07700 900123"))])
            let id = try #require(made.id)
            let images = try await DraftImage.query(on: app.db).filter(\.$draftID == id).sort(\.$position).all()
            #expect(images.count == 2)
            #expect(images[0].data.range(of: Data("Exif".utf8)) == nil)
            #expect(images[0].data.count < jpeg.count)
            #expect(images[1].data.range(of: Data("Jane Doe".utf8)) == nil)
        }
    }

    @Test("A pupil of another school, or an id that is no pupil, refuses the whole choice; nothing is written")
    func pupilOfAnotherSchool() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let northfield = try await app.schoolID("northfield")
            let stranger = RosterPupil(
                schoolID: northfield,
                Pupil(
                    upn: nil, legalForename: "Nell", preferredForename: nil, surname: "Northcott", yearGroup: "Year 2",
                    className: "Elm", dateOfBirth: CalendarDate(year: 2019, month: 4, day: 2), photoInSchool: true,
                    photoOnWebsite: true, photoOnSocialMedia: true, nameOnSocialMedia: true))
            try await stranger.create(on: app.db)
            let strangerID = try stranger.requireID()
            let millie = try await scene.pupilID("Clarke")
            let teacher = try await scene.browser("teacher")
            let id = try #require(
                try await scene.create(
                    teacher, text: "Oak class at the farm.", images: [("farm.png", TestPhotos.png())]
                )
                .id)
            let image = try await scene.imageID(id)
            let digest = try await scene.digest(id)
            // Changes only: the refused page's look at the roster is recorded as a read, as every look is.
            func changes() async throws -> Int { try await app.auditActions().filter { $0 != "roster.viewed" }.count }
            let audit = try await changes()
            for pupils in [[strangerID], [millie, strangerID]] {
                let reply = try await scene.statePupils(teacher, id, image: image, pupils: pupils)
                #expect(reply.status == .badRequest)
                #expect(!reply.body.contains("Northcott"))
            }
            let junk = try await teacher.post(
                "/posts/\(id)/images/\(image)/pupils", [("pupils[]", "'; DROP TABLE pupils; --")],
                csrf: try await PostScene.token(teacher))
            #expect(junk.status == .badRequest)
            let kept = try #require(try await DraftImage.find(image, on: app.db))
            #expect(kept.pupilsStated == false)
            #expect(kept.pupilIDList == "")
            #expect(try await scene.digest(id) == digest)
            #expect(try await changes() == audit)
        }
    }

    @Test("Approving a draft that changed since the page was loaded is refused; nothing is approved")
    func staleDigest() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let id = try await scene.draft(in: .awaitingApproval)
            let sma = try await scene.browser("socialmedia")
            let page = try await sma.get("/posts/\(id)")
            let loaded = try #require(Reply.firstMatch(#"name="digest" value="([^"]+)""#, in: page.body))
            let teacher = try await scene.browser("teacher")
            #expect(
                try await scene.edit(teacher, id, text: "Changed while the administrator was reading.").status
                    == .seeOther)
            let reply = try await scene.approve(sma, id, digest: loaded)
            #expect(reply.status == .conflict)
            #expect(reply.body.contains("changed"))
            #expect(try await scene.state(id) == .awaitingApproval)
            #expect(try await DraftReview.query(on: app.db).filter(\.$draftID == id).count() == 0)
            #expect(try await scene.approve(sma, id, digest: "").status == .conflict)
            #expect(try await scene.approve(sma, id).status == .seeOther)
        }
    }

    @Test("A blocking finding: only the headteacher overrides, with a reason of at least 10 characters")
    func overrideReason() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let id = try await scene.draft(in: .awaitingApproval, text: "Well done to Oliver Bennett for his reading.")
            let sma = try await scene.browser("socialmedia")
            let head = try await scene.browser("headteacher")
            let byAdministrator = try await scene.approve(sma, id, reason: "Parents agreed in writing.")
            #expect(byAdministrator.status == .forbidden)
            for reason in ["123456789", "", "   12345678   ", String(repeating: " ", count: 12)] {
                let short = try await scene.approve(head, id, reason: reason)
                #expect(short.status == .badRequest, "\(reason.debugDescription)")
                #expect(try await scene.state(id) == .awaitingApproval)
            }
            #expect(try await DraftReview.query(on: app.db).filter(\.$draftID == id).count() == 0)
            let ok = try await scene.approve(head, id, reason: "1234567890")
            #expect(ok.status == .seeOther)
            let review = try #require(try await DraftReview.query(on: app.db).filter(\.$draftID == id).first())
            #expect(review.overrideReason == "1234567890")
            #expect(try await app.auditActions().contains("draft.approved_over_block"))
        }
    }

    @Test("Warnings must be acknowledged before approval")
    func warnings() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            // A zero-width space inside a word hides it from a reader: a warning, not a block.
            let id = try await scene.draft(
                in: .awaitingApproval, text: "Our bake sale raised money for the r\u{200B}oof.")
            let sma = try await scene.browser("socialmedia")
            let page = try await sma.get("/posts/\(id)")
            #expect(page.body.contains("name=\"acknowledge\""))
            let refused = try await scene.approve(sma, id, acknowledge: false)
            #expect(refused.status == .badRequest)
            #expect(try await scene.state(id) == .awaitingApproval)
            #expect(try await scene.approve(sma, id, acknowledge: true).status == .seeOther)
        }
    }

    @Test("A photo whose pupils are not stated, or showing a pupil without photo consent, blocks approval")
    func photoConsent() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let teacher = try await scene.browser("teacher")
            let sma = try await scene.browser("socialmedia")
            let id = try #require(
                try await scene.create(
                    teacher, text: "Willow class at the beach.", images: [("beach.png", TestPhotos.png())]
                )
                .id)
            let image = try await scene.imageID(id)
            #expect(try await scene.submit(teacher, id).status == .seeOther)
            #expect(try await scene.approve(sma, id).status == .forbidden)
            #expect(
                try await scene.statePupils(teacher, id, image: image, pupils: [try await scene.pupilID("Rossi")])
                    .status == .seeOther)
            #expect(try await scene.approve(sma, id).status == .forbidden)
            #expect(try await scene.state(id) == .awaitingApproval)
            #expect(
                try await scene.statePupils(teacher, id, image: image, pupils: [try await scene.pupilID("Clarke")])
                    .status == .seeOther)
            #expect(try await scene.approve(sma, id).status == .seeOther)
            #expect(try await scene.state(id) == .approved)
            // Changing who the photo shows is an edit: the approval no longer holds.
            #expect(try await scene.statePupils(teacher, id, image: image, pupils: [], none: true).status == .seeOther)
            #expect(try await scene.state(id) == .awaitingApproval)
            #expect(try await app.auditActions().contains("draft.approval_voided"))
        }
    }

    @Test("Hostile text is kept as typed and shown escaped")
    func hostileText() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let teacher = try await scene.browser("teacher")
            let text = "<script>alert('x')</script> \"quoted\" & {{ template }} #(layout.csrf) ' OR 1=1 --"
            let made = try await scene.create(teacher, text: text)
            let id = try #require(made.id)
            #expect(try await scene.draft(id).text == text)
            let page = try await teacher.get("/posts/\(id)")
            #expect(page.status == .ok)
            #expect(!page.body.contains("<script>alert"))
            #expect(page.body.contains("&lt;script&gt;"))
        }
    }

    @Test("Approval days: 0, 91 and \"abc\" are refused; 1 and 90 are kept and an approval lasts that long")
    func approvalDays() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let head = try await scene.browser("headteacher")
            func save(_ value: String) async throws -> Reply {
                try await head.post(
                    "/screening/approval", [("approval_days", value)], csrf: try await PostScene.token(head))
            }
            func days() async throws -> Int {
                try await SchoolScreening.settings(for: scene.schoolID, on: app.db).approvalDays
            }
            #expect(try await days() == 7)
            for (value, ok, kept) in [
                ("0", false, 7), ("1", true, 1), ("abc", false, 1), ("90", true, 90), ("91", false, 90),
                ("-3", false, 90), ("", false, 90),
            ] {
                let reply = try await save(value)
                #expect(reply.status == (ok ? .seeOther : .badRequest), "\(value.debugDescription)")
                #expect(try await days() == kept, "\(value.debugDescription)")
            }
            #expect(try await save("1").status == .seeOther)
            let id = try await scene.draft(in: .approved)
            let review = try #require(try await DraftReview.query(on: app.db).filter(\.$draftID == id).first())
            let lasts = try #require(review.expiresAt).timeIntervalSince(review.createdAt)
            #expect(abs(lasts - 86_400) < 5)
            let teacher = try await scene.browser("teacher")
            #expect(
                try await teacher.post(
                    "/screening/approval", [("approval_days", "30")], csrf: try await PostScene.token(teacher)
                ).status == .forbidden)
            #expect(try await days() == 1)
        }
    }
}
