// The school-scoped finder on its own: a record is found by id only in the actor's schools (issue 12, item 3).

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("The school-scoped finder")
struct SchoolScopeTests {
    @Test("Each kind of school record is found for its own school's people and for nobody else's")
    func findsOnlyInOwnSchools() async throws {
        try await withSteward { app, demo in
            let ids = try await OtherSchoolRecordsTests.northfieldRecords(app, demo)
            func actor(_ school: String, _ local: String) async throws -> Actor {
                let email = demo.account(school, local).email
                let person = try #require(try await Person.query(on: app.db).filter(\.$email == email).first())
                return try await ActorLoader.load(person: person, currentSchoolID: nil, on: app.db)
            }
            let insider = try await actor("northfield", "headteacher")
            let outsiders = [
                try await actor("st-cleopas", "headteacher"), try await actor("holy-trinity", "teacher"),
                try await actor("st-cleopas", "teacher"),
            ]
            let caseID = UUID(uuidString: ids["caseID"] ?? "")
            let personID = UUID(uuidString: ids["personID"] ?? "")
            let policyID = UUID(uuidString: ids["policyID"] ?? "")
            let versionID = UUID(uuidString: ids["versionID"] ?? "")
            let importID = UUID(uuidString: ids["importID"] ?? "")
            #expect(try await SchoolScope.find(Case.self, caseID, for: insider, on: app.db) != nil)
            #expect(try await SchoolScope.find(Person.self, personID, for: insider, on: app.db) != nil)
            #expect(try await SchoolScope.find(Policy.self, policyID, for: insider, on: app.db) != nil)
            #expect(try await SchoolScope.find(PolicyVersion.self, versionID, for: insider, on: app.db) != nil)
            #expect(try await SchoolScope.find(PendingImport.self, importID, for: insider, on: app.db) != nil)
            for outsider in outsiders {
                #expect(try await SchoolScope.find(Case.self, caseID, for: outsider, on: app.db) == nil)
                #expect(try await SchoolScope.find(Person.self, personID, for: outsider, on: app.db) == nil)
                #expect(try await SchoolScope.find(Policy.self, policyID, for: outsider, on: app.db) == nil)
                #expect(try await SchoolScope.find(PolicyVersion.self, versionID, for: outsider, on: app.db) == nil)
                #expect(try await SchoolScope.find(PendingImport.self, importID, for: outsider, on: app.db) == nil)
            }
            // No id, or an id of nothing: nil, never an error.
            #expect(try await SchoolScope.find(Case.self, nil, for: insider, on: app.db) == nil)
            #expect(try await SchoolScope.find(Case.self, UUID(), for: insider, on: app.db) == nil)
            // Lists: only the school the actor is working in.
            let listed = try await Case.query(on: app.db).inSchool(of: outsiders[0]).all()
            #expect(!listed.contains { $0.id == caseID })
            #expect(try await Case.query(on: app.db).inSchool(of: insider).all().contains { $0.id == caseID })
        }
    }
}
