// Who sees a draft (issue 13): its author always; once it has been sent for approval, the headteacher and the
// administrators of its accounts; nobody else, not even that it exists.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Draft posts: who sees them")
struct DraftVisibilityTests {
    /// St Cleopas people who are neither the author, the headteacher nor an administrator of the accounts.
    static let outsiders = ["ta", "manager", "dsl", "hr", "volunteer"]
    /// Governors write no posts: they are turned away before any draft is looked up.
    static let governors = ["chair", "governor"]

    static func outsiderBrowsers(_ scene: PostScene) async throws -> [(String, Browser)] {
        var browsers: [(String, Browser)] = []
        for local in outsiders + governors { browsers.append((local, try await scene.browser(local))) }
        browsers.append(("trust admin", try await Browser.signedIn(scene.app, as: scene.demo.trustAdmin.email)))
        for (school, local) in [("holy-trinity", "headteacher"), ("northfield", "headteacher")] {
            browsers.append(
                (
                    "\(school) \(local)",
                    try await Browser.signedIn(scene.app, as: scene.demo.account(school, local).email)
                ))
        }
        return browsers
    }

    @Test("The author always sees a draft; the headteacher and administrator once sent; everyone else gets not found")
    func pages() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let photo = TestPhotos.png()
            let teacher = try await scene.browser("teacher")
            let reviewers = [
                ("headteacher", try await scene.browser("headteacher")),
                ("socialmedia", try await scene.browser("socialmedia")),
            ]
            let others = try await Self.outsiderBrowsers(scene)
            var drafts: [(String, UUID, Bool)] = []
            for state in DraftState.allCases {
                let text = "Visible test \(state.rawValue): the school choir sang at the town hall."
                drafts.append(
                    (
                        state.rawValue, try await scene.draft(in: state, text: text, images: [("choir.png", photo)]),
                        state != .writing
                    ))
            }
            // Withdrawn before it was ever sent: it stays the author's alone.
            let unsent = try #require(
                try await scene.create(
                    teacher, text: "Never sent: the choir sang at the town hall.", images: [("choir.png", photo)]
                ).id)
            #expect(try await scene.withdraw(teacher, unsent).status == .seeOther)
            drafts.append(("withdrawn before sending", unsent, false))

            for (label, id, sent) in drafts {
                let image = try await scene.imageID(id)
                let text = try await scene.draft(id).text
                let page = try await teacher.get("/posts/\(id)")
                #expect(page.status == .ok, "author, \(label)")
                #expect(try await teacher.get("/posts/\(id)/images/\(image)").status == .ok, "author, \(label)")
                for (who, browser) in reviewers {
                    let seen = try await browser.get("/posts/\(id)")
                    let download = try await browser.get("/posts/\(id)/images/\(image)")
                    if sent {
                        #expect(seen.status == .ok, "\(who), \(label)")
                        #expect(download.status == .ok, "\(who), \(label)")
                    } else {
                        #expect(seen.status == .notFound, "\(who), \(label): \(seen.status)")
                        #expect(download.status == .notFound, "\(who), \(label): \(download.status)")
                        #expect(!seen.body.contains(text), "\(who), \(label)")
                    }
                }
                for (who, browser) in others {
                    let seen = try await browser.get("/posts/\(id)")
                    let download = try await browser.get("/posts/\(id)/images/\(image)")
                    let edit = try await browser.get("/posts/\(id)/edit")
                    let expected: [HTTPStatus] =
                        Self.governors.contains(who) ? [.notFound, .forbidden] : [.notFound]
                    #expect(expected.contains(seen.status), "\(who), \(label): \(seen.status)")
                    #expect(expected.contains(download.status), "\(who), \(label): \(download.status)")
                    #expect(expected.contains(edit.status), "\(who), \(label): \(edit.status)")
                    #expect(!seen.body.contains(text), "\(who), \(label)")
                }
            }
        }
    }

    @Test("Home page items: a draft waiting for approval shows to its approvers only; an unsent one to no one else")
    func homeItems() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let waiting = "Waiting item: Year 3 planted bulbs in the garden today."
            let unsent = "Unsent item: Year 6 visited the museum today."
            _ = try await scene.draft(in: .awaitingApproval, text: waiting)
            _ = try await scene.draft(in: .writing, text: unsent)
            for local in ["headteacher", "socialmedia"] {
                let home = try await (try await scene.browser(local)).get("/")
                #expect(home.body.contains("Year 3 planted bulbs"), "\(local)")
                #expect(!home.body.contains("Year 6 visited the museum"), "\(local)")
            }
            for local in Self.outsiders + Self.governors {
                let home = try await (try await scene.browser(local)).get("/")
                #expect(home.status == .ok)
                #expect(!home.body.contains("Year 3 planted bulbs"), "\(local)")
                #expect(!home.body.contains("Year 6 visited the museum"), "\(local)")
            }
            let posts = try await (try await scene.browser("ta")).get("/posts")
            #expect(!posts.body.contains("Year 3 planted bulbs") && !posts.body.contains("Year 6 visited"))
        }
    }

    @Test(
        "The archive: those who post and the headteacher search it by words, account and date; CSV and JSON; nobody else"
    )
    func archive() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let teacher = try await scene.browser("teacher")
            let onFacebook = try await scene.draft(in: .approved, text: "Archive one: the netball team won the cup.")
            let sma = try await scene.browser("socialmedia")
            #expect(try await scene.publish(sma, onFacebook).status == .seeOther)
            let onX = try await scene.draft(
                in: .approved, text: "Archive two: the chess club meets on Tuesdays.", accounts: [scene.x])
            #expect(
                try await scene.publish(sma, onX, address: "https://x.com/StCleopasSchool/status/42").status
                    == .seeOther)
            _ = try await scene.draft(in: .approved, text: "Archive three: not published yet, about the netball cup.")

            for local in ["headteacher", "socialmedia"] {
                let browser = try await scene.browser(local)
                let all = try await browser.get("/posts/archive")
                #expect(all.status == .ok, "\(local)")
                #expect(all.body.contains("netball team won") && all.body.contains("chess club"), "\(local)")
                #expect(!all.body.contains("not published yet"), "\(local)")
                let byWords = try await browser.get("/posts/archive?q=NETBALL")
                #expect(byWords.body.contains("netball team won") && !byWords.body.contains("chess club"), "\(local)")
                let byAccount = try await browser.get("/posts/archive?account=\(scene.x)")
                #expect(byAccount.body.contains("chess club") && !byAccount.body.contains("netball team"), "\(local)")
                let today = Display.clock.date(of: Date())
                let future = try await browser.get("/posts/archive?from=2099-01-01")
                #expect(!future.body.contains("chess club") && !future.body.contains("netball team"), "\(local)")
                let now = try await browser.get("/posts/archive?from=\(today)&to=\(today)")
                #expect(now.body.contains("chess club") && now.body.contains("netball team"), "\(local)")
                let csv = try await browser.get("/posts/archive.csv?q=chess")
                #expect(csv.status == .ok)
                #expect(csv.body.contains("chess club") && csv.body.contains("https://x.com/StCleopasSchool/status/42"))
                #expect(!csv.body.contains("netball team"))
                let json = try await browser.get("/posts/archive.json")
                #expect(json.status == .ok)
                let entries = try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [[String: Any]] ?? []
                #expect(entries.contains { ($0["text"] as? String)?.contains("chess club") == true })
                #expect(!entries.contains { ($0["text"] as? String)?.contains("not published yet") == true })
            }
            for local in ["teacher", "ta", "manager", "dsl", "hr", "volunteer", "chair", "governor"] {
                let browser = try await scene.browser(local)
                for path in ["/posts/archive", "/posts/archive.csv", "/posts/archive.json"] {
                    let reply = try await browser.get(path)
                    #expect([.forbidden, .notFound].contains(reply.status), "\(local) \(path): \(reply.status)")
                    #expect(!reply.body.contains("chess club"), "\(local) \(path)")
                }
            }
            let elsewhere = try await Browser.signedIn(app, as: demo.account("northfield", "headteacher").email)
            #expect(!(try await elsewhere.get("/posts/archive").body.contains("chess club")))
        }
    }
}
