// The policy library's pages: reading and acknowledging (everyone), importing, comparing and publishing versions
// (the headteacher) — policy 1.1 and 3 (governing body a–b, headteacher a–b).

import Fluent
import StewardCore
import Vapor

struct PolicyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, PolicyPaths.list, action: .viewPolicies, use: index)
        routes.on(.GET, PolicyPaths.new, action: .managePolicies, use: newPolicy)
        routes.on(.POST, PolicyPaths.list, action: .managePolicies, body: .collect(maxSize: "21mb"), use: importPolicy)
        routes.on(.GET, PolicyPaths.show, action: .viewPolicies, use: show)
        routes.on(.POST, PolicyPaths.acknowledge, action: .acknowledgePolicy, use: acknowledge)
        routes.on(.POST, PolicyPaths.publicity, action: .managePolicies, use: setPublic)
        routes.on(.GET, PolicyPaths.publicPolicy, action: .readPublicPolicy, use: publicPage)
        routes.on(.GET, PolicyPaths.coverage, action: .viewPolicyFigures, use: coverage)
        routes.on(.GET, PolicyPaths.coverageCSV, action: .viewPolicyCoverage, use: coverageCSV)
        routes.on(.GET, PolicyPaths.figuresCSV, action: .viewPolicyFigures, use: figuresCSV)
        routes.on(.GET, PolicyPaths.versions, action: .viewPolicies, use: versions)
        routes.on(.GET, PolicyPaths.newVersion, action: .managePolicies, use: newVersion)
        routes.on(.GET, PolicyPaths.version, action: .viewPolicies, use: version)
        routes.on(.POST, PolicyPaths.publish, action: .managePolicies, use: publish)
        routes.on(.POST, PolicyPaths.discard, action: .managePolicies, use: discard)
        routes.on(.POST, PolicyPaths.questions, action: .managePolicies, use: saveQuestions)
    }

    // MARK: - Finding records in the caller's school

    static func policy(_ req: Request, action: Action) async throws -> Policy {
        // Any school the reader reaches: their own school's policy is linked from their home page whichever school
        // they are working in.
        try await req.record(Policy.self, "policyID", for: action)
    }

    /// A version of `policy`; drafts only for those who may manage policies.
    static func version(_ req: Request, of policy: Policy) async throws -> PolicyVersion {
        let (actor, _) = try req.requireActor()
        guard let id = req.parameters.get("versionID", as: UUID.self),
            let version = try await PolicyVersion.query(on: req.db).filter(\.$id == id)
                .filter(\.$policy.$id == (try policy.requireID())).first(),
            version.isPublished || AccessPolicy.can(actor, .managePolicies) == .allowed
        else { throw Abort(.notFound) }
        return version
    }
}
