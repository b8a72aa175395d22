// Screening with the school's own context (issue 13): a roster import, new terms and new clause numbers take effect
// on the next page, without a restart, and findings are marked in the text and cite the school's clause.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Draft posts: the school's screening context")
struct ScreeningContextTests {
    static let rosterHeader =
        "UPN,Legal Forename,Preferred Forename,Legal Surname,Date of Birth,Year Group,Class,Photo In School,Photo On Website,Photo On Social Media,Name On Social Media"

    @Test("A pupil added by a roster import without consent is found in a draft at once: the cached context rebuilds")
    func rosterImport() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let id = try await scene.draft(
                in: .awaitingApproval, text: "Congratulations to Zachary Quenby on his swimming badge!")
            let sma = try await scene.browser("socialmedia")
            let before = try await sma.get("/posts/\(id)")
            #expect(before.status == .ok)
            #expect(!before.body.contains("<mark class=\"finding-block\">Zachary Quenby</mark>"))
            #expect(!before.body.contains("finding-block"))

            let outcome = try await RosterTests.run(
                app, Self.rosterHeader + "\n,Zachary,,Quenby,01/02/2017,4,Oak,yes,no,no,no\n")
            guard case .applied(let summary) = outcome else {
                Issue.record("The roster import applies: \(outcome)")
                return
            }
            #expect(summary.hasPrefix("1 to add"))
            let after = try await sma.get("/posts/\(id)")
            #expect(after.body.contains("<mark class=\"finding-block\">Zachary Quenby</mark>"))
            #expect(after.body.contains("Clause 4.7"))
            #expect(try await scene.approve(sma, id).status == .forbidden)
            #expect(try await scene.state(id) == .awaitingApproval)
        }
    }

    @Test("After the terms list blocks \"wibble\", a draft with it gets an offensive-language finding, marked in place")
    func terms() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let teacher = try await scene.browser("teacher")
            let id = try #require(try await scene.create(teacher, text: "What a wibble of a week it has been!").id)
            let before = try await teacher.get("/posts/\(id)")
            #expect(!before.body.contains("Offensive language"))
            #expect(!before.body.contains(">wibble</mark>"))

            let head = try await scene.browser("headteacher")
            let saved = try await head.post(
                "/screening/terms", [("terms", "allowed: Cleopas\nconfidential: Ofsted outcome\nblocked: wibble\n")],
                csrf: try await PostScene.token(head))
            #expect(saved.status == .seeOther)
            let after = try await teacher.get("/posts/\(id)")
            #expect(after.body.contains("Offensive language"))
            #expect(Reply.firstMatch(#"<mark class="finding-(\w+)">wibble</mark>"#, in: after.body) != nil)
            #expect(after.body.contains("Clause 4.5"))
            #expect(try await app.auditActions().contains("screening.terms_saved"))

            let bad = try await head.post(
                "/screening/terms", [("terms", "forbidden wibble")], csrf: try await PostScene.token(head))
            #expect(bad.status == .badRequest)
            #expect(
                try await teacher.post("/screening/terms", [("terms", "")], csrf: try await PostScene.token(teacher))
                    .status == .forbidden)
            #expect(
                try await SchoolScreening.settings(for: scene.schoolID, on: app.db).terms.contains("blocked: wibble"))
        }
    }

    static func clauseFields(pupilName: String, policy: String) -> [(String, String)] {
        [("policy", policy)]
            + FindingCategory.allCases.map {
                ("clause-\($0.rawValue)", $0 == .pupilName ? pupilName : $0.clause)
            }
    }

    @Test("Findings cite the school's clause numbers and link to the clause of its chosen policy")
    func clauses() async throws {
        try await withSteward { app, demo in
            let scene = try await PostScene.make(app, demo)
            let id = try await scene.draft(in: .awaitingApproval, text: "Well done to Oliver Bennett for his reading.")
            let head = try await scene.browser("headteacher")
            let before = try await head.get("/posts/\(id)")
            #expect(before.body.contains("<mark class=\"finding-block\">Oliver Bennett</mark>"))
            #expect(before.body.contains("Clause 4.7"))
            #expect(!before.body.contains("Clause 9.9"))

            // No policy chosen: any number may be cited.
            let saved = try await head.post(
                "/screening/clauses", Self.clauseFields(pupilName: "9.9", policy: ""),
                csrf: try await PostScene.token(head))
            #expect(saved.status == .seeOther)
            let after = try await head.get("/posts/\(id)")
            #expect(after.body.contains("Clause 9.9"))
            #expect(!after.body.contains("Clause 4.7"))

            // The demo's published policy has no clause 9.9: refused, the numbers stay as they were.
            let policy = try #require(
                try await Policy.query(on: app.db).filter(\.$currentVersionID != nil).all()
                    .first { $0.$school.id == scene.schoolID })
            let policyID = try policy.requireID()
            let refused = try await head.post(
                "/screening/clauses", Self.clauseFields(pupilName: "9.9", policy: policyID.uuidString),
                csrf: try await PostScene.token(head))
            #expect(refused.status == .badRequest)
            #expect(try await SchoolScreening.settings(for: scene.schoolID, on: app.db).policyID == nil)

            // With the policy chosen and its own numbers, each finding links to its clause.
            let linked = try await head.post(
                "/screening/clauses", Self.clauseFields(pupilName: "4.7", policy: policyID.uuidString),
                csrf: try await PostScene.token(head))
            #expect(linked.status == .seeOther)
            let page = try await head.get("/posts/\(id)")
            let href = try #require(Reply.firstMatch(#"<a href="([^"]+)">Clause 4\.7</a>"#, in: page.body))
            #expect(href.lowercased().hasPrefix("/policies/\(policyID.uuidString.lowercased())#"))
            #expect(try await app.auditActions().filter { $0 == "screening.clauses_saved" }.count == 2)
        }
    }
}
