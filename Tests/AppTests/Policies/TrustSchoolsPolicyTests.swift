// A trust administrator working in another school of the trust: the policy list is that school's, the home page's
// links to their own school's policies still open, and they cannot acknowledge another school's policy.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Policies across a trust's schools")
struct TrustSchoolsPolicyTests {
    @Test(
        "Working in Holy Trinity: its policies are listed, one's own school's links open, its policy is not one's own")
    func workingInAnotherSchool() async throws {
        try await withSteward { app, demo in
            let holyTrinity = try await app.schoolID("holy-trinity")
            let headID = try await app.personID(demo.account("holy-trinity", "headteacher").email)
            let bytes = Array("# Holy Trinity Acceptable Use\n\n## 1. Scope\n\n- 1.1 Staff take care online.\n".utf8)
            let (policy, _) = try await AuditLog.write(on: app.db, context: .command("test", app)) { db, audit in
                let (policy, version) = try await PolicyLibrary.importDraft(
                    bytes, schoolID: holyTrinity, policyID: nil, createdBy: headID, on: db, audit: audit)
                try await PolicyLibrary.publish(
                    version, material: true, reason: nil, deadlineDays: 14, audience: Set(PersonKind.allCases),
                    by: headID, on: db, audit: audit)
                return (policy, version)
            }
            let admin = try await Browser.signedIn(app, as: demo.trustAdmin.email)
            let home = try await admin.get("/")
            #expect(
                try await admin.post("/school", [("school", holyTrinity.uuidString)], csrf: home.csrf).status
                    == .seeOther)
            let list = try await admin.get("/policies")
            #expect(list.body.contains("Holy Trinity Acceptable Use"))
            #expect(!list.body.contains("Use of Social Media Policy"))
            // Every policy link on the home page and the list opens.
            let page = try await admin.get("/")
            let links = Set(
                Reply.allMatches(#"href="(/policies/[0-9A-Fa-f-]{36})""#, in: page.body + list.body))
            #expect(!links.isEmpty)
            for link in links { #expect(try await admin.get(link).status == .ok, "\(link)") }
            // Holy Trinity's policy asks nothing of a trust administrator whose school is St Cleopas.
            let theirs = try await admin.get("/policies/\(try policy.requireID())")
            #expect(theirs.status == .ok)
            #expect(!theirs.body.contains("I have read and understood this policy"))
            let acknowledgements = try await app.count("policy_acknowledgements")
            let version = try #require(try await Policy.find(policy.id, on: app.db)?.currentVersionID)
            let refused = try await admin.post(
                "/policies/\(try policy.requireID())/acknowledge",
                [("version", version.uuidString), ("confirm", "yes")],
                csrf: theirs.csrf)
            #expect(refused.status == .conflict)
            #expect(try await app.count("policy_acknowledgements") == acknowledgements)
        }
    }
}
