// Sending an approved post to the school's webhook (Power Automate, Zapier, Make and the like): a signed JSON
// payload through the jobs table, retried until the receiver takes it, each answer recorded.

import Fluent
import Foundation
import NIOCore
import NIOHTTP1
import StewardCore
import Vapor

enum PostWebhook {
    static let kind = "posts.webhook"
    /// The header carrying `t=<unix time>,v1=<HMAC-SHA256 of "<t>." + body>`.
    static let signatureHeader = "Steward-Signature"

    struct JobPayload: Codable { var reviewID: UUID }

    /// What the receiver gets: the approved post exactly as approved, with its photos, and who approved it.
    struct Payload: Codable {
        struct Account: Codable {
            var platform: String
            var handle: String
            var address: String
        }
        struct Photo: Codable {
            var filename: String
            var format: String
            var sha256: String
            var base64: String
        }
        var event = "post.approved"
        var school: String
        var draftID: UUID
        var link: String
        var text: String
        var accounts: [Account]
        var photos: [Photo]
        var digest: String
        var approvedAt: Date
        var expiresAt: Date?
        var intendedOn: String?
    }

    /// Queues the delivery of an approval, in the approval's write, when the school has a webhook.
    static func queue(reviewID: UUID, schoolID: UUID, on db: any Database) async throws {
        let settings = try await SchoolScreening.settings(for: schoolID, on: db)
        guard let address = settings.webhookURL, !address.isEmpty else { return }
        let payload = String(decoding: try JSONEncoder().encode(JobPayload(reviewID: reviewID)), as: UTF8.self)
        try await Jobs.enqueue(on: db, kind: kind, schoolID: schoolID, payload: payload, maxAttempts: 8)
    }

    /// Delivers one approval; throws (so the job is retried later) unless the receiver answered 2xx. An approval
    /// voided or expired since it was queued is not sent.
    static let deliver: JobHandler = { job, app in
        guard let schoolID = job.$school.id,
            let payload = try? JSONDecoder().decode(JobPayload.self, from: Data(job.payload.utf8))
        else { return }
        let db = app.db
        guard
            let review = try await DraftReview.query(on: db).inSchool(schoolID).filter(\.$id == payload.reviewID)
                .first(), review.voidedAt == nil,
            let draft = try await Draft.query(on: db).inSchool(schoolID).filter(\.$id == review.draftID).first(),
            draft.digest == review.digest,
            let school = try await School.find(schoolID, on: db)
        else { return }
        let settings = try await SchoolScreening.settings(for: schoolID, on: db)
        guard let address = settings.webhookURL, !address.isEmpty, let sealed = settings.webhookSecret else { return }
        let config = app.steward.config
        // The address was checked when saved; checked again now, in case the rules of this instance are stricter.
        guard case .success = WebhookTarget.check(address, allowLocal: config.allowLocalWebhooks) else {
            try await record(review, draft, address, status: nil, answer: "refused: not a public https address", app)
            return
        }
        // A name that resolves to this machine or a private network now is refused, whatever it resolved to before.
        if !config.allowLocalWebhooks, let host = URLComponents(string: address)?.host {
            let resolved = try await app.threadPool.runIfActive { WebhookTarget.resolve(host) }
            if resolved.isEmpty || resolved.contains(where: WebhookTarget.isLocal(address:)) {
                try await record(
                    review, draft, address, status: nil,
                    answer: resolved.isEmpty
                        ? "refused: the address does not resolve" : "refused: it resolves to a private address",
                    app)
                throw Abort(.badGateway, reason: "The webhook's address is not a public one.")
            }
        }
        let secret = try Secrets.open(sealed, key: config.secretKey, purpose: "webhook")
        let draftID = try draft.requireID()
        let links = try await DraftAccount.query(on: db).filter(\.$draftID == draftID).all()
        let accounts = try await OfficialAccount.query(on: db).inSchool(schoolID)
            .filter(\.$id ~~ Set(links.map(\.accountID))).all()
        let images = try await DraftImage.query(on: db).filter(\.$draftID == draftID).sort(\.$position).all()
        let body = Payload(
            school: school.slug, draftID: draftID, link: config.baseURL.address(of: PostPaths.show(draftID)),
            text: draft.text,
            accounts: accounts.map { .init(platform: $0.platform.rawValue, handle: $0.handle, address: $0.address) },
            photos: images.map {
                .init(
                    filename: $0.filename, format: $0.format, sha256: $0.sha256, base64: $0.data.base64EncodedString())
            }, digest: draft.digest, approvedAt: review.createdAt, expiresAt: review.expiresAt,
            intendedOn: draft.intendedOn)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let bytes = Array(try encoder.encode(body))
        let signature = WebhookSignature.header(
            body: bytes, secret: secret, timestamp: Int(Date().timeIntervalSince1970))
        // Redirects are not followed: a receiver must not be able to send the post somewhere else.
        let client = HTTPClient(
            eventLoopGroupProvider: .shared(app.eventLoopGroup),
            configuration: .init(
                redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(20))))
        var status: Int?
        var answer = ""
        do {
            var request = try HTTPClient.Request(url: address, method: .POST)
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: signatureHeader, value: signature)
            request.headers.add(name: "User-Agent", value: "Steward")
            request.body = .bytes(bytes)
            let response = try await client.execute(request: request).get()
            status = Int(response.status.code)
            if var buffer = response.body {
                answer = buffer.readString(length: min(buffer.readableBytes, 500)) ?? ""
            }
        } catch {
            answer = "could not be reached: \(String(describing: error).prefix(300))"
        }
        try? await client.shutdown().get()
        try await record(review, draft, address, status: status, answer: answer, app)
        guard let status, (200..<300).contains(status) else {
            throw Abort(.badGateway, reason: "The webhook answered \(status.map(String.init) ?? "nothing"): \(answer)")
        }
    }

    /// Keeps the attempt and its answer, and audits it.
    private static func record(
        _ review: DraftReview, _ draft: Draft, _ address: String, status: Int?, answer: String, _ app: Application
    ) async throws {
        let delivery = PostDelivery(
            schoolID: draft.schoolID, draftID: try draft.requireID(), reviewID: try review.requireID(),
            address: address, statusCode: status, answer: String(answer.prefix(500)))
        try await AuditLog.write(on: app.db, context: .system("webhook", app)) { db, audit in
            try await delivery.create(on: db)
            try await audit.append(
                delivery.succeeded ? "draft.webhook_delivered" : "draft.webhook_failed",
                target: "draft:\(delivery.draftID.uuidString)", schoolID: delivery.schoolID,
                details: ["status": status.map(String.init) ?? "none", "address": address])
        }
    }
}
