// Importing a policy as schools keep it, a Word document or a PDF, through the page and the API: the same reader as
// the command line, with its notes shown before anything is published, and bad files refused with nothing written.

import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Importing Word documents and PDFs through the page and the API")
struct PolicyDocumentImportTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("tests/policies")

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try #require(FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)))
    }

    @Test("A Word document and a PDF uploaded on the page become drafts with their clauses and how they were read")
    func page() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let form = try await head.get("/policies/new")
            #expect(form.body.contains(".docx,.pdf"))
            for (file, note) in [
                ("trust-capitals.docx", "Read from a Word document"), ("trust-capitals.pdf", "Read from a PDF"),
            ] {
                let before = try await app.count("policy_versions")
                let reply = try await head.postMultipart(
                    "/policies", csrf: form.csrf,
                    fields: [("policy", ""), ("replace", "yes")], files: [("file", file, try Self.fixture(file))])
                #expect(reply.status == .seeOther, "\(file)")
                let draft = try await head.get(try #require(reply.location, "\(file)"))
                #expect(draft.body.contains("Social Media Policy"), "\(file)")
                #expect(draft.body.contains("7 clauses were found"), "\(file)")
                #expect(draft.body.contains(note), "\(file)")
                #expect(draft.body.contains("Staff must:"), "\(file)")
                // One draft for the one policy: the second import replaced the first, as the box said.
                #expect(try await app.count("policy_versions") == before + (file.hasSuffix("docx") ? 1 : 0))
            }
        }
    }

    @Test("St Cleopas's own policy as Word or PDF is word for word the version already published")
    func sameWords() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let form = try await head.get("/policies/new")
            for file in ["st-cleopas.docx", "st-cleopas.pdf"] {
                let reply = try await head.postMultipart(
                    "/policies", csrf: form.csrf, fields: [("policy", "")],
                    files: [("file", file, try Self.fixture(file))])
                #expect(reply.status == .badRequest, "\(file)")
                #expect(reply.body.contains("word for word the current version"), "\(file)")
            }
        }
    }

    @Test("A damaged Word file, a PDF that is not one and an empty zip are refused with a reason; nothing is written")
    func badDocuments() async throws {
        try await withSteward { app, demo in
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let form = try await head.get("/policies/new")
            let versions = try await app.count("policy_versions")
            let audit = try await app.count("audit_entries")
            let word = try Self.fixture("trust-capitals.docx")
            for (name, bytes, message) in [
                ("cut.docx", Array(word.prefix(word.count / 2)), "This Word file cannot be opened"),
                ("junk.docx", [0x50, 0x4B, 0x03, 0x04] + Array(repeating: UInt8(7), count: 200), "cannot be opened"),
                ("junk.pdf", Array("%PDF-1.4\nnot really a pdf\n".utf8), "This PDF cannot be read"),
            ] {
                let reply = try await head.postMultipart(
                    "/policies", csrf: form.csrf, fields: [("policy", "")], files: [("file", name, bytes)])
                #expect(reply.status == .badRequest, "\(name)")
                #expect(reply.body.contains(message), "\(name)")
                #expect(!reply.body.contains("Fatal") && !reply.body.contains("ZIPFoundation"), "\(name)")
            }
            // A reordering character hidden in a Word paragraph: named by the paragraph's first words, as a Word
            // document has no line numbers a person could find.
            let hidden = try Self.fixture("hostile/reordering-character.docx")
            let reply = try await head.postMultipart(
                "/policies", csrf: form.csrf, fields: [("policy", "")],
                files: [("file", "reordering-character.docx", hidden)])
            #expect(reply.status == .badRequest)
            #expect(reply.body.contains("The paragraph beginning &quot;1.2 The Trust expects staff to keep a"))
            #expect(reply.body.contains("invisible or reordering character"))
            #expect(try await app.count("policy_versions") == versions)
            #expect(try await app.count("audit_entries") == audit)
        }
    }

    @Test("The API takes a Word document or a PDF as the body; a teacher's token is refused")
    func api() async throws {
        try await withSteward { app, demo in
            let token = try await app.apiToken(for: demo.account("st-cleopas", "headteacher").email)
            for (file, type) in [
                ("council-101.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                ("unnumbered.pdf", "application/pdf"),
            ] {
                let reply = try await Browser(app).request(
                    .POST, "/api/v1/policies", headers: ["Authorization": "Bearer \(token)"],
                    bytes: try Self.fixture(file), contentType: type)
                #expect(reply.status == .created, "\(file): \(reply.body.prefix(300))")
                #expect(reply.body.contains("\"status\":\"draft\""), "\(file)")
            }
            let teacher = try await app.apiToken(for: demo.account("st-cleopas", "teacher").email)
            let refused = try await Browser(app).request(
                .POST, "/api/v1/policies", headers: ["Authorization": "Bearer \(teacher)"],
                bytes: try Self.fixture("council-101.docx"), contentType: "application/pdf")
            #expect(refused.status == .forbidden)
        }
    }
}
