// The home page's "What you can do": every link there opens for the person it is shown to, and the records pages are
// there for those who handle them (issue 17) and nobody else.

import Foundation
import StewardCore
import Testing
import Vapor

@testable import App

@Suite("Home pages: what you can do")
struct HomeLinksTests {
    /// The links of the "What you can do" list of a home page.
    static func links(_ page: Reply) -> [String] {
        guard let start = page.body.range(of: "<h2>What you can do</h2>") else { return [] }
        let rest = page.body[start.upperBound...]
        let list = rest[..<(rest.range(of: "</ul>")?.lowerBound ?? rest.endIndex)]
        return Reply.allMatches(#"<a href="([^"]+)""#, in: String(list)).map {
            $0.replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    @Test("Every link opens for the person it is shown to; the records pages are on the home of those who handle them")
    func everyLinkOpens() async throws {
        try await withSteward { app, demo in
            let records = [RetentionPaths.requests(), RetentionPaths.holds(), RetentionPaths.schedule()]
            for account in demo.accounts.accounts {
                let browser = try await Browser.signedIn(app, as: account.email)
                let home = try await browser.get("/")
                #expect(home.status == .ok, "\(account.email)")
                let links = Self.links(home)
                #expect(!links.isEmpty, "\(account.email) has nothing under What you can do")
                for link in links {
                    let page = try await browser.get(link)
                    #expect(page.status == .ok, "\(account.email): \(link) answered \(page.status)")
                }
                let roles = Set(account.roles.compactMap(Role.init(rawValue:)))
                let expected: [String] =
                    (roles.isDisjoint(with: [.headteacher, .hr]) ? [] : [RetentionPaths.requests()])
                    + (roles.isDisjoint(with: [.headteacher, .trustAdmin])
                        ? [] : [RetentionPaths.holds(), RetentionPaths.schedule()])
                #expect(links.filter(records.contains) == expected, "\(account.email): \(links)")
            }
        }
    }
}
