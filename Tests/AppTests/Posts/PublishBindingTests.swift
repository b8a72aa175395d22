// An approval is bound to the content approved (issue 13, item 6 and 7): whatever way the content changes under an
// approval that is still marked in force, the post cannot be recorded as published.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Publishing is bound to the approved content")
struct PublishBindingTests {
    /// Changes made straight in the database, as a write racing the approval could leave them: the state still says
    /// approved and the approval is not voided, but the content is no longer what was approved.
    static let changes: [(String, @Sendable (Draft, DraftImage?, any Database) async throws -> Void)] = [
        (
            "the text",
            { draft, _, db in
                draft.text += " Extra words."; try await draft.update(on: db)
            }
        ),
        (
            "an account",
            { draft, _, db in
                try await DraftAccount.query(on: db).filter(\.$draftID == (try draft.requireID())).delete()
            }
        ),
        (
            "the stored digest",
            { draft, _, db in
                draft.digest = String(repeating: "0", count: 64); try await draft.update(on: db)
            }
        ),
        (
            "a photo's pupils",
            { _, image, db in
                guard let image else { return }
                image.pupilIDs = [UUID()]
                try await image.update(on: db)
            }
        ),
    ]

    @Test("Text, accounts, stored digest or a photo's pupils changed under an approval: refused, nothing recorded")
    func changedUnderApproval() async throws {
        try await withSteward { app, demo in
            let schoolID = try await app.schoolID("st-cleopas")
            for (what, change) in Self.changes {
                // The demo's sports-day draft (with its photo), approved by the social media administrator.
                let draft = try #require(
                    try await Draft.query(on: app.db).inSchool(schoolID).filter(\.$state == .awaitingApproval)
                        .first())
                let draftID = try draft.requireID()
                let original = (text: draft.text, digest: draft.digest)
                let links = try await DraftAccount.query(on: app.db).filter(\.$draftID == draftID).all()
                let admin = try await Browser.signedIn(app, as: demo.account("st-cleopas", "socialmedia").email)
                let page = try await admin.get("/posts/\(draftID)")
                let digest = try #require(Reply.firstMatch(#"name="digest" value="([0-9a-f]+)""#, in: page.body))
                let approved = try await admin.post(
                    "/posts/\(draftID)/approve", [("digest", digest), ("acknowledge", "yes")], csrf: page.csrf)
                #expect(approved.status == .seeOther, "\(what)")
                let image = try await DraftImage.query(on: app.db).filter(\.$draftID == draftID).first()
                try await change(draft, image, app.db)
                // The account's administrator, who alone posts it (policy 4.8).
                let reply = try await admin.post(
                    "/posts/\(draftID)/published", [("live_address", "https://example.org/post/1")],
                    csrfFrom: "/posts/\(draftID)")
                // With its accounts gone the draft is no longer the administrator's to see at all.
                #expect(reply.status == (what == "an account" ? .notFound : .conflict), "\(what): \(reply.status.code)")
                let after = try #require(try await Draft.find(draftID, on: app.db))
                #expect(after.state == .approved && after.liveAddress == nil, "\(what)")
                // Put the draft back as it was, waiting, for the next round.
                after.state = .awaitingApproval
                after.text = original.text
                after.digest = original.digest
                try await after.update(on: app.db)
                try await DraftReview.query(on: app.db).filter(\.$draftID == draftID).delete()
                try await DraftAccount.query(on: app.db).filter(\.$draftID == draftID).delete()
                for link in links {
                    try await DraftAccount(schoolID: link.schoolID, draftID: draftID, accountID: link.accountID)
                        .create(on: app.db)
                }
                if let image {
                    image.pupilIDs = []
                    try await image.update(on: app.db)
                }
            }
        }
    }
}
