// The pupil roster page: who may be named or photographed on the school's accounts (policy 4.4, 4.7).

import Fluent
import StewardCore
import Vapor

struct RosterController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, PupilPaths.list, action: .viewRoster, use: index)
    }

    func index(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let all = try await RosterPupil.query(on: req.db).inSchool(of: actor)
            .sort(\.$legalSurname).sort(\.$legalForename).all()
        let classes = Array(Set(all.compactMap(\.className))).sorted()
        let selected = req.query[String.self, at: "class"].flatMap { classes.contains($0) ? $0 : nil } ?? ""
        let shown = selected.isEmpty ? all : all.filter { $0.className == selected }
        // Children's details: every look at the roster is recorded.
        try await req.write { _, audit in
            try await audit.append("roster.viewed", details: ["class": selected.isEmpty ? "all" : selected])
        }
        let rows = shown.map {
            Row(
                name: "\($0.legalSurname), \($0.preferredForename ?? $0.legalForename)", className: $0.className ?? "",
                photoInSchool: $0.photoInSchool, photoOnWebsite: $0.photoOnWebsite,
                photoOnSocialMedia: $0.photoOnSocialMedia, nameOnSocialMedia: $0.nameOnSocialMedia)
        }
        return try await req.page(
            "pupils/index", title: "Pupils",
            Content(
                pupils: rows, classes: classes, selectedClass: selected, total: rows.count,
                canImport: AccessPolicy.can(actor, .importRoster) == .allowed,
                canExport: AccessPolicy.can(actor, .exportRoster) == .allowed))
    }
}
