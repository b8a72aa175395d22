// A policy's public address, for parents and anyone outside the school.

import Fluent
import StewardCore
import Vapor

extension PolicyController {
    // MARK: - The public address

    static func publicURL(_ policy: Policy, req: Request) async throws -> String {
        guard let school = try await School.find(policy.$school.id, on: req.db) else { return "" }
        return req.application.steward.config.baseURL.address(of: PolicyPaths.publicPolicy(school.slug, policy.slug))
    }

    struct PublicForm: Content { var `public`: String? }

    /// Publishes the policy at `/p/SCHOOL/POLICY` for parents and the public, or takes it down (policy 1.1).
    func setPublic(req: Request) async throws -> Response {
        let policy = try await Self.policy(req, action: .managePolicies)
        let makePublic = try req.content.decode(PublicForm.self).public == "yes"
        let policyID = try policy.requireID()
        if policy.isPublic != makePublic {
            try await req.write { db, audit in
                try await Policy.query(on: db).filter(\.$id == policyID).set(\.$isPublic, to: makePublic).update()
                try await audit.append(
                    makePublic ? "policy.made_public" : "policy.made_private", target: "policy:\(policyID.uuidString)",
                    schoolID: policy.$school.id)
            }
        }
        return req.redirect(
            to: PolicyPaths.show(policyID) + "?done=\(makePublic ? "public" : "private")", redirectType: .normal)
    }

    /// The current version of a public policy, for anyone, with no sign-in.
    func publicPage(req: Request) async throws -> Response {
        guard let schoolSlug = req.parameters.get("school"), let slug = req.parameters.get("policy"),
            let school = try await School.query(on: req.db).filter(\.$slug == schoolSlug).first(),
            let policy = try await Policy.query(on: req.db).inSchool(try school.requireID())
                .filter(\.$slug == slug).filter(\.$isPublic == true).first(),
            let currentID = policy.currentVersionID, let version = try await PolicyVersion.find(currentID, on: req.db)
        else { throw Abort(.notFound) }
        try req.authorize(.readPublicPolicy, .schoolRecord(schoolID: policy.$school.id))
        let document = try await req.application.steward.policyDocuments.html(of: version, req: req)
        // Nobody is signed in here: the dates are the policy's school's.
        let content = Display.$clock.withValue(school.clock) {
            PublicContent(
                title: version.title, schoolName: school.name, versionNumber: version.number,
                published: Display.date(version.publishedAt), hash: String(version.contentHash.prefix(12)),
                document: document)
        }
        return try await req.page("policies/public", title: "\(version.title) — \(school.name)", content)
    }
}
