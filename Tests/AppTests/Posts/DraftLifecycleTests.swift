// A draft's life through the pages (issue 13): every step from every state, who may approve, what each step
// records, and the mail the author gets.

import Fluent
import Foundation
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Draft posts: steps and states")
struct DraftLifecycleTests {
    /// What each step does from each state, as the issue describes it; nil: refused, the draft unchanged.
    static let expected: [DraftStep: [DraftState: DraftState]] = [
        .submit: [.writing: .awaitingApproval, .returned: .awaitingApproval, .expired: .awaitingApproval],
        .approve: [.awaitingApproval: .approved],
        // Returning is the other answer to a request for approval; an approved post not yet out may still go back.
        .returnToAuthor: [.awaitingApproval: .returned, .approved: .returned],
        // Any edit voids an approval: the post waits for a fresh one. Published and withdrawn posts never change.
        .edit: [
            .writing: .writing, .awaitingApproval: .awaitingApproval, .returned: .returned,
            .approved: .awaitingApproval, .expired: .expired,
        ],
        .publish: [.approved: .published],
        .withdraw: [
            .writing: .withdrawn, .awaitingApproval: .withdrawn, .returned: .withdrawn, .approved: .withdrawn,
            .expired: .withdrawn,
        ],
    ]

    static let steps: [DraftStep] = [.submit, .approve, .returnToAuthor, .edit, .publish, .withdraw]

