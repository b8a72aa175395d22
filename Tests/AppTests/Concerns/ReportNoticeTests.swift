// The thank-you after a report names its reference only when it is the reader's own report: an address someone
// crafts cannot make Steward say anything it likes.

import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("The notice after a report")
struct ReportNoticeTests {
    @Test("Own reference shown; a made-up one, or someone else's, leaves only the thank-you")
    func onlyOwnReference() async throws {
        try await withSteward { app, demo in
            let id = try await app.reportPlainConcern(demo)
            let reference = try #require(try await Case.find(id, on: app.db)?.reference)
            let teacher = try await Browser.signedIn(app, as: demo.account("st-cleopas", "teacher").email)
            let own = try await teacher.get("/concerns?done=reported&ref=\(reference)")
            #expect(own.body.contains("Its reference is \(reference)."))
            let crafted = try await teacher.get("/concerns?done=reported&ref=You+have+been+phished")
            #expect(crafted.body.contains("Thank you. Your concern has been passed on in confidence."))
            #expect(!crafted.body.contains("phished"))
            let ta = try await Browser.signedIn(app, as: demo.account("st-cleopas", "ta").email)
            let others = try await ta.get("/concerns?done=reported&ref=\(reference)")
            #expect(!others.body.contains(reference))
        }
    }
}
