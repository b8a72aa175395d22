// A policy version's text is rendered once and kept (PolicyDocumentCache): each version still shows its own words,
// escaped, on the signed-in page and the public one, and only the most recently read versions are kept.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Policy pages: each version's text rendered once")
struct PolicyDocumentCacheTests {
    /// The policy's text on a page: from its contents to the end of its last section (before any form to confirm).
    static func document(_ body: String) -> String {
        guard let start = body.range(of: #"<nav class="contents""#) else { return "" }
        let rest = body[start.lowerBound...]
        let end = rest.range(of: #"<section class="acknowledge""#) ?? rest.range(of: "</main>")
        return String(rest[..<(end?.lowerBound ?? rest.endIndex)]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("A new version shows its own words at once, markup in them escaped; reading again gives the same text")
    func eachVersionItsOwnText() async throws {
        try await withSteward { app, demo in
            let policy = try await app.stCleopasPolicy()
            let id = try policy.requireID()
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let first = try await teacher.get("/policies/\(id)")
            #expect(first.status == .ok)
            #expect(Self.document(first.body).contains(#"id="clause-4-3""#))
            #expect(app.steward.policyDocuments.count == 1)
            let again = try await teacher.get("/policies/\(id)")
            #expect(Self.document(again.body) == Self.document(first.body))
            #expect(app.steward.policyDocuments.count == 1)

            // A new version of the same policy, with markup in a clause: its own words, escaped, straight away.
            let school = try await app.schoolID("st-cleopas")
            let headID = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            let bytes = Array(
                "# \(policy.title)\n\n## 1. Scope\n\n- 1.1 Staff <script>alert(1)</script> take care online.\n".utf8)
            try await AuditLog.write(on: app.db, context: .command("test", app)) { db, audit in
                let (_, version) = try await PolicyLibrary.importDraft(
                    bytes, schoolID: school, policyID: id, createdBy: headID, on: db, audit: audit)
                try await PolicyLibrary.publish(
                    version, material: true, reason: "Rewritten", deadlineDays: 14,
                    audience: Set(PersonKind.allCases), by: headID, on: db, audit: audit)
            }
            let second = Self.document(try await teacher.get("/policies/\(id)").body)
            #expect(second.contains("Staff &lt;script&gt;alert(1)&lt;/script&gt; take care online."))
            #expect(!second.contains("<script>"))
            #expect(!second.contains(#"id="clause-4-3""#))
            #expect(app.steward.policyDocuments.count == 2)

            // The public page shows the same text as the signed-in one.
            let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
            let page = try await head.get("/policies/\(id)")
            _ = try await head.post("/policies/\(id)/public", [("public", "yes")], csrf: page.csrf)
            let address = try #require(
                Reply.firstMatch(#"at <a href="[^"]*(/p/[^"]+)""#, in: try await head.get("/policies/\(id)").body))
            let anonymous = Browser(app)
            let shown = try await anonymous.get(address)
            #expect(shown.status == .ok)
            #expect(Self.document(shown.body) == second)
        }
    }

    @Test("Only the most recently read versions are kept, and a version read again counts as recent")
    func keepsTheMostRecent() async throws {
        try await withSteward { app, _ in
            let cache = PolicyDocumentCache(limit: 2)
            let school = try await app.schoolID("st-cleopas")
            var versions: [PolicyVersion] = []
            for n in 1...3 {
                let bytes = Array("# Policy \(n)\n\n## 1. Scope\n\n- 1.1 Rule number \(n).\n".utf8)
                let (_, version) = try await AuditLog.write(on: app.db, context: .command("test", app)) { db, audit in
                    try await PolicyLibrary.importDraft(
                        bytes, schoolID: school, policyID: nil, createdBy: nil, on: db, audit: audit)
                }
                versions.append(version)
            }
            let request = Request(application: app, on: app.eventLoopGroup.next())
            for (n, version) in versions.enumerated() {
                #expect(try await cache.html(of: version, req: request).contains("Rule number \(n + 1)."))
            }
            #expect(cache.count == 2)
            // The first was dropped and is rendered again, from its own row; reading the third keeps it recent.
            _ = try await cache.html(of: versions[2], req: request)
            #expect(try await cache.html(of: versions[0], req: request).contains("Rule number 1."))
            #expect(cache.count == 2)
            #expect(try await cache.html(of: versions[2], req: request).contains("Rule number 3."))
            #expect(cache.count == 2)
        }
    }
}
