// Approved posts go to the school's webhook as signed JSON through the jobs table, retried until taken, each answer
// recorded (issue 13, item 7): tested against a real HTTP receiver listening on loopback.

import Fluent
import Foundation
import NIOConcurrencyHelpers
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Sending approved posts to a webhook")
struct PostWebhookTests {
    /// A real HTTP server on 127.0.0.1 that keeps what it was sent and answers with the status it is told to.
    final class Receiver: Sendable {
        let app: Application
        let received = NIOLockedValueBox<[(headers: HTTPHeaders, body: [UInt8])]>([])
        let answer = NIOLockedValueBox<HTTPStatus>(.internalServerError)
        let port: Int

        init() async throws {
            app = try await Application.make(.testing)
            app.http.server.configuration.hostname = "127.0.0.1"
            app.http.server.configuration.port = 0
            app.routes.defaultMaxBodySize = "10mb"
            let received = self.received
            let answer = self.answer
            app.post("hook") { req -> Response in
                let body = req.body.data.map { Array($0.readableBytesView) } ?? []
                received.withLockedValue { $0.append((req.headers, body)) }
                return Response(status: answer.withLockedValue { $0 }, body: .init(string: "thanks"))
            }
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            port = app.http.server.shared.localAddress?.port ?? 0
        }

        func stop() async throws {
            await app.server.shutdown()
            try await app.asyncShutdown()
        }
    }

