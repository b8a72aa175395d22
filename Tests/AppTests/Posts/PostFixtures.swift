// What the post tests share: photos built byte by byte, the demo's accounts and pupils, and each step of a draft's
// life taken through the pages as a browser would.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

/// Photos made in the test, so each one's bytes are known exactly.
enum TestPhotos {
    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    static func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(UInt32(data.count)) + body + be32(crc32(body))
    }

    /// One pixel's row, zlib-wrapped in a stored block.
    static func pixelData(_ shade: UInt8) -> [UInt8] {
        let raw: [UInt8] = [0, shade, 255 &- shade, 128]
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in raw {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return [0x78, 0x01, 0x01, 0x04, 0x00, 0xFB, 0xFF] + raw + be32(b << 16 | a)
    }

    /// A PNG that claims `width` × `height` pixels, with one pixel of data; `comment` goes in a text chunk and
    /// `totalSize` pads that chunk so the whole file is exactly that many bytes.
    static func png(
        width: UInt32 = 1, height: UInt32 = 1, shade: UInt8 = 7, comment: String? = nil, totalSize: Int? = nil
    ) -> [UInt8] {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let header = chunk("IHDR", be32(width) + be32(height) + [8, 2, 0, 0, 0])
        let data = chunk("IDAT", pixelData(shade))
        let end = chunk("IEND", [])
        var text: [UInt8] = []
        if let comment { text = Array("Comment".utf8) + [0] + Array(comment.utf8) }
        if let totalSize {
            if text.isEmpty { text = Array("Comment".utf8) + [0] }
            let without = signature.count + header.count + data.count + end.count + 12 + text.count
            text += Array(repeating: 0x41, count: max(0, totalSize - without))
        }
        return signature + header + (text.isEmpty ? [] : chunk("tEXt", text)) + data + end
    }
}

/// A draft's life taken through the pages, and what the tests need to know about the demo school.
struct PostScene {
    let app: Application
    let demo: Demo
    let facebook: UUID
    let x: UUID
    let schoolID: UUID

    static func make(_ app: Application, _ demo: Demo) async throws -> PostScene {
        let schoolID = try await app.schoolID("st-cleopas")
        let accounts = try await OfficialAccount.query(on: app.db).filter(\.$schoolID == schoolID).all()
        let facebook = try #require(accounts.first { $0.platform == .facebook }?.id)
        let x = try #require(accounts.first { $0.platform == .x }?.id)
        return PostScene(app: app, demo: demo, facebook: facebook, x: x, schoolID: schoolID)
    }

    func browser(_ local: String) async throws -> Browser {
        try await Browser.signedIn(app, as: demo.account("st-cleopas", local).email)
    }

    func email(_ local: String) -> String { demo.account("st-cleopas", local).email }

    /// The form token of a signed-in browser (every page carries the sign-out form).
    static func token(_ browser: Browser) async throws -> String {
        try #require(try await browser.get("/").csrf)
    }

    /// Posts the draft form; answers the reply and the new draft's id when one was made.
    func create(
        _ browser: Browser, text: String, accounts: [UUID]? = nil, images: [(String, [UInt8])] = [],
        intendedOn: String = ""
    ) async throws -> (reply: Reply, id: UUID?) {
        let csrf = try await Self.token(browser)
        let fields =
            [("text", text), ("intended_on", intendedOn)]
            + (accounts ?? [facebook]).map { ("accounts[]", $0.uuidString) }
        let reply = try await browser.postMultipart(
            "/posts", csrf: csrf, fields: fields, files: images.map { ("images[]", $0.0, $0.1) })
        return (reply, Self.draftID(reply.location))
    }

    static func draftID(_ location: String?) -> UUID? {
        guard let location, let match = Reply.firstMatch(#"^/posts/([0-9A-Fa-f-]{36})"#, in: location) else {
            return nil
        }
        return UUID(uuidString: match)
    }

    func edit(
        _ browser: Browser, _ id: UUID, text: String, accounts: [UUID]? = nil, images: [(String, [UInt8])] = []
    ) async throws -> Reply {
        let csrf = try await Self.token(browser)
        return try await browser.postMultipart(
            "/posts/\(id)", csrf: csrf,
            fields: [("text", text), ("intended_on", "")]
                + (accounts ?? [facebook]).map { ("accounts[]", $0.uuidString) },
            files: images.map { ("images[]", $0.0, $0.1) })
    }

    func submit(_ browser: Browser, _ id: UUID) async throws -> Reply {
        try await browser.post("/posts/\(id)/submit", [], csrf: try await Self.token(browser))
    }