    @Test(
        "Each step from each state ends in the state the issue gives, or is refused with nothing changed",
        arguments: steps)
    func stepFromEveryState(step: DraftStep) async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let teacher = try await scene.browser("teacher")
            let sma = try await scene.browser("socialmedia")
            for state in DraftState.allCases {
                let id = try await scene.draft(in: state)
                let before = try await scene.draft(id)
                let text = before.text
                let reply: Reply =
                    switch step {
                    case .submit: try await scene.submit(teacher, id)
                    case .approve: try await scene.approve(sma, id)
                    case .returnToAuthor: try await scene.sendBack(sma, id)
                    case .edit: try await scene.edit(teacher, id, text: text + " See you next year.")
                    case .publish: try await scene.publish(sma, id)
                    case .withdraw: try await scene.withdraw(teacher, id)
                    case .expire: Reply(status: .ok, headers: [:], body: "")
                    }
                let after = try await scene.draft(id)
                if let next = Self.expected[step]?[state] {
                    #expect(reply.status == .seeOther, "\(step.rawValue) from \(state.rawValue): \(reply.status)")
                    #expect(after.state == next, "\(step.rawValue) from \(state.rawValue) gave \(after.state.rawValue)")
                } else {
                    #expect(
                        (400..<500).contains(reply.status.code),
                        "\(step.rawValue) from \(state.rawValue) answered \(reply.status)")
                    #expect(after.state == state, "\(step.rawValue) from \(state.rawValue) moved it to \(after.state)")
                    #expect(after.text == text && after.digest == before.digest)
                    #expect(after.liveAddress == before.liveAddress)
                }
            }
        }
    }

    @Test("Only the headteacher and the accounts' administrator approve; every other demo role is refused")
    func approvalByEveryRole() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let allowed: Set<String> = ["headteacher", "socialmedia"]
            for local in [
                "headteacher", "socialmedia", "teacher", "ta", "manager", "dsl", "hr", "chair", "governor", "volunteer",
            ] {
                let id = try await scene.draft(in: .awaitingApproval, accounts: [scene.facebook, scene.x])
                let author = try await scene.draft(id).authorID
                let reply = try await scene.approve(try await scene.browser(local), id)
                let reviews = try await DraftReview.query(on: app.db).filter(\.$draftID == id).count()
                if allowed.contains(local) {
                    #expect(reply.status == .seeOther, "\(local)")
                    #expect(try await scene.state(id) == .approved, "\(local)")
                    let review = try #require(try await DraftReview.query(on: app.db).filter(\.$draftID == id).first())
                    #expect(review.reviewerID == (try await app.personID(scene.email(local))))
                    #expect(review.reviewerID != author)
                } else {
                    #expect([.forbidden, .notFound].contains(reply.status), "\(local): \(reply.status)")
                    #expect(try await scene.state(id) == .awaitingApproval, "\(local)")
                    #expect(reviews == 0, "\(local)")
                }
            }
            // The trust's administrator writes posts but does not approve a school's.
            let id = try await scene.draft(in: .awaitingApproval)
            let trust = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            #expect([.forbidden, .notFound].contains(try await scene.approve(trust, id).status))
            #expect(try await scene.state(id) == .awaitingApproval)
        }
    }

    @Test("Only an administrator of the accounts posts an approved draft (policy 4.8): not its author, not the head")
    func postingByEveryRole() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            // The demo's accounts are run by the social-media lead alone.
            let allowed: Set<String> = ["socialmedia"]
            for local in [
                "headteacher", "socialmedia", "teacher", "ta", "manager", "dsl", "hr", "chair", "governor", "volunteer",
            ] {
                let id = try await scene.draft(in: .approved, accounts: [scene.facebook, scene.x])
                let browser = try await scene.browser(local)
                let page = try await browser.get("/posts/\(id)")
                let reply = try await scene.publish(browser, id)
                let draft = try await scene.draft(id)
                let person = try await app.personID(scene.email(local))
                if allowed.contains(local) {
                    #expect(page.body.contains("Record it as published"), "\(local)")
                    // Approved: what is left for an approver is to return it, not to approve it.
                    #expect(page.body.contains("<h2>Return to the author</h2>") && !page.body.contains("Approve or"))
                    #expect(reply.status == .seeOther, "\(local)")
                    #expect(draft.state == .published && draft.publishedBy == person, "\(local)")
                } else {
                    #expect(!page.body.contains("Record it as published"), "\(local)")
                    #expect([.forbidden, .notFound].contains(reply.status), "\(local): \(reply.status)")
                    #expect(draft.state == .approved && draft.liveAddress == nil, "\(local)")
                }
            }
            // The author and the headteacher see who posts it instead.
            let id = try await scene.draft(in: .approved, accounts: [scene.facebook, scene.x])
            let lead = try #require(
                try await Person.find(try await app.personID(scene.email("socialmedia")), on: app.db)
            ).fullName
            for local in ["teacher", "headteacher"] {
                let page = try await (try await scene.browser(local)).get("/posts/\(id)")
                #expect(page.body.contains("\(lead) posts it and records where it went"), "\(local)")
            }
            // Home pages: the administrator is asked to post it, naming who wrote and who approved it; the author
            // waits; the headteacher, who approves but does not run the accounts, is not asked.
            let author = try #require(
                try await Person.find(try await app.personID(scene.email("teacher")), on: app.db)
            ).fullName
            let home = try await (try await scene.browser("socialmedia")).get("/").body
            #expect(home.contains("Written by \(author), approved by \(lead)."))
            let teacherHome = try await (try await scene.browser("teacher")).get("/").body
            #expect(teacherHome.contains("Approved: an administrator of the account posts it"))
            #expect(!teacherHome.contains("Approved: post it"))
            let headHome = try await (try await scene.browser("headteacher")).get("/").body
            #expect(!headHome.contains("Post it:"))
            // An administrator who wrote the post posts it, once someone else has approved it.
            let sma = try await scene.browser("socialmedia")
            let own = try #require(
                try await scene.create(sma, text: "Sports day is on the 12th; bring a water bottle.").id)
            #expect(try await scene.submit(sma, own).status == .seeOther)
            #expect(try await scene.approve(try await scene.browser("headteacher"), own).status == .seeOther)
            let smaHome = try await sma.get("/").body
            #expect(smaHome.contains("Approved: post it, then record where"))
            #expect(!smaHome.contains("Post it: Sports day"), "their own post is listed once")
            #expect(try await scene.publish(sma, own).status == .seeOther)
            #expect(try await scene.state(own) == .published)
            // Approved by the headteacher: the author is told an administrator posts it, and the administrator is
            // asked to, with a link and never the words.
            let teacher = try await scene.browser("teacher")
            let waiting = try #require(try await scene.create(teacher, text: "Choir practice moves to Wednesdays.").id)
            #expect(try await scene.submit(teacher, waiting).status == .seeOther)
            let told = try await scene.mail(to: scene.email("teacher")).count
            let asked = try await scene.mail(to: scene.email("socialmedia")).count
            #expect(try await scene.approve(try await scene.browser("headteacher"), waiting).status == .seeOther)
            let toAuthor = try await scene.mail(to: scene.email("teacher")).dropFirst(told)
            #expect(toAuthor.map(\.subject) == ["Your post was approved"])
            #expect(toAuthor.allSatisfy { $0.body.contains("An administrator of the school's account posts it") })
            let toPoster = try await scene.mail(to: scene.email("socialmedia")).dropFirst(asked)
            #expect(toPoster.map(\.subject) == ["A post is approved for you to post"])
            #expect(toPoster.allSatisfy { $0.body.contains("/posts/\(waiting)") && !$0.body.contains("Choir") })
        }
    }

    @Test("The page for changing a draft lists what screening found in it as saved; a clean draft lists nothing")
    func editShowsFindings() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let teacher = try await scene.browser("teacher")
            let named = try #require(
                try await scene.create(teacher, text: "Well done to Oliver Bennett for his reading; call 07700 900123.")
                    .id)
            let page = try await teacher.get("/posts/\(named)/edit")
            #expect(page.status == .ok)
            #expect(page.body.contains("What screening found when it was last saved"))
            // A finding for the pupil's name and one for the phone number, each quoting its words.
            let listed = Reply.allMatches(#"<li class="finding-[a-z]+"><strong>[^<]*</strong>([^<]*)"#, in: page.body)
            #expect(listed.count >= 2, "\(listed)")
            #expect(
                page.body.contains("The words: “Oliver Bennett”") && page.body.contains("The words: “07700 900123”"))
            let clean = try #require(try await scene.create(teacher, text: "The library is open on Thursdays.").id)
            let fine = try await teacher.get("/posts/\(clean)/edit")
            #expect(fine.status == .ok && !fine.body.contains("What screening found"))
        }
    }

    @Test("No one approves their own post, not even the headteacher or the administrator")
    func neverOwnDraft() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            for (author, other) in [("socialmedia", "headteacher"), ("headteacher", "socialmedia")] {
                let writer = try await scene.browser(author)
                let made = try await scene.create(writer, text: "Reception's nativity play is on Friday at 2pm.")
                let id = try #require(made.id)
                #expect(try await scene.submit(writer, id).status == .seeOther)
                let own = try await scene.approve(writer, id)
                #expect(own.status == .forbidden, "\(author)")
                #expect(own.body.contains("someone else must approve"), "\(author)")
                #expect(try await scene.state(id) == .awaitingApproval)
                #expect(try await scene.approve(try await scene.browser(other), id).status == .seeOther, "\(other)")
                #expect(try await scene.state(id) == .approved)
            }
        }
    }

    @Test("An administrator approves only for accounts they run; a draft for an account they do not run is not theirs")
    func administratorOfOtherAccounts() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let smaID = try await app.personID(scene.email("socialmedia"))
            try await AccountAdministrator.query(on: app.db).filter(\.$accountID == scene.x)
                .filter(\.$personID == smaID).delete()
            let id = try await scene.draft(in: .awaitingApproval, accounts: [scene.x])
            let sma = try await scene.browser("socialmedia")
            #expect(try await sma.get("/posts/\(id)").status == .notFound)
            #expect([.forbidden, .notFound].contains(try await scene.approve(sma, id).status))
            #expect(try await scene.state(id) == .awaitingApproval)
            let head = try await scene.browser("headteacher")
            #expect(try await scene.approve(head, id).status == .seeOther)
        }
    }

    @Test("Each change of state writes its audit entry")
    func audited() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let teacher = try await scene.browser("teacher")
            let sma = try await scene.browser("socialmedia")
            let head = try await scene.browser("headteacher")
            var seen = try await app.auditActions().count
            func next() async throws -> [String] {
                let all = try await app.auditActions()
                defer { seen = all.count }
                return Array(all.dropFirst(seen))
            }
            let id = try #require(
                try await scene.create(teacher, text: "The library is open after school on Wednesdays.").id)
            #expect(try await next().contains("draft.created"))
            _ = try await scene.submit(teacher, id)
            #expect(try await next().contains("draft.submitted"))
            _ = try await scene.sendBack(sma, id)
            #expect(try await next().contains("draft.returned"))
            _ = try await scene.submit(teacher, id)
            _ = try await next()
            _ = try await scene.approve(sma, id)
            #expect(try await next().contains("draft.approved"))
            _ = try await scene.edit(teacher, id, text: "The library is open after school on Thursdays.")
            #expect(try await next().contains("draft.approval_voided"))
            #expect(try await scene.state(id) == .awaitingApproval)
            _ = try await scene.approve(sma, id)
            _ = try await next()
            _ = try await scene.publish(sma, id)
            #expect(try await next().contains("draft.published"))

            let blocked = try #require(
                try await scene.create(teacher, text: "Well done to Oliver Bennett for his reading.").id)
            _ = try await scene.submit(teacher, blocked)
            _ = try await next()
            #expect(
                try await scene.approve(head, blocked, reason: "His parents asked us to.").status == .seeOther)
            let override = try await next()
            #expect(override.contains("draft.approved_over_block"))
            #expect(!override.contains("draft.approved"))
        }
    }

    @Test("Approved, returned and expired: the author gets a link, never the words of the post")
    func mailToAuthor() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let text = "Greensleeves rang out across the playground as Willow class sang."
            let teacher = scene.email("teacher")
            for (state, subject) in [(DraftState.approved, "approved"), (.returned, "returned"), (.expired, "ran out")]
            {
                let before = try await scene.mail(to: teacher).count
                let id = try await scene.draft(in: state, text: text)
                let mail = try await scene.mail(to: teacher).dropFirst(before)
                let about = mail.filter { $0.subject.contains(subject) }
                #expect(about.count == 1, "\(state.rawValue): \(mail.map(\.subject))")
                for message in mail {
                    #expect(message.body.contains("/posts/\(id)"), "\(state.rawValue)")
                    #expect(message.body.contains("http"), "\(state.rawValue)")
                    for words in ["Greensleeves", "playground", "Willow class sang"] {
                        #expect(!message.body.contains(words), "\(state.rawValue)")
                        #expect(!message.subject.contains(words), "\(state.rawValue)")
                    }
                }
            }
        }
    }

    @Test("An approval that ran out cannot be used; the expiry job expires it and tells the author with a link")
    func expiry() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let text = "Harvest boxes go to the food bank on Friday; thank you for every tin."
            let id = try await scene.draft(in: .approved, text: text)
            try await scene.backdateApproval(id)
            let teacher = try await scene.browser("teacher")
            let sma = try await scene.browser("socialmedia")
            let refused = try await scene.publish(sma, id)
            #expect(refused.status == .conflict)
            #expect(try await scene.state(id) == .approved)
            #expect(try await scene.draft(id).liveAddress == nil)
            let before = try await scene.mail(to: scene.email("teacher")).count
            try await DraftExpiry.run(app: app)
            #expect(try await scene.state(id) == .expired)
            let mail = try await scene.mail(to: scene.email("teacher")).dropFirst(before)
            #expect(mail.count == 1)
            let message = try #require(mail.first)
            #expect(message.body.contains("/posts/\(id)"))
            #expect(!message.body.contains("Harvest boxes"))
            #expect(!message.body.contains("food bank"))
            #expect(try await app.auditActions().contains("draft.approval_expired"))
            // Expired stays expired: no publishing, and sending it again needs a fresh approval.
            #expect(try await scene.publish(sma, id).status == .conflict)
            #expect(try await scene.submit(teacher, id).status == .seeOther)
            #expect(try await scene.state(id) == .awaitingApproval)
        }
    }

    @Test("A changed post cannot be published on the old approval; publishing records the live address")
    func publishOnlyWhatWasApproved() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let teacher = try await scene.browser("teacher")
            let id = try await scene.draft(in: .approved)
            let approvedDigest = try await scene.digest(id)
            _ = try await scene.edit(teacher, id, text: "Something else entirely, written after the approval.")
            #expect(try await scene.state(id) == .awaitingApproval)
            let sma = try await scene.browser("socialmedia")
            let stale = try await scene.publish(sma, id, digest: approvedDigest)
            #expect(stale.status == .conflict)
            #expect(try await scene.draft(id).liveAddress == nil)
            let voided = try await DraftReview.query(on: app.db).filter(\.$draftID == id).all()
            #expect(voided.count == 1 && voided.allSatisfy { $0.voidedAt != nil })

            let fresh = try await scene.draft(in: .approved)
            let address = "https://www.facebook.com/StCleopasPrimary/posts/3003"
            #expect(try await scene.publish(sma, fresh, address: address).status == .seeOther)
            let published = try await scene.draft(fresh)
            #expect(published.state == .published)
            #expect(published.liveAddress == address)
            #expect(published.publishedAt != nil)
            // Nothing about a published post changes afterwards.
            let again = try await scene.edit(teacher, fresh, text: "Rewritten after it went out.")
            #expect((400..<500).contains(again.status.code))
            #expect(try await scene.draft(fresh).text == published.text)
        }
    }
}
