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
        // What changes unaudited is read for every page; the rest is kept until the audit log moves (HomeCache).
        var live: [WorkItem] = []
        for feature in Features.all where !feature.workFollowsTheAuditLog {
            live += try await feature.work(for: actor, person: person, on: req.db)
        }
        let cache = req.application.steward.homes
        let key = HomeCache.Key(actor)
        // With nothing read live, the page itself is kept: the same content, in the same frame, for the same session.
        let csrf = req.csrfToken ?? ""
        if live.isEmpty, let page = cache.page(for: key, stamp: req.changeStamp, csrf: csrf) {
            var headers = HTTPHeaders()
            headers.contentType = .html
            return Response(status: .ok, headers: headers, body: .init(string: page))
        }
        var content: HomeContent
        if let kept = cache.content(for: key, stamp: req.changeStamp) {
            content = kept
        } else {
            // Nothing is written while the content is read, so the features share what more than one of them reads.
            content = try await ReadMemo.sharing {
                // Each feature's work waiting for this person comes first (the brief: "its person's work first").
                var work: [WorkItem] = []
                for feature in Features.all where feature.workFollowsTheAuditLog {
                    work += try await feature.work(for: actor, person: person, on: req.db)
                }
                return HomeContent(
                    forename: person.forename, roles: actor.roles.sorted().map(\.title), kind: person.kind.title,
                    twoFactorEnabled: person.hasTwoFactor, twoFactorOffered: !person.hasTwoFactor, links: links,
                    work: work, figures: try await Self.figures(for: actor, schoolID: actor.schoolID, req.db),
                    schools: try await Self.trustSchools(for: actor, on: req.db))
            }
            cache.keep(content, for: key, stamp: req.changeStamp)
        }
        // The most pressing and newest at the top.
        content.work = WorkItem.ordered(content.work + live)
        let response = try await req.page("home/index", title: "Home", content)
        if live.isEmpty, let page = response.body.string {
            cache.keepPage(page, for: key, stamp: req.changeStamp, csrf: csrf)
        }
        return response
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