    func approve(
        _ browser: Browser, _ id: UUID, digest: String? = nil, reason: String = "", acknowledge: Bool = true
    ) async throws -> Reply {
        let current = try await self.digest(id)
        var fields = [("digest", digest ?? current), ("override_reason", reason)]
        if acknowledge { fields.append(("acknowledge", "yes")) }
        return try await browser.post("/posts/\(id)/approve", fields, csrf: try await Self.token(browser))
    }

    func sendBack(_ browser: Browser, _ id: UUID, comments: String = "Please say which class.") async throws -> Reply {
        try await browser.post("/posts/\(id)/return", [("comments", comments)], csrf: try await Self.token(browser))
    }

    func withdraw(_ browser: Browser, _ id: UUID) async throws -> Reply {
        try await browser.post("/posts/\(id)/withdraw", [], csrf: try await Self.token(browser))
    }

    func publish(
        _ browser: Browser, _ id: UUID, address: String = "https://www.facebook.com/StCleopasPrimary/posts/2002",
        digest: String? = nil
    ) async throws -> Reply {
        let current = try await self.digest(id)
        return try await browser.post(
            "/posts/\(id)/published", [("live_address", address), ("digest", digest ?? current)],
            csrf: try await Self.token(browser))
    }

    func draft(_ id: UUID) async throws -> Draft { try #require(try await Draft.find(id, on: app.db)) }
    func state(_ id: UUID) async throws -> DraftState { try await draft(id).state }
    func digest(_ id: UUID) async throws -> String { try await draft(id).digest }

    /// Moves the draft's approvals back so they ran out a minute ago.
    func backdateApproval(_ id: UUID) async throws {
        try await DraftReview.query(on: app.db).filter(\.$draftID == id)
            .set(\.$expiresAt, to: Date().addingTimeInterval(-60)).update()
    }

    func pupilID(_ surname: String, in slug: String = "st-cleopas") async throws -> UUID {
        let school = try await app.schoolID(slug)
        return try #require(
            try await RosterPupil.query(on: app.db).filter(\.$legalSurname == surname).all()
                .first { $0.$school.id == school }?.id)
    }

    /// The first photo of a draft.
    func imageID(_ id: UUID) async throws -> UUID {
        try #require(
            try await DraftImage.query(on: app.db).filter(\.$draftID == id).sort(\.$position).first()?.id)
    }

    func statePupils(
        _ browser: Browser, _ id: UUID, image: UUID, pupils: [UUID], none: Bool = false
    ) async throws
        -> Reply
    {
        var fields = pupils.map { ("pupils[]", $0.uuidString) }
        if none { fields.append(("none", "yes")) }
        return try await browser.post(
            "/posts/\(id)/images/\(image)/pupils", fields, csrf: try await Self.token(browser))
    }

    /// A draft by the teacher, for Facebook, brought to `state` through the pages (the social media administrator
    /// reviews it).
    func draft(
        in state: DraftState, text: String = "Our choir sang beautifully at the carol service this evening.",
        accounts: [UUID]? = nil, images: [(String, [UInt8])] = []
    ) async throws -> UUID {
        let teacher = try await browser("teacher")
        let sma = try await browser("socialmedia")
        let made = try await create(teacher, text: text, accounts: accounts, images: images)
        let id = try #require(made.id, "the draft was created: \(made.reply.status) \(made.reply.body.prefix(300))")
        if !images.isEmpty {
            for image in try await DraftImage.query(on: app.db).filter(\.$draftID == id).all() {
                _ = try await statePupils(teacher, id, image: try image.requireID(), pupils: [], none: true)
            }
        }
        switch state {
        case .writing:
            break
        case .withdrawn:
            _ = try await submit(teacher, id)
            _ = try await withdraw(teacher, id)
        case .awaitingApproval:
            _ = try await submit(teacher, id)
        case .returned:
            _ = try await submit(teacher, id)
            _ = try await sendBack(sma, id)
        case .approved, .published, .expired:
            _ = try await submit(teacher, id)
            _ = try await approve(sma, id)
            if state == .published { _ = try await publish(sma, id) }
            if state == .expired {
                try await backdateApproval(id)
                try await DraftExpiry.run(app: app)
            }
        }
        let reached = try await self.state(id)
        try #require(reached == state, "setting up a draft \(state.rawValue) reached \(reached.rawValue)")
        return id
    }

    /// The mail queued to `email`, newest last.
    func mail(to email: String) async throws -> [OutboxMessage] {
        try await OutboxMessage.query(on: app.db).filter(\.$recipient == email).sort(\.$createdAt).all()
    }
}