    @Test("An approval is sent signed, a refusal is kept and retried, and a voided approval is never sent")
    func deliversSignedAndRetries() async throws {
        let receiver = try await Receiver()
        do {
            try await withSteward { app, demo in
                app.steward.config.allowLocalWebhooks = true
                let schoolID = try await app.schoolID("st-cleopas")
                let head = try await Browser.signedIn(app, as: demo.account("st-cleopas", "headteacher").email)
                let address = "http://127.0.0.1:\(receiver.port)/hook"
                let saved = try await head.post(
                    "/screening/webhook", [("webhook_url", address)], csrfFrom: "/screening")
                #expect(saved.status == .seeOther)
                let settings = try await SchoolScreening.settings(for: schoolID, on: app.db)
                let sealed = try #require(settings.webhookSecret)
                let secret = try Secrets.open(sealed, key: app.steward.secretKey, purpose: "webhook")
                // The secret is shown to the headteacher, who gives it to the automation.
                #expect(try await head.get("/screening").body.contains(String(decoding: secret, as: UTF8.self)))

                // The administrator approves the demo's sports-day draft, which carries a photo.
                let draft = try #require(
                    try await Draft.query(on: app.db).inSchool(schoolID).filter(\.$state == .awaitingApproval).first())
                let draftID = try draft.requireID()
                let admin = try await Browser.signedIn(app, as: demo.account("st-cleopas", "socialmedia").email)
                let page = try await admin.get("/posts/\(draftID)")
                let digest = try #require(Reply.firstMatch(#"name="digest" value="([0-9a-f]+)""#, in: page.body))
                let approved = try await admin.post(
                    "/posts/\(draftID)/approve", [("digest", digest), ("acknowledge", "yes")], csrf: page.csrf)
                #expect(approved.status == .seeOther)

                // First the receiver refuses: the answer is recorded and the job waits to try again.
                receiver.answer.withLockedValue { $0 = .serviceUnavailable }
                _ = try await JobRunner(app: app).runDue()
                #expect(receiver.received.withLockedValue { $0.count } == 1)
                let first = try await PostDelivery.query(on: app.db).filter(\.$draftID == draftID).all()
                #expect(first.map(\.statusCode) == [503])
                #expect(first.first?.answer == "thanks")
                let waiting = try #require(try await Job.query(on: app.db).filter(\.$kind == PostWebhook.kind).first())
                #expect(waiting.status == .queued && waiting.dueAt > Date())

                // Then it takes it.
                receiver.answer.withLockedValue { $0 = .ok }
                waiting.dueAt = Date().addingTimeInterval(-1)
                try await waiting.update(on: app.db)
                _ = try await JobRunner(app: app).runDue()
                let deliveries = try await PostDelivery.query(on: app.db).filter(\.$draftID == draftID)
                    .sort(\.$attemptedAt).all()
                #expect(deliveries.map(\.statusCode) == [503, 200])
                #expect(try await Job.query(on: app.db).filter(\.$kind == PostWebhook.kind).first()?.status == .done)
                let sent = receiver.received.withLockedValue { $0 }
                #expect(sent.count == 2)
                let last = try #require(sent.last)
                let header = try #require(last.headers.first(name: "Steward-Signature"))
                let now = Int(Date().timeIntervalSince1970)
                #expect(WebhookSignature.verify(header: header, body: last.body, secret: secret, now: now))
                #expect(!WebhookSignature.verify(header: header, body: last.body + [0x20], secret: secret, now: now))
                #expect(!WebhookSignature.verify(header: header, body: last.body, secret: secret + [1], now: now))
                struct Payload: Decodable {
                    struct Photo: Decodable {
                        var sha256: String
                        var base64: String
                    }
                    var event: String
                    var text: String
                    var digest: String
                    var photos: [Photo]
                    var link: String
                }
                let payload = try JSONDecoder().decode(Payload.self, from: Data(last.body))
                #expect(payload.event == "post.approved")
                #expect(payload.text == draft.text)
                #expect(payload.digest == digest)
                #expect(payload.link.hasSuffix("/posts/\(draftID.uuidString)"))
                let photo = try #require(payload.photos.first)
                let bytes = try #require(Data(base64Encoded: photo.base64))
                #expect(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() == photo.sha256)
                // The photo sent is the stripped one: no GPS position left in it.
                #expect(try ImageMetadata.inspect(Array(bytes)).hasGPS == false)
                // The draft page says what the automation answered; the audit log has both attempts.
                let shown = try await admin.get("/posts/\(draftID)")
                #expect(shown.body.contains("taken (200)"))
                let actions = try await app.auditActions()
                #expect(actions.contains("draft.webhook_failed") && actions.contains("draft.webhook_delivered"))

                // An approval voided by an edit before its job runs is never sent.
                let other = try #require(
                    try await Draft.query(on: app.db).inSchool(schoolID).filter(\.$state == .approved)
                        .filter(\.$id != draftID).first())
                let review = try #require(
                    try await DraftReview.query(on: app.db).filter(\.$draftID == (try other.requireID())).first())
                try await PostWebhook.queue(reviewID: try review.requireID(), schoolID: schoolID, on: app.db)
                review.voidedAt = Date()
                try await review.update(on: app.db)
                _ = try await JobRunner(app: app).runDue()
                #expect(receiver.received.withLockedValue { $0.count } == 2)
            }
        } catch {
            try await receiver.stop()
            throw error
        }
        try await receiver.stop()
    }

    @Test("A webhook must be a public https address unless this instance allows local ones")
    func addressRules() {
        for bad in [
            "http://example.org/hook", "https://localhost/hook", "https://127.0.0.1/hook", "https://10.0.0.4/x",
            "https://192.168.1.1/x", "https://169.254.169.254/latest", "https://[::1]/x", "https://172.16.0.1/x",
            "https://2130706433/x", "https://0x7f.1/x", "https://intranet/x", "https://printer.local/x",
            "ftp://example.org/x", "https://user:pw@example.org/x",
            // IPv6 spellings of loopback and the cloud metadata address (a tester's bypass of the first check).
            "https://[0:0:0:0:0:ffff:7f00:1]:9443/", "https://[0::1]:9443/", "https://[0:0:0:0:0:ffff:a9fe:a9fe]/",
            "https://[::ffff:127.0.0.1]/", "https://[fd00::1]/", "https://[fe80::1]/", "https://[64:ff9b::a00:1]/",
            "https://[2002:c0a8:0101::1]/", "https://127.1/", "https://[::]/", "https://0.0.0.0/",
            "https://100.64.0.1/", "https://192.0.2.10/",
        ] {
            guard case .failure = WebhookTarget.check(bad, allowLocal: false) else {
                Issue.record("\(bad) was accepted")
                continue
            }
        }
        for good in [
            "https://example.org/hook", "https://prod-12.westeurope.logic.azure.com/workflows/x", "",
            "https://[2a00:1450:4009:81f::200e]/hook", "https://8.8.8.8/hook",
        ] {
            guard case .success = WebhookTarget.check(good, allowLocal: false) else {
                Issue.record("\(good) was refused")
                continue
            }
        }
        guard case .success = WebhookTarget.check("http://127.0.0.1:9/hook", allowLocal: true) else {
            Issue.record("a local address is refused even where allowed")
            return
        }
    }
}
