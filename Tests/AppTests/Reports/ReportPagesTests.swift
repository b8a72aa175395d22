// The governors' report from start to publication: drafted and written by the headteacher, read by governors only
// once published, frozen with the hash of its content, corrected by a new version; every reading audited.

import Crypto
import Fluent
import Foundation
import SQLKit
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Reports for governors")
struct ReportPagesTests {
    static func start(_ head: Browser, from: String, to: String) async throws -> Reply {
        try await head.post(
            "/reports", [("term", "custom"), ("from", from), ("to", to)], csrfFrom: "/reports/new")
    }

    @Test("Drafted, written and published by the headteacher; governors read only what is published, as it was")
    func wholeJourney() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let governor = try await Browser.signedIn(app, as: demo.account("st-cleopas", "governor").email)
            let today = Display.today
            let started = try await Self.start(head, from: today.adding(days: -60).description, to: today.description)
            #expect(started.status == .seeOther)
            let path = try #require(started.location)
            let id = try #require(UUID(uuidString: String(path.split(separator: "/").last ?? "")))
            let draft = try await head.get(path)
            #expect(draft.status == .ok)
            #expect(draft.body.contains("Draft, not yet published"))
            #expect(draft.body.contains("Policies read and acknowledged") && draft.body.contains("Concerns and cases"))
            #expect(draft.body.contains("<svg") && draft.body.contains("role=\"img\""))
            // A governor neither sees the draft listed nor finds it.
            #expect(!(try await governor.get("/reports")).body.contains(path))
            #expect(try await governor.get(path).status == .notFound)
            #expect(try await governor.get(path + "/tables/concerns-kinds").status == .notFound)

