// The smaller holes of issue 10 (items 4 and 7): bodies read only within their limits and only for people signed
// in, hidden characters refused in every field, long addresses, and reads of people through the API recorded.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Input at its edges")
struct InputEdgeTests {
    @Test("Nobody signed in gets more than 16 kB read: 16,384 bytes are read, 16,385 refused, whatever the route")
    func anonymousBodies() async throws {
        try await withSteward { app, _ in
            for path in ["/login", "/concerns", "/people/import"] {
                let browser = Browser(app)
                let csrf = try await browser.get("/login").csrf ?? ""
                let prefix = "_csrf=\(csrf)&pad="
                let atLimit = prefix + String(repeating: "a", count: 16_384 - prefix.utf8.count)
                let over = atLimit + "a"
                let read = try await browser.request(.POST, path, body: atLimit)
                #expect(read.status != .payloadTooLarge, "\(path) at the limit")
                let refused = try await browser.request(.POST, path, body: over)
                #expect(refused.status == .payloadTooLarge, "\(path) one byte over")
                #expect(refused.body.contains("longer than Steward accepts here (16 kB)"), "\(path)")
            }
        }
    }

    @Test("A signed-in upload is read up to its route's limit and refused one byte over, with nothing stored")
    func signedInLimit() async throws {
        try await withSteward { app, demo in
            let id = try await app.reportPlainConcern(demo)
            let dsl = try await Browser.signedIn(app, as: demo.account("st-cleopas", "dsl").email)
            let page = try await dsl.get("/concerns/\(id)")
            // The evidence route takes 21 MB in all; the multipart framing takes some, the file fills the rest.
            let limit = 21 * 1024 * 1024
            let empty = Self.multipartSize(csrf: page.csrf ?? "", fileBytes: 0)
            let exact = [UInt8](repeating: 0x41, count: limit - empty)
            let atLimit = try await dsl.postMultipart(
                "/concerns/\(id)/evidence", csrf: page.csrf, files: [("evidence", "big.bin", exact)])
            // Read whole, then refused for what it is (over 20 MB), not for its size on the wire.
            #expect(atLimit.status == .badRequest)
            #expect(atLimit.body.contains("is larger than 20 MB"))
            let over = try await dsl.postMultipart(
                "/concerns/\(id)/evidence", csrf: page.csrf, files: [("evidence", "big.bin", exact + [0x41])])
            #expect(over.status == .payloadTooLarge)
            #expect(try await app.count("case_evidence") == 0)
        }
    }

    /// The size of the test client's multipart body for one file of `fileBytes` and no other fields.
    static func multipartSize(csrf: String, fileBytes: Int) -> Int {
        let boundary = "----StewardTestBoundary"
        func part(_ disposition: String, _ type: String? = nil) -> Int {
            "--\(boundary)\r\nContent-Disposition: form-data; \(disposition)\r\n".utf8.count
                + (type.map { "Content-Type: \($0)\r\n" } ?? "").utf8.count + 2
        }
        return part("name=\"_csrf\"") + "\(csrf)\r\n".utf8.count
            + part("name=\"evidence\"; filename=\"big.bin\"", "application/octet-stream") + fileBytes + 2
            + "--\(boundary)--\r\n".utf8.count
    }

