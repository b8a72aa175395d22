// What every page's frame shows: the school, the navigation the person's roles allow, and the form token.

import Fluent
import StewardCore
import Vapor

struct Layout: Encodable, Sendable {
    var pageTitle: String
    var schoolName: String?
    var personName: String?
    var signedIn: Bool
    var nav: [NavItem]
    /// Whether a phone shows the navigation folded under "Menu": a list this long would fill the first screen before
    /// the page's own heading.
    var navFolds: Bool
    /// The section the page is in, named beside "Menu" on a phone so the folded list still says where one is.
    var navCurrent: String?
    var schools: [SchoolChoice]
    var csrf: String
    var notice: String?
    /// The clock the page's dates and times are on: `Europe/London (GMT)`.
    var timeZone: String =
        Display.clock.identifier.replacingOccurrences(of: "_", with: " ")
        + " (\(Display.clock.zoneName(at: Date())))"

    /// The most sections a phone shows as an open list: a teaching assistant's few stay one tap away.
    static let phoneNavLimit = 8

    static func make(_ req: Request, title: String, notice: String? = nil) async throws -> Layout {
        var nav: [NavItem] = []
        var schools: [SchoolChoice] = []
        if let actor = req.actor {
            let path = req.url.path
            for entry in Features.navigation where AccessPolicy.can(actor, entry.action) == .allowed {
                // A section is its own path or what lies under it, so one section is never current inside another it prefixes.
                let current =
                    entry.path == "/" ? path == "/" : (path == entry.path || path.hasPrefix(entry.path + "/"))
                nav.append(NavItem(title: entry.title, href: entry.path, current: current))
            }
            if actor.schoolIDs.count > 1 {
                let all = try await School.query(on: req.db).filter(\.$id ~~ Array(actor.schoolIDs)).sort(\.$name).all()
                schools = all.compactMap { school in
                    school.id.map { SchoolChoice(id: $0.uuidString, name: school.name, current: $0 == actor.schoolID) }
                }
            }
        }
        return Layout(
            pageTitle: title, schoolName: req.currentSchool?.name, personName: req.currentPerson?.fullName,
            signedIn: req.actor != nil, nav: nav, navFolds: nav.count > phoneNavLimit,
            navCurrent: nav.first(where: \.current)?.title, schools: schools, csrf: req.csrfToken ?? "", notice: notice)
    }
}

extension Request {
    /// Renders `template` inside the layout, with an optional status (a refused form answers 400, not 200).
    func page<Content: Encodable & Sendable>(
        _ template: String, title: String, _ content: Content, status: HTTPStatus = .ok, notice: String? = nil
    ) async throws -> Response {
        let layout = try await Layout.make(self, title: title, notice: notice)
        let view = try await self.view.render(template, Page(layout: layout, content: content))
        let response = try await view.encodeResponse(for: self)
        response.status = status
        return response
    }
}
