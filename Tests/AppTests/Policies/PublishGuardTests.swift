// Issue 19, item 5: publishing asks for an explicit choice of material or minor (nothing pre-selected) and says what
// will happen before it happens; discarding stands apart and is confirmed; importing over a draft says it replaces it.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Publishing, discarding and replacing drafts are deliberate")
struct PublishGuardTests {
    /// A draft version 2 of the St Cleopas policy, imported by the headteacher; answers its path and the browser.
    static func draft(_ app: Application, _ demo: Demo) async throws -> (Browser, UUID, String) {
        let policy = try await app.stCleopasPolicy()
        let id = try policy.requireID()
        let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
        let form = try await head.get("/policies/\(id)/versions/new")
        let text = PolicyTests.source.replacingOccurrences(of: "highest possible level", with: "highest level")
        let imported = try await PolicyTests.importText(head, text, policy: id.uuidString, csrf: form.csrf)
        #expect(imported.status == .seeOther)
        return (head, id, try #require(imported.location))
    }

    static func activeCount(_ app: Application, _ kinds: [PersonKind]) async throws -> Int {
        try await Person.query(on: app.db).inSchool(try await app.schoolID("st-cleopas")).filter(\.$active == true)
            .filter(\.$kind ~~ kinds).count()
    }

    @Test("Nothing is pre-selected, each group shows how many it holds, and a choice is required")
    func noPreselection() async throws {
        try await withSteward { app, demo in
            let (head, _, path) = try await Self.draft(app, demo)
            let page = try await head.get(path)
            #expect(page.body.contains(#"id="change" name="change" value="material">"#))
            #expect(page.body.contains(#"id="change-minor" name="change" value="minor">"#))
            #expect(!page.body.contains(#"value="material" checked"#) && !page.body.contains(#"value="minor" checked"#))
            #expect(page.body.contains("Employees (\(try await Self.activeCount(app, [.employee])) now)"))
            #expect(page.body.contains("Governors (\(try await Self.activeCount(app, [.governor])) now)"))
            #expect(page.body.contains("Volunteers (\(try await Self.activeCount(app, [.volunteer])) now)"))
            for change in ["", "major", "MATERIAL"] {
                let refused = try await head.post(
                    path + "/publish", [("change", change), ("deadline", "14"), ("employee", "yes")], csrf: page.csrf)
                #expect(refused.status == .badRequest, "\(change)")
                #expect(refused.body.contains("Choose whether this is a material change or a minor correction."))
                // Only the choice is missing: no error about a reason for a minor correction nobody chose.
                #expect(!refused.body.contains("Say why this correction"), "\(change)")
            }
            #expect(try await PolicyVersion.query(on: app.db).filter(\.$publishedAt == nil).count() == 1)
        }
    }

    @Test(
        "A material change says how many people will be asked again, by when, and publishes only when confirmed",
        arguments: [[PersonKind.employee], [.employee, .governor, .volunteer], [.governor]])
    func materialConfirmation(groups: [PersonKind]) async throws {
        try await withSteward { app, demo in
            let (head, id, path) = try await Self.draft(app, demo)
            let page = try await head.get(path)
            let fields = [("change", "material"), ("deadline", "10")] + groups.map { ($0.rawValue, "yes") }
            let confirm = try await head.post(path + "/publish", fields, csrf: page.csrf)
            #expect(confirm.status == .ok)
            #expect(confirm.body.contains("Publish version 2?"))
            let total = try await Self.activeCount(app, groups)
            let people = total == 1 ? "1 person" : "\(total) people"
            #expect(confirm.body.contains("\(people) ("))
            #expect(
                confirm.body.contains("acknowledge it again, by <strong>\(Display.today.adding(days: 10).longForm)"))
            for kind in PersonKind.allCases {
                let n = try await Self.activeCount(app, [kind])
                let phrase = "\(n) \(kind.title.lowercased())\(n == 1 ? "" : "s")"
                #expect(confirm.body.contains(phrase) == groups.contains(kind), "\(phrase)")
            }
            // Nothing is published yet; going back keeps the draft.
            #expect(try await PolicyVersion.query(on: app.db).filter(\.$publishedAt == nil).count() == 1)
            #expect(try await Policy.find(id, on: app.db)?.currentVersionID != nil)
            let published = try await head.post(path + "/publish", fields + [("confirmed", "yes")], csrf: confirm.csrf)
            #expect(published.status == .seeOther)
            #expect(try await PolicyVersion.query(on: app.db).filter(\.$publishedAt == nil).count() == 0)
            let current = try #require(
                try await PolicyVersion.find(try await Policy.find(id, on: app.db)?.currentVersionID, on: app.db))
            #expect(current.number == 2 && current.requiresAcknowledgement && current.audience == Set(groups))
        }
    }

    @Test("A minor correction says nobody is asked again; a refused confirmation writes nothing")
    func minorConfirmation() async throws {
        try await withSteward { app, demo in
            let (head, _, path) = try await Self.draft(app, demo)
            let page = try await head.get(path)
            let fields = [("change", "minor"), ("reason", "Wording of 4.1"), ("deadline", "14"), ("employee", "yes")]
            let confirm = try await head.post(path + "/publish", fields, csrf: page.csrf)
            #expect(confirm.body.contains("This is a minor correction: nobody is asked to acknowledge it again."))
            #expect(confirm.body.contains("Wording of 4.1"))
            // The confirmation carries the form; a tampered one is checked again.
            let bad = try await head.post(
                path + "/publish", [("change", "minor"), ("deadline", "0"), ("employee", "yes"), ("confirmed", "yes")],
                csrf: confirm.csrf)
            #expect(bad.status == .badRequest)
            #expect(try await PolicyVersion.query(on: app.db).filter(\.$publishedAt == nil).count() == 1)
            let done = try await head.post(path + "/publish", fields + [("confirmed", "yes")], csrf: confirm.csrf)
            #expect(done.status == .seeOther)
        }
    }

    @Test("Discarding stands apart from publishing and needs its box ticked")
    func discard() async throws {
        try await withSteward { app, demo in
            let (head, _, path) = try await Self.draft(app, demo)
            let page = try await head.get(path)
            // Its own section, after the publish form has closed, with a warning button.
            let publishEnd = try #require(page.body.range(of: "Check and publish version 2</button>\n  </form>"))
            let discardAt = try #require(page.body.range(of: #"<h2 id="discard-heading">Discard this draft</h2>"#))
            #expect(publishEnd.upperBound < discardAt.lowerBound)
            #expect(page.body.contains(#"<button type="submit" class="warning">Discard this draft</button>"#))
            let refused = try await head.post(path + "/discard", [], csrf: page.csrf)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains(##"<a href="#discard-confirm">Tick the box"##))
            #expect(try await PolicyVersion.query(on: app.db).filter(\.$publishedAt == nil).count() == 1)
            let done = try await head.post(path + "/discard", [("confirm", "yes")], csrf: refused.csrf)
            #expect(done.status == .seeOther)
            #expect(try await PolicyVersion.query(on: app.db).filter(\.$publishedAt == nil).count() == 0)
        }
    }

    @Test("Importing over a draft says it replaces the draft and its questions, and needs the box ticked")
    func importOverDraft() async throws {
        try await withSteward { app, demo in
            let (head, id, path) = try await Self.draft(app, demo)
            let draftPage = try await head.get(path)
            _ = try await head.post(
                path + "/questions", [("questions", PolicyQuestionAppTests.questions)], csrf: draftPage.csrf)
            let draftID = try #require(try await PolicyVersion.query(on: app.db).filter(\.$publishedAt == nil).first())
                .requireID()
            let form = try await head.get("/policies/\(id)/versions/new")
            #expect(form.body.contains("This policy already has a draft that has not been published: version 2"))
            #expect(form.body.contains("with 2 questions"))
            let text = PolicyTests.source.replacingOccurrences(of: "highest possible level", with: "very highest level")
            let refused = try await PolicyTests.importText(head, text, policy: id.uuidString, csrf: form.csrf)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains(##"<a href="#replace">Tick the box to replace the draft"##))
            let still = try await PolicyVersion.query(on: app.db).filter(\.$publishedAt == nil).all()
            #expect(still.map(\.id) == [draftID] && still.first?.questions.count == 2)
            let replaced = try await head.postMultipart(
                "/policies", csrf: refused.csrf,
                fields: [("policy", id.uuidString), ("text", text), ("replace", "yes")])
            #expect(replaced.status == .seeOther)
            let now = try await PolicyVersion.query(on: app.db).filter(\.$publishedAt == nil).all()
            #expect(now.count == 1 && now.first?.id != draftID)
            // A policy with no draft needs no such box; a new policy never does.
            let fresh = try await head.get("/policies/new")
            #expect(!fresh.body.contains("already has a draft"))
        }
    }

    @Test("A draft found by its title, over the API and at the command line, is not replaced unless that is asked")
    func draftFoundOtherWays() async throws {
        try await withSteward { app, demo in
            let (head, id, path) = try await Self.draft(app, demo)
            let draftPage = try await head.get(path)
            _ = try await head.post(
                path + "/questions", [("questions", PolicyQuestionAppTests.questions)], csrf: draftPage.csrf)
            func drafts() async throws -> [PolicyVersion] {
                try await PolicyVersion.query(on: app.db).filter(\.$publishedAt == nil).all()
            }
            let original = try #require(try await drafts().first?.id)
            let text = PolicyTests.source.replacingOccurrences(of: "highest possible level", with: "top level")
            // "Import a policy" with the same title: the policy is found by it, and its draft is not silently lost.
            let newForm = try await head.get("/policies/new")
            let refused = try await PolicyTests.importText(head, text, csrf: newForm.csrf)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("Use of Social Media Policy, version 2"))
            #expect(refused.body.contains(#"id="replace" name="replace""#))
            #expect(try await drafts().map(\.id) == [original])
            // The API: 409 unless the request says to replace it.
            let token = try await app.apiToken(for: demo.account("st-cleopas", "headteacher").email)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: token)
            let api = Browser(app)
            func post(_ body: [String: Any]) async throws -> Reply {
                let data = try JSONSerialization.data(withJSONObject: body)
                return try await api.request(
                    .POST, "/api/v1/policies", headers: headers, body: String(decoding: data, as: UTF8.self),
                    contentType: "application/json")
            }
            let conflict = try await post(["markdown": text, "policyID": id.uuidString])
            #expect(conflict.status == .conflict && conflict.body.contains("replaceDraft"))
            let byTitle = try await post(["markdown": text])
            #expect(byTitle.status == .conflict)
            let kept = try await drafts()
            #expect(kept.map(\.id) == [original] && kept.first?.questions.count == 2)
            // The command line: refused, naming the flag; with it, replaced.
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID()).md")
            try Data(text.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let command = PolicyImportCommand(
                school: "st-cleopas", file: file.path, publish: false, minor: nil, deadline: nil)
            let failure = await ApplicationCommandTests.failure(command, in: app)
            #expect(failure?.code == 65 && failure?.message.contains("--replace-draft") == true)
            #expect(try await drafts().map(\.id) == [original])
            var replacing = command
            replacing.replaceDraft = true
            try await replacing.run(in: app)
            let now = try await drafts()
            #expect(now.count == 1 && now.first?.id != original)
            let replaced = try await post([
                "markdown": PolicyTests.source.replacingOccurrences(
                    of: "highest possible level", with: "very top level"), "policyID": id.uuidString,
                "replaceDraft": true,
            ])
            #expect(replaced.status == .created)
        }
    }
}
