// What a session's one query finds is true at the moment of the request: nothing about a session is kept.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("A session, read afresh for every request")
struct SessionLookupTests {
    @Test("A session left behind for a person deactivated elsewhere opens nothing and is deleted")
    func deactivatedElsewhere() async throws {
        try await withSteward { app, demo in
            let email = demo.account("st-cleopas", "teacher").email
            let teacher = try await Browser.signedIn(app, as: email)
            #expect(try await teacher.get("/").status == .ok)
            // Another instance deactivated them; its clean-up of sessions has not reached this one.
            let person = try #require(try await Person.query(on: app.db).filter(\.$email == email).first())
            person.active = false
            try await person.save(on: app.db)
            let home = try await teacher.get("/")
            #expect(home.status == .seeOther && home.location?.hasPrefix("/login") == true)
            let left = try await BrowserSession.query(on: app.db).filter(\.$person.$id == person.requireID()).count()
            #expect(left == 0)
        }
    }

    @Test("A role given or taken away counts on the next request")
    func rolesAtOnce() async throws {
        try await withSteward { app, demo in
            let email = demo.account("st-cleopas", "teacher").email
            let teacher = try await Browser.signedIn(app, as: email)
            let person = try #require(try await Person.query(on: app.db).filter(\.$email == email).first())
            #expect(try await teacher.get("/audit").status != .ok)
            let role = RoleAssignment()
            role.$person.id = try person.requireID()
            role.trustID = person.trustID
            role.$school.id = person.$school.id
            role.role = .headteacher
            try await role.save(on: app.db)
            #expect(try await teacher.get("/audit").status == .ok)
            try await role.delete(on: app.db)
            #expect(try await teacher.get("/audit").status != .ok)
        }
    }
}
