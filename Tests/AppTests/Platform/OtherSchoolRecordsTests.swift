// Every route that names a record answers 404 when the record is another trust's, for every role (issue 12, item 3):
// the parameters are filled with real ids of Northfield's records, not random ones.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Records of another trust's school")
struct OtherSchoolRecordsTests {
    /// Real records of Northfield, a school in another trust, one for each kind of route parameter.
    static func northfieldRecords(_ app: Application, _ demo: Demo) async throws -> [String: String] {
        let schoolID = try await app.schoolID("northfield")
        let teacherEmail = demo.account("northfield", "teacher").email
        let teacher = try #require(try await Person.query(on: app.db).filter(\.$email == teacherEmail).first())
        let teacherID = try teacher.requireID()
        // A policy with a published version and a draft.
        let policyBytes = Array("# Northfield Acceptable Use\n\n## 1. Scope\n\n- 1.1 Staff take care.\n".utf8)
        let (policy, version) = try await AuditLog.write(on: app.db, context: .command("test", app)) { db, audit in
            try await PolicyLibrary.importDraft(
                policyBytes, schoolID: schoolID, policyID: nil, createdBy: teacherID, on: db, audit: audit)
        }
        // A case with evidence, reported through the form by Northfield's teacher.
        let browser = try await Browser.signedIn(app, as: teacherEmail)
        let form = try await browser.get("/concerns/new")
        _ = try await browser.postMultipart(
            "/concerns", csrf: form.csrf,
            fields: [("category", "other"), ("what_happened", "x"), ("platform", "Email"), ("involved", "unknown")],
            files: [("evidence[]", "shot.png", ConcernTests.png)])
        let item = try #require(try await Case.query(on: app.db).filter(\.$schoolID == schoolID).first())
        let evidence = try #require(
            try await CaseEvidence.query(on: app.db).filter(\.$caseID == item.requireID()).field(\.$id).first())
        let message = try await Outbox.enqueue(
            on: app.db, schoolID: schoolID, kind: "test", to: teacherEmail, subject: "Hello", body: "Hello")
        let pending = PendingImport(
            schoolID: schoolID, personID: teacherID, kind: "people", content: Data("Email\n".utf8), fullImport: false,
            createdAt: Date())
        try await pending.create(on: app.db)
        let (_, token) = try await APITokens.create(
            for: teacher, name: "theirs", on: app.db, context: .command("test", app))
        // An official account with an open handover, and a draft with a photo.
        let account = OfficialAccount(
            schoolID: schoolID, platform: .facebook, handle: "@northfield", address: "https://example.org/nf",
            purpose: "News")
        try await account.create(on: app.db)
        let handover = AccountHandover(
            schoolID: schoolID, accountID: try account.requireID(), personID: teacherID, reason: "left the school")
        try await handover.create(on: app.db)
        let draft = Draft(schoolID: schoolID, authorID: teacherID, text: "Sports day", intendedOn: nil, digest: "")
        try await draft.create(on: app.db)
        let image = DraftImage()
        image.schoolID = schoolID
        image.draftID = try draft.requireID()
        image.position = 0
        image.filename = "shot.png"
        image.format = "png"
        image.width = 1
        image.height = 1
        image.size = ConcernTests.png.count
        image.sha256 = "0"
        image.data = Data(ConcernTests.png)
        image.removed = ""
        image.pupilsStated = false
        image.pupilIDList = ""
        image.uploadedAt = Date()
        try await image.create(on: app.db)
        // A declaration by Northfield's teacher, about a contractor.
        let declaration = Declaration()
        declaration.schoolID = schoolID
        declaration.declarerID = teacherID
        declaration.partyKind = .contractor
        declaration.partyPupilLabel = ""
        declaration.partyName = "A. Builder"
        declaration.nature = .family
        declaration.detail = ""
        declaration.since = "2019"
        declaration.platforms = ""
        declaration.reviewerKind = "headteacher"
        declaration.passedToSafeguarding = false
        declaration.createdAt = Date()
        declaration.updatedAt = Date()
        try await declaration.create(on: app.db)
        // A privacy check of Northfield's teacher that asked for help, with its open request.
        let check = SelfCheck(
            schoolID: schoolID, personID: teacherID, round: 20_000, termName: "Autumn", platforms: ["facebook"],
            answers: [SelfCheckAnswer(platform: "facebook", item: .photos, answer: .help)], contacted: false, note: "")
        try await check.create(on: app.db)
        let task = SelfCheckHelp(
            schoolID: schoolID, checkID: try check.requireID(), personID: teacherID, leadID: teacherID,
            items: check.answerList)
        try await task.create(on: app.db)
        // A published report for governors.
        let report = GovernorsReport(
            schoolID: schoolID, title: "Autumn", from: Display.today, to: Display.today, preparedBy: teacher)
        report.state = .published
        try await report.create(on: app.db)
        // A legal hold on Northfield's teacher.
        let hold = LegalHold(
            schoolID: schoolID, caseID: nil, personID: teacherID, reason: "A claim.", placedBy: teacherID)
        try await hold.create(on: app.db)
        // A subject access request from Northfield's teacher.
        let request = RecordsRequest(
            schoolID: schoolID, personID: teacherID, kind: .access, receivedOn: Display.today, details: "",
            recordedBy: teacherID)
        try await request.create(on: app.db)
        return [
            "requestID": try request.requireID().uuidString,
            "holdID": try hold.requireID().uuidString,
            "reportID": try report.requireID().uuidString, "tableKey": "concerns-kinds",
            "declarationID": try declaration.requireID().uuidString,
            "checkID": try check.requireID().uuidString, "taskID": try task.requireID().uuidString,
            "accountID": try account.requireID().uuidString, "handoverID": try handover.requireID().uuidString,
            "draftID": try draft.requireID().uuidString, "imageID": try image.requireID().uuidString,
            "personID": teacherID.uuidString, "policyID": try policy.requireID().uuidString,
            "versionID": try version.requireID().uuidString, "caseID": try item.requireID().uuidString,
            "evidenceID": try evidence.requireID().uuidString, "messageID": try message.requireID().uuidString,
            "importID": try pending.requireID().uuidString, "tokenID": try token.requireID().uuidString,
        ]
    }

    @Test("Every route naming a record answers 404 to every St Cleopas role when the record is Northfield's")
    func everyRouteEveryRole() async throws {
        try await withSteward { app, demo in
            let ids = try await Self.northfieldRecords(app, demo)
            let routes = app.routes.all.filter { route in
                route.path.contains { if case .parameter = $0 { true } else { false } }
                    && route.stewardAction != .readPublicPolicy
                    // Each school's "Sign in with …" button is on the sign-in page for anyone: it names no record.
                    && route.stewardAction != .signIn
            }
            #expect(routes.count >= 30)
            var checked = 0
            for account in demo.accounts.accounts where account.school == "st-cleopas" {
                let browser = try await Browser.signedIn(app, as: account.email)
                let token = try await app.apiToken(for: account.email, scopes: [.basic, .cases])
                let csrf = try await browser.get("/account").csrf ?? ""
                for route in routes {
                    let path = route.filled(ids)
                    let missing = route.unfilled(ids)
                    #expect(missing.isEmpty, "\(route.description) has no Northfield record for \(missing)")
                    var headers = HTTPHeaders()
                    if path.hasPrefix("/api/") { headers.bearerAuthorization = .init(token: token) }
                    let reply =
                        route.method == .GET
                        ? try await browser.get(path, headers: headers)
                        : try await browser.request(
                            route.method, path, headers: headers, body: Browser.form([("_csrf", csrf)]))
                    #expect(
                        reply.status == .notFound, "\(account.email) \(route.method) \(path) → \(reply.status.code)")
                    checked += 1
                }
            }
            #expect(checked >= 300)
            // Nothing of Northfield's changed.
            let message = try #require(
                try await OutboxMessage.find(UUID(uuidString: ids["messageID"] ?? ""), on: app.db))
            #expect(message.status == .queued)
            #expect(try await PendingImport.find(UUID(uuidString: ids["importID"] ?? ""), on: app.db) != nil)
            let token = try #require(try await APIToken.find(UUID(uuidString: ids["tokenID"] ?? ""), on: app.db))
            #expect(token.revokedAt == nil)
            let task = try #require(try await SelfCheckHelp.find(UUID(uuidString: ids["taskID"] ?? ""), on: app.db))
            #expect(task.closedAt == nil)
        }
    }
}
