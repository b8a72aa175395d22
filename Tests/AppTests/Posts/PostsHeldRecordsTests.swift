// What Steward holds about a person (for subject access) follows each draft's own rule: a draft never sent for
// approval is its author's alone, there as on its page.

import Fluent
import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Drafts in what Steward holds about a person")
struct PostsHeldRecordsTests {
    @Test("The teaching assistant's unsent draft is in their own records, not in the headteacher's reading of them")
    func unsentDraftStaysTheAuthors() async throws {
        try await withSteward { app, demo in
            let schoolID = try await app.schoolID("st-cleopas")
            let taID = try await app.personID(demo.account("st-cleopas", "ta").email)
            let headID = try await app.personID(demo.account("st-cleopas", "headteacher").email)
            let adminID = try await app.personID(demo.account("st-cleopas", "socialmedia").email)
            // The demo's TA wrote one draft never sent (naming Oliver Bennett) and one sent, approved and expired.
            func texts(_ viewerID: UUID) async throws -> [String] {
                let person = try #require(try await Person.find(viewerID, on: app.db))
                let viewer = try await ActorLoader.load(person: person, currentSchoolID: schoolID, on: app.db)
                let held = try await Features.heldRecords(about: taID, viewer: viewer, on: app.db)
                return held.filter { $0.title == "Posts they wrote" }.flatMap(\.rows).compactMap { $0["text"] }
            }
            let own = try await texts(taID)
            #expect(own.count == 2)
            #expect(own.contains { $0.contains("Oliver Bennett") })
            for viewer in [headID, adminID] {
                let seen = try await texts(viewer)
                #expect(seen.count == 1, "\(viewer)")
                #expect(!seen.contains { $0.contains("Oliver Bennett") })
            }
        }
    }
}
