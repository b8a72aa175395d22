// The home page and the health check.

import Fluent
import SQLKit
import StewardCore
import Vapor

struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, HomePaths.home, action: .viewHome, use: home)
        routes.on(.POST, HomePaths.switchSchool, action: .switchSchool, use: switchSchool)
    }

    func home(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let links: [NavItem] = [
            ("See and manage the people of the school", PeoplePaths.list(), Action.managePeople),
            ("See who is in the school", PeoplePaths.list(), Action.viewPeople),
            ("Browse the audit log", AuditPaths.log(), Action.viewAudit),
            ("Write a post for the school's accounts", PostPaths.new(), Action.writeDrafts),
            ("See the school's official accounts", OfficialAccountPaths.list(), Action.viewAccounts),
            ("Keep the screening word lists and clause numbers", PostPaths.screening(), Action.manageScreening),
            ("See this term's privacy checks, by group", SelfCheckPaths.coverage(), Action.viewObligationFigures),
            ("Set the school's terms and online-safety lead", SelfCheckPaths.settings(), Action.manageObligations),
            (
                "A pupil or their family contacted me on social media",
                ConcernPaths.new() + "?category=contact_from_pupil_or_family",
                Action.reportConcern
            ),
            ("Report another concern in confidence", ConcernPaths.new(), Action.reportConcern),
            (
                "Record a request to see, correct or erase someone's records", RetentionPaths.requests(),
                Action.handleRecordsRequests
            ),
            ("Place or lift a legal hold", RetentionPaths.holds(), Action.manageLegalHolds),
            ("See how long records are kept", RetentionPaths.schedule(), Action.manageRetention),
        ].filter { AccessPolicy.can(actor, $0.2) == .allowed }
            .reduce(into: [NavItem]()) { list, item in
                if !list.contains(where: { $0.href == item.1 }) {
                    list.append(NavItem(title: item.0, href: item.1, current: false))
                }
            }
        // What changes unaudited is read for every page; the rest is kept, feature by feature, until a change could
        // have reached it (HomeCache, HomeChanges).
        var live: [String: HomeCache.Part] = [:]
        for feature in Features.all where !feature.workFollowsTheAuditLog {
            live[feature.name] = HomeCache.Part(
                work: try await feature.work(for: actor, person: person, on: req.db),
                figures: try await feature.figures(for: actor, schoolID: actor.schoolID, on: req.db))
        }
        let liveParts = Features.all.compactMap { live[$0.name] }
        let cache = req.application.steward.homes
        let key = HomeCache.Key(actor)
        try await cache.changes.catchUp(to: req.changeStamp, on: req.db)
        let names = Self.partNames(for: actor)
        var kept: [String: HomeCache.Kept] = [:]
        for name in names { kept[name] = cache.part(name, for: key) }
        // With every part as it was and the same read live, the page itself is kept: the same parts, in the same
        // frame, for the same session.
        let csrf = req.csrfToken ?? ""
        let frame = "\(person.forename)\n\(person.kind.rawValue)\n\(person.hasTwoFactor)"
        if kept.count == names.count,
            let page = cache.page(
                for: key, basis: .init(parts: names.compactMap { kept[$0]?.id }, live: liveParts, frame: frame),
                csrf: csrf)
        {
            return Self.served(page)
        }
        let stale = names.filter { kept[$0] == nil }
        if !stale.isEmpty {
            let (stamp, db) = (req.changeStamp, req.db)
            let made = try await cache.remade(stale, for: key, stamp: stamp) {
                try await Self.remake(stale, for: actor, person: person, stamp: stamp, into: cache, on: db)
            }
            kept.merge(made) { _, new in new }
            // Another request of this person's may have rendered the page from these very parts meanwhile.
            let basis = HomeCache.Basis(parts: names.compactMap { kept[$0]?.id }, live: liveParts, frame: frame)
            if !basis.parts.contains(0), let page = cache.page(for: key, basis: basis, csrf: csrf) {
                return Self.served(page)
            }
        }
        // In the features' order, each part kept or live; the trust's table last.
        let parts = (Features.all.map(\.name) + [HomeCache.trustPart]).compactMap { kept[$0]?.part ?? live[$0] }
        // Each feature's work waiting for this person comes first (the brief: "its person's work first"), the most
        // pressing and newest at the top (what is read live after the rest, when they are alike).
        let work: [WorkItem] = names.flatMap { kept[$0]?.part.work ?? [] } + liveParts.flatMap(\.work)
        let content = HomeContent(
            forename: person.forename, roles: actor.roles.sorted().map(\.title), kind: person.kind.title,
            twoFactorEnabled: person.hasTwoFactor, twoFactorOffered: !person.hasTwoFactor, links: links,
            work: WorkItem.ordered(work), figures: parts.flatMap(\.figures), schools: parts.flatMap(\.schools))
        let response = try await req.page("home/index", title: "Home", content)
        let ids = names.compactMap { kept[$0]?.id }
        if !ids.contains(0), let page = response.body.string {
            cache.keepPage(page, for: key, basis: .init(parts: ids, live: liveParts, frame: frame), csrf: csrf)
        }
        return response
    }

    /// A home page kept whole (HomeCache.page), answered as it is.
    static func served(_ page: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: .ok, headers: headers, body: .init(string: page))
    }

    struct SwitchForm: Content { var school: String? }

    func switchSchool(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let form = try req.content.decode(SwitchForm.self)
        guard let raw = form.school, let schoolID = UUID(uuidString: raw), actor.schoolIDs.contains(schoolID),
            let session = req.browserSession
        else { throw Abort(.notFound) }
        session.$school.id = schoolID
        try await req.write { db, audit in
            try await session.update(on: db)
            try await audit.append("school.switch", target: "school:\(schoolID.uuidString)", schoolID: schoolID)
        }
        return req.redirect(to: HomePaths.home(), redirectType: .normal)
    }
}
