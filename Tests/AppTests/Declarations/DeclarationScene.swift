// A St Cleopas scene for declarations: browsers by role, declaring through the form as staff do, and reading the
// rows back.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

struct DeclarationScene {
    let app: Application
    let demo: Demo
    let schoolID: UUID

    static func make(_ app: Application, _ demo: Demo) async throws -> DeclarationScene {
        DeclarationScene(app: app, demo: demo, schoolID: try await app.schoolID("st-cleopas"))
    }

    func email(_ local: String) -> String { demo.account("st-cleopas", local).email }
    func id(_ local: String) async throws -> UUID { try await app.personID(email(local)) }
    func browser(_ local: String) async throws -> Browser { try await Browser.signedIn(app, as: email(local)) }

    /// Declares through the form as `browser`; returns the reply (a redirect to the new declaration when saved).
    @discardableResult
    func declare(
        _ browser: Browser, party: String, pick: UUID? = nil, surname: String = "", name: String = "",
        nature: String = "friend", since: String = "2019", detail: String = "", platforms: [String] = []
    ) async throws -> Reply {
        var fields = [
            ("party", party), ("surname", surname), ("name", name), ("nature", nature), ("since", since),
            ("detail", detail),
        ]
        if let pick { fields.append(("pick", pick.uuidString)) }
        for platform in platforms { fields.append(("platforms[]", platform)) }
        return try await browser.post("/declarations", fields, csrfFrom: "/declarations/new")
    }

    /// The id a saved declaration redirected to.
    static func declarationID(_ reply: Reply) -> UUID? {
        guard let location = reply.location, location.hasPrefix("/declarations/") else { return nil }
        let id = location.dropFirst("/declarations/".count).prefix { $0 != "?" }
        return UUID(uuidString: String(id))
    }

    /// Declares a friendship with a colleague as `local`, and returns the new declaration's id.
    func declareColleague(_ local: String, about other: String, nature: String = "friend") async throws -> UUID {
        let reply = try await declare(
            try await browser(local), party: "colleague", pick: try await id(other), nature: nature)
        #expect(reply.status == .seeOther, "\(local) declaring \(other): \(reply.status) \(reply.body.prefix(300))")
        return try #require(Self.declarationID(reply))
    }

    func declaration(_ id: UUID) async throws -> Declaration {
        try #require(try await Declaration.find(id, on: app.db))
    }

    func recordOutcome(
        _ local: String, _ id: UUID, outcome: String, text: String = "", reviewOn: String = ""
    ) async throws -> Reply {
        try await browser(local).post(
            "/declarations/\(id)/outcome", [("outcome", outcome), ("text", text), ("reviewOn", reviewOn)],
            csrfFrom: "/declarations/\(id)")
    }

    func counts() async throws -> [Int] {
        [
            try await app.count("declarations"), try await app.count("declaration_outcomes"),
            try await app.count("declaration_confirmations"), try await app.count("declaration_settings"),
        ]
    }
}