            let saved = try await head.post(
                path + "/narrative",
                [("section", "concerns"), ("text", "Two <b>staff</b> were supported.\nAll well.")],
                csrfFrom: path)
            #expect(saved.status == .seeOther)
            #expect(try await head.get(path).body.contains("Two &lt;b&gt;staff&lt;/b&gt; were supported."))
            let unknown = try await head.post(
                path + "/narrative", [("section", "nope"), ("text", "x")], csrfFrom: path)
            #expect(unknown.status == .badRequest)
            // Too long: refused, the words kept in the box, and nothing written, not even a reading.
            let entries = try await app.count("audit_entries")
            let long = String(repeating: "<b>x</b>", count: 700)
            let refused = try await head.post(
                path + "/narrative", [("section", "concerns"), ("text", long)], csrf: try #require(draft.csrf))
            #expect(refused.status == .badRequest && refused.body.contains("5000 characters or fewer"))
            #expect(refused.body.contains("&lt;b&gt;x&lt;/b&gt;"))
            #expect(try await app.count("audit_entries") == entries)

            let published = try await head.post(path + "/publish", [], csrfFrom: path)
            #expect(published.status == .seeOther)
            let stored = try #require(try await GovernorsReport.find(id, on: app.db))
            #expect(stored.state == .published)
            let hash = SHA256.hash(data: Data(stored.content.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(stored.contentHash == hash)
            let frozen = try JSONDecoder().decode(PublishedReport.self, from: Data(stored.content.utf8))
            #expect(frozen.narratives["concerns"] == "Two <b>staff</b> were supported.\nAll well.")

            // Governors now read it, with its fingerprint; new records change nothing in it.
            let read = try await governor.get(path)
            #expect(read.status == .ok)
            #expect(read.body.contains("SHA-256 \(hash)"))
            #expect(!read.body.contains("Publish this report") && !read.body.contains("Save comments"))
            _ = try await app.reportPlainConcern(demo)
            let again = try #require(try await GovernorsReport.find(id, on: app.db))
            #expect(again.content == stored.content)
            #expect((try await governor.get("/reports")).body.contains(path))

            // Published is final: no more words, no second publication, no discarding.
            for action in ["/narrative", "/publish", "/discard"] {
                let reply = try await head.post(
                    path + action, [("section", "concerns"), ("text", "changed")], csrfFrom: path)
                #expect(reply.status == .conflict, "\(action)")
            }
            #expect(try #require(try await GovernorsReport.find(id, on: app.db)).content == stored.content)

            // A correction is a new version that copies the words; governors still see version 1 only.
            let corrected = try await head.post(path + "/correct", [], csrfFrom: path)
            let second = try #require(corrected.location?.split(separator: "?").first.map(String.init))
            #expect(second != path)
            #expect(try await head.get(second).body.contains("Two &lt;b&gt;staff&lt;/b&gt;"))
            #expect(try await governor.get(second).status == .notFound)
            let twice = try await head.post(path + "/correct", [], csrfFrom: path)
            #expect(twice.location == second, "the correction already started is the one to work on")

            // Each table as a spreadsheet, for governors too; every reading audited.
            let csv = try await governor.get(path + "/tables/concerns-kinds")
            #expect(csv.status == .ok)
            #expect(csv.body.contains("Kind,Concerns"))
            #expect(try await governor.get(path + "/tables/nothing").status == .notFound)
            let actions = try await app.auditActions()
            #expect(actions.filter { $0 == "report.read" }.count >= 4)
            #expect(actions.contains("report.downloaded"))
            #expect(actions.contains("report.published"))
        }
    }

    @Test(
        "Races and damage: two corrections at once make one; a draft is not found to a governor whatever they send; a damaged published report is refused, never counted again"
    )
    func racesAndDamage() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let governor = try await Browser.signedIn(app, as: demo.account("st-cleopas", "governor").email)
            let today = Display.today
            let path = try #require(
                try await Self.start(head, from: today.adding(days: -7).description, to: today.description).location)
            let id = try #require(UUID(uuidString: String(path.split(separator: "/").last ?? "")))
            // A draft answers a governor 404 to every route, writes included, as an id that does not exist does.
            let csrf = try #require(try await governor.get("/account").csrf)
            for action in ["/narrative", "/publish", "/discard", "/correct"] {
                let reply = try await governor.post(
                    path + action, [("section", "concerns"), ("text", "x")], csrf: csrf)
                #expect(reply.status == .notFound, "\(action) → \(reply.status.code)")
                let none = try await governor.post("/reports/\(UUID())" + action, [], csrf: csrf)
                #expect(none.status == .notFound)
            }
            // Whatever the role: a teacher, who reads no report, is told "not found" of a draft, not "forbidden",
            // on every route that names it, as of an id that does not exist.
            for local in ["teacher", "dsl", "chair"] {
                let browser = try await Browser.signedIn(app, as: demo.account("st-cleopas", local).email)
                for route in [path, path + "/tables/concerns-kinds"] {
                    #expect(try await browser.get(route).status == .notFound, "\(local) \(route)")
                }
                #expect(try await browser.get("/reports/\(UUID())").status == .notFound, "\(local)")
            }
            // Words with a slash are kept as written in the frozen JSON, so any JSON tool gives the same hash.
            _ = try await head.post(
                path + "/narrative", [("section", "concerns"), ("text", "Staff / governors")], csrfFrom: path)
            #expect(try await head.post(path + "/publish", [], csrfFrom: path).status == .seeOther)
            let stored = try #require(try await GovernorsReport.find(id, on: app.db))
            #expect(stored.content.contains("Staff / governors") && !stored.content.contains("\\/"))
            // Six presses of "correct" at once: one version 2, and every press lands on it.
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<6 { group.addTask { try await head.post(path + "/correct", [], csrfFrom: path) } }
                return try await group.reduce(into: [Reply]()) { $0.append($1) }
            }
            let codes: [UInt] = replies.map { $0.status.code }
            #expect(codes.allSatisfy { $0 == 303 }, "\(codes)")
            let versions = try await GovernorsReport.query(on: app.db).filter(\.$seriesID == stored.seriesID).all()
            #expect(versions.map(\.version).sorted() == [1, 2])
            let landed: [String] = replies.compactMap { reply -> String? in
                guard let location = reply.location else { return nil }
                return String(location.split(separator: "?")[0])
            }
            #expect(landed.count == 6 && Set(landed).count == 1, "\(landed)")
            // Damage to a published report's stored words: refused with an error, not counted afresh.
            try await app.sql.update("governors_reports").set("content", to: SQLBind(stored.content + " "))
                .where("id", .equal, SQLBind(id)).run()
            let damaged = try await governor.get(path)
            #expect(damaged.status == .internalServerError)
            #expect(!damaged.body.contains("Concerns and cases"))
            var bearer = HTTPHeaders()
            bearer.bearerAuthorization = .init(
                token: try await app.apiToken(for: demo.account("st-cleopas", "governor").email))
            #expect(try await Browser(app).get("/api/v1/reports/\(id)", headers: bearer).status == .internalServerError)
        }
    }

    @Test("The API: governors list and read what is published, as frozen; the headteacher's draft is theirs alone")
    func api() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let today = Display.today
            let first = try #require(
                try await Self.start(head, from: today.adding(days: -30).description, to: today.description).location)
            #expect(try await head.post(first + "/publish", [], csrfFrom: first).status == .seeOther)
            let draft = try #require(
                try await Self.start(head, from: today.description, to: today.description).location)
            let published = try #require(UUID(uuidString: String(first.split(separator: "/").last ?? "")))
            let draftID = try #require(UUID(uuidString: String(draft.split(separator: "/").last ?? "")))
            func bearer(_ local: String) async throws -> HTTPHeaders {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = .init(
                    token: try await app.apiToken(for: demo.account("st-cleopas", local).email))
                return headers
            }
            struct Summary: Decodable { var id: UUID; var state: String; var sha256: String? }
            struct Detail: Decodable {
                var id: UUID; var state: String; var sha256: String?; var report: PublishedReport
            }
            let api = Browser(app)
            let governorList = try await api.get("/api/v1/reports", headers: try await bearer("governor")).json(
                [Summary].self)
            #expect(governorList.contains { $0.id == published } && !governorList.contains { $0.id == draftID })
            #expect(governorList.allSatisfy { $0.state == "published" && $0.sha256?.count == 64 })
            let headList = try await api.get("/api/v1/reports", headers: try await bearer("headteacher")).json(
                [Summary].self)
            #expect(Set(headList.map(\.id)).isSuperset(of: [published, draftID]))
            #expect(headList.first { $0.id == draftID }?.sha256 == nil)
            let stored = try #require(try await GovernorsReport.find(published, on: app.db))
            let detail = try await api.get("/api/v1/reports/\(published)", headers: try await bearer("governor"))
            #expect(detail.status == .ok)
            let read = try detail.json(Detail.self)
            #expect(read.sha256 == stored.contentHash && read.state == "published")
            #expect(read.report == (try JSONDecoder().decode(PublishedReport.self, from: Data(stored.content.utf8))))
            #expect(
                try await api.get("/api/v1/reports/\(draftID)", headers: try await bearer("governor")).status
                    == .notFound)
            #expect(
                try await api.get("/api/v1/reports/\(draftID)", headers: try await bearer("headteacher")).status == .ok)
            #expect(try await api.get("/api/v1/reports", headers: try await bearer("teacher")).status == .forbidden)
            #expect(
                try await api.get("/api/v1/reports/\(published)", headers: try await bearer("teacher")).status
                    == .forbidden)
            let entries = try await AuditEntry.query(on: app.db).filter(\.$action == "report.read").all()
            #expect(entries.contains { $0.details.contains("api") })
        }
    }

    @Test("The days asked for: both ends checked, a year at most, begun already; nothing saved when refused")
    func periods() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let today = Display.today
            let before = try await app.count("governors_reports")
            let cases: [(String, String, String)] = [
                ("", today.description, "Enter the first day."),
                ("2026-02-30", today.description, "Enter the first day as a date"),
                (today.description, today.adding(days: -1).description, "The last day must be on or after the first"),
                (
                    today.adding(days: 1).description, today.adding(days: 2).description,
                    "The first day has not come yet"
                ),
                (today.adding(days: -366).description, today.description, "A report covers a year at most"),
            ]
            for (from, to, message) in cases {
                let reply = try await Self.start(head, from: from, to: to)
                #expect(reply.status == .badRequest, "\(from) \(to)")
                #expect(reply.body.contains(message), "\(from) \(to)")
            }
            #expect(try await app.count("governors_reports") == before, "nothing saved when refused")
            // One day short of the limit, and a single day, are taken.
            #expect(
                try await Self.start(head, from: today.adding(days: -365).description, to: today.description).status
                    == .seeOther)
            #expect(try await Self.start(head, from: today.description, to: today.description).status == .seeOther)
            #expect(try await app.count("governors_reports") == before + 2)
            let both = try await head.post(
                "/reports", [("term", "0"), ("from", "2026-01-01"), ("to", "")], csrfFrom: "/reports/new")
            #expect(both.status == .badRequest && both.body.contains("You chose a term and typed days"))
            let badTerm = try await head.post("/reports", [("term", "7")], csrfFrom: "/reports/new")
            #expect(badTerm.status == .badRequest && badTerm.body.contains("Choose one of the terms"))
            #expect(try await app.count("governors_reports") == before + 2)
        }
    }
}