    @Test("At most four uploads are received at once; the fifth is asked to wait, then admitted")
    func uploadGate() {
        let gate = UploadGate()
        for _ in 0..<4 { #expect(gate.enter()) }
        #expect(!gate.enter())
        gate.leave()
        #expect(gate.enter())
        #expect(!gate.enter())
    }

    static let hostile = ["\u{202E}", "\u{200B}", "\r", "\u{2066}", "\u{0007}"]

    @Test("A pupil's name, a referral reference and an evidence file name with hidden characters are refused")
    func hiddenCharacters() async throws {
        try await withSteward { app, demo in
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let form = try await teacher.get("/concerns/new")
            let fields = [
                ("category", "contact_from_pupil_or_family"), ("what_happened", "A message."), ("platform", "Email"),
                ("involved", "pupil"),
            ]
            for mark in Self.hostile {
                let name = try await teacher.postMultipart(
                    "/concerns", csrf: form.csrf, fields: fields + [("pupil_name", "Jack\(mark)Smith")])
                #expect(name.status == .badRequest, "pupil name with \(mark.unicodeScalars.first!.value)")
                let file = try await teacher.postMultipart(
                    "/concerns", csrf: form.csrf, fields: fields,
                    files: [("evidence[]", "photo\(mark)gnp.pdf", Array("%PDF-1.4 x".utf8))])
                #expect(file.status == .badRequest, "file name with \(mark.unicodeScalars.first!.value)")
                // A CR breaks the part's header line itself: the form is refused as unreadable instead.
                #expect(
                    file.body.contains("Rename the file")
                        || (mark == "\r" && file.body.contains("not a form Steward could read")))
            }
            #expect(try await app.count("cases") == 0)
            // A plain report for the reference check.
            _ = try await teacher.postMultipart("/concerns", csrf: form.csrf, fields: fields)
            let id = try #require(try await Case.query(on: app.db).first()?.id)
            let dsl = try await Browser.signedIn(app, as: demo.account("st-cleopas", "dsl").email)
            let page = try await dsl.get("/concerns/\(id)")
            for mark in Self.hostile {
                let reply = try await dsl.post(
                    "/concerns/\(id)/entries",
                    [("action", "police_referral"), ("text", "Referred"), ("reference", "CAD\(mark)1243")],
                    csrf: page.csrf)
                #expect(reply.status == .badRequest)
            }
            #expect(
                try await dsl.post(
                    "/concerns/\(id)/entries",
                    [("action", "police_referral"), ("text", "Referred"), ("reference", "CAD 1243")], csrf: page.csrf
                ).status == .seeOther)
            #expect(try await CaseEntry.query(on: app.db).filter(\.$externalReference != nil).count() == 1)
        }
    }

    @Test("Policy text with a reordering or invisible character is refused; Windows line endings are not")
    func policyText() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let good = "# Acceptable Use\r\n\r\n## 1. Scope\r\n\r\n- 1.1 Staff use school devices with care.\r\n"
            let form = try await head.get("/policies/new")
            let versions = try await app.count("policy_versions")
            for mark in ["\u{202E}", "\u{200B}", "\u{2066}", "\u{0007}"] {
                let bad = good.replacingOccurrences(of: "with care", with: "with\(mark) care")
                let reply = try await head.post("/policies", [("text", bad)], csrf: form.csrf)
                #expect(reply.status == .badRequest, "\(mark.unicodeScalars.first!.value)")
                #expect(reply.body.contains("Line 5 contains an invisible or reordering character"))
            }
            #expect(try await app.count("policy_versions") == versions)
            let reply = try await head.post("/policies", [("text", good)], csrf: form.csrf)
            #expect(reply.status == .seeOther)
            #expect(try await app.count("policy_versions") == versions + 1)
        }
    }

    @Test("An address of 2,048 characters is served; one of 2,049 or 5,000 answers 414, never 500")
    func longAddresses() async throws {
        try await withSteward { app, _ in
            let browser = Browser(app)
            let fits = "/login?next=/" + String(repeating: "a", count: 2_048 - "/login?next=/".count)
            #expect(try await browser.get(fits).status == .ok)
            for length in [2_049, 5_000] {
                let path = "/" + String(repeating: "a", count: length - 1)
                let reply = try await browser.get(path)
                #expect(reply.status == .uriTooLong, "\(length)")
                #expect(reply.body.contains("This address is too long"))
            }
        }
    }

    @Test(
        "An address whose query has a %-escape that is not UTF-8 text answers 400 with a plain message, on every route",
        arguments: ["%FF", "%80", "%C0%AF", "%ED%A0%80", "%E2%82", "%F4%90%80%80", "%A9", "%00%FF"])
    func unreadableQueries(escape: String) async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let anyone = Browser(app)
            let token = try await app.apiToken(for: demo.account("st-cleopas", "headteacher").email)
            // As a value and as a name; on a page with filters, a search, a sign-in link, the API and the health check.
            for query in ["actor=\(escape)", "\(escape)=1", "action=sign_in&actor=a\(escape)b"] {
                let audit = try await head.get("/audit?\(query)")
                #expect(audit.status == .badRequest, "\(query)")
                #expect(audit.body.contains("Part of this address could not be read"), "\(query)")
                #expect(!audit.body.contains("<td data-label=\"What\">"), "\(query)")
                #expect(try await head.get("/people?q=\(escape)").status == .badRequest)
                #expect(try await anyone.get("/login?next=/\(escape)").status == .badRequest)
                #expect(try await anyone.get("/healthz?\(query)").status == .badRequest)
                let api = try await anyone.get("/api/v1/me?\(query)", headers: ["Authorization": "Bearer \(token)"])
                #expect(api.status == .badRequest)
                #expect(api.body.contains("\"status\":400") && api.body.contains("could not be read"))
            }
        }
    }

    @Test("Escapes in a query read as what they stand for; a % that starts no escape is a percent sign, as typed")
    func readableQueries() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let typed = [
                "actor=%2B": "+", "actor=100%25": "100%", "actor=Zo%C3%AB": "Zoë", "actor=a+b": "a b", "actor=%41": "A",
                "actor=": "", "actor": "", "actor=100%": "100%", "actor=%zz": "%zz", "actor=%4": "%4",
                "actor=%%41": "%%41", "actor=%F0%9F%99%82": "🙂",
            ]
            for (query, value) in typed {
                let reply = try await head.get("/audit?\(query)")
                #expect(reply.status == .ok, "\(query)")
                #expect(reply.body.contains(#"name="actor" type="text" value="\#(value)""#), "\(query)")
            }
            let filled = try await head.get("/audit?actor=100%25+Zo%C3%AB%2B")
            #expect(filled.body.contains(#"value="100% Zoë+""#))
            #expect(try await head.get("/people?q=Helen%20Ash").body.contains("Helen Ashworth"))
            #expect(try await Browser(app).get("/healthz?x=%41").status == .ok)
        }
    }

    @Test("Listing people through the API is audited, like the spreadsheet download")
    func peopleListAudited() async throws {
        try await withSteward { app, demo in
            let token = try await app.apiToken(for: demo.account("st-cleopas", "headteacher").email)
            let before = try await app.count("audit_entries", where: "action", "people.listed")
            let reply = try await Browser(app).get("/api/v1/people", headers: ["Authorization": "Bearer \(token)"])
            #expect(reply.status == .ok)
            #expect(try await app.count("audit_entries", where: "action", "people.listed") == before + 1)
        }
    }

    @Test(
        "A case entry of 10,000 accented characters is taken; 10,001 is refused by the field's own rule, not the body's"
    )
    func longEntriesInAnyScript() async throws {
        try await withSteward { app, demo in
            let id = try await app.reportPlainConcern(demo)
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let page = try await head.get("/concerns/\(id)")
            let entries = try await app.count("case_entries")
            let full = try await head.post(
                "/concerns/\(id)/entries", [("action", "hr_advice"), ("text", String(repeating: "é", count: 10_000))],
                csrf: page.csrf)
            #expect(full.status == .seeOther)
            #expect(try await app.count("case_entries") == entries + 1)
            let over = try await head.post(
                "/concerns/\(id)/entries", [("action", "hr_advice"), ("text", String(repeating: "é", count: 10_001))],
                csrf: page.csrf)
            #expect(over.status == .badRequest)
            #expect(over.body.contains(#"<p class="field-error" id="text-error">"#))
            // What was typed comes back in its box, with the choice made: nothing typed is lost.
            #expect(over.body.contains(String(repeating: "é", count: 10_001) + "</textarea>"))
            #expect(over.body.contains(#"<option value="hr_advice" selected>"#))
            #expect(try await app.count("case_entries") == entries + 1)
            let reason = try await head.post(
                "/concerns/\(id)/state", [("to", "triage"), ("reason", String(repeating: "ü", count: 4_000))],
                csrf: page.csrf)
            #expect(reason.status == .seeOther)
        }
    }

    @Test("A field sent in the wrong shape gets a plain message, never the decoder's words for Swift types")
    func malformedShapes() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let people = try await app.count("people")
            let form = try await head.get("/people/new")
            let page = try await head.request(
                .POST, "/people", body: "_csrf=\(form.csrf ?? "")&forename[]=a&forename[]=b&surname=Jones")
            #expect(page.status == .badRequest)
            for word in ["expected type", "Swift.", "Dictionary<", "codingPath", "at path"] {
                #expect(!page.body.contains(word), "\(word)")
            }
            #expect(try await app.count("people") == people)
            let token = try await app.apiToken(for: demo.account("st-cleopas", "teacher").email)
            for body in ["[1,2]", #"{"category":["other"],"whatHappened":"x"}"#, "\"text\""] {
                let reply = try await Browser(app).request(
                    .POST, "/api/v1/concerns", headers: ["Authorization": "Bearer \(token)"], body: body,
                    contentType: "application/json")
                #expect(reply.status == .badRequest || reply.status == .unprocessableEntity, "\(body)")
                for word in ["expected type", "Swift.", "Dictionary<", "codingPath", "at path"] {
                    #expect(!reply.body.contains(word), "\(body): \(word)")
                }
            }
            #expect(try await app.count("cases") == 0)
        }
    }
}
