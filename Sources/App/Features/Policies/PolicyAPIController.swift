// The policy library over the JSON API: the same rules as the pages, for a school's other systems.

import Fluent
import StewardCore
import Vapor

struct PolicyAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, PolicyPaths.apiList, action: .viewPolicies, use: list)
        routes.on(.POST, PolicyPaths.apiList, action: .managePolicies, body: .collect(maxSize: "21mb"), use: create)
        routes.on(.GET, PolicyPaths.apiShow, action: .viewPolicies, use: show)
        routes.on(.POST, PolicyPaths.apiAcknowledgements, action: .acknowledgePolicy, use: acknowledge)
        routes.on(.GET, PolicyPaths.apiCoverage, action: .viewPolicyFigures, use: coverage)
    }

    struct Summary: Content {
        var id: UUID
        var title: String
        var version: Int
        var versionHash: String
        var publishedAt: Date?
        /// `acknowledged`, `due`, `overdue` or `not_required`, for the caller.
        var status: String
        var deadline: String?
    }

    static func statusFields(_ status: AcknowledgementStatus) -> (String, String?) {
        switch status {
        case .notRequired: ("not_required", nil)
        case .met: ("acknowledged", nil)
        case .due(let deadline): ("due", deadline.description)
        case .overdue(let deadline, _): ("overdue", deadline.description)
        }
    }

    func list(req: Request) async throws -> [Summary] {
        let (_, person) = try req.requireActor()
        return try await PolicyLibrary.statuses(for: person, on: req.db).map { policy, version, status in
            let (text, deadline) = Self.statusFields(status)
            return Summary(
                id: try policy.requireID(), title: policy.title, version: version.number,
                versionHash: version.contentHash, publishedAt: version.publishedAt, status: text, deadline: deadline)
        }
    }

    struct ClauseJSON: Content {
        var number: String
        var heading: String
        var text: String
    }

    struct PolicyJSON: Content {
        var id: UUID
        var title: String
        var version: Int
        var versionHash: String
        var publishedAt: Date?
        var clauses: [ClauseJSON]
        /// Questions to answer when acknowledging (`answers` in the acknowledgement, 0-based, in this order).
        var questions: [QuestionJSON]
    }

    struct QuestionJSON: Content {
        var text: String
        var options: [String]
    }

    func show(req: Request) async throws -> PolicyJSON {
        let policy = try await req.record(Policy.self, "policyID", for: .viewPolicies, within: .currentSchool)
        guard let currentID = policy.currentVersionID, let version = try await PolicyVersion.find(currentID, on: req.db)
        else { throw Abort(.notFound) }
        let document = try version.document
        return PolicyJSON(
            id: try policy.requireID(), title: document.title, version: version.number,
            versionHash: version.contentHash, publishedAt: version.publishedAt,
            clauses: document.clauses.map {
                ClauseJSON(number: $0.number, heading: document.heading(of: $0), text: $0.text)
            }, questions: version.questions.map { QuestionJSON(text: $0.text, options: $0.options) })
    }

    struct CreateRequest: Content {
        var markdown: String?
        var policyID: UUID?
        /// Replace the policy's draft, with its questions, if it has one (otherwise 409).
        var replaceDraft: Bool?
    }

    struct Draft: Content {
        var policyID: UUID
        var versionID: UUID
        var version: Int
        var versionHash: String
        var title: String
        var clauses: Int
        var notes: [String]
        var status: String
    }

    /// Imports Markdown (the body as `text/markdown`, or JSON `{"markdown": …, "policyID": …}`) as a draft, which
    /// the headteacher publishes on the page after checking it.
    func create(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        var policyID: UUID?
        var replacing = false
        let bytes: [UInt8]
        if req.headers.contentType == .json {
            let body = try req.content.decode(CreateRequest.self)
            bytes = Array((body.markdown ?? "").utf8)
            policyID = body.policyID
            replacing = body.replaceDraft ?? false
        } else {
            bytes = req.body.data.map { Array($0.readableBytesView) } ?? []
        }
        if let id = policyID,
            try await SchoolScope.find(Policy.self, id, for: actor.workingIn(actor.schoolID), on: req.db) == nil
        {
            throw Abort(.notFound, reason: "No policy \(id) in your school.")
        }
        let schoolID = actor.schoolID
        let personID = try person.requireID()
        let (target, replace) = (policyID, replacing)
        do {
            let (policy, version) = try await req.write { db, audit in
                try await PolicyLibrary.importDraft(
                    bytes, schoolID: schoolID, policyID: target, createdBy: personID, replacingDraft: replace, on: db,
                    audit: audit)
            }
            let document = try version.document
            let draft = Draft(
                policyID: try policy.requireID(), versionID: try version.requireID(), version: version.number,
                versionHash: version.contentHash, title: document.title, clauses: document.clauses.count,
                notes: version.notes, status: "draft")
            return try await draft.encodeResponse(status: .created, for: req)
        } catch let problem as PolicyLibrary.Problem {
            throw Abort(.unprocessableEntity, reason: problem.message)
        } catch let exists as PolicyLibrary.DraftExists {
            throw Abort(.conflict, reason: exists.description + " Send \"replaceDraft\": true to replace it.")
        }
    }

    struct AcknowledgeRequest: Content {
        var versionHash: String?
        /// The chosen option (0-based) for each of the version's questions, in order.
        var answers: [Int]?
    }

    struct Acknowledgement: Content {
        var policyID: UUID
        var version: Int
        var versionHash: String
        var recorded: Bool
    }

    /// Acknowledges the current version for the token's person. With `versionHash`, only if that is still current.
    func acknowledge(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        let policy = try await req.record(Policy.self, "policyID", for: .acknowledgePolicy, within: .currentSchool)
        guard let currentID = policy.currentVersionID, let version = try await PolicyVersion.find(currentID, on: req.db)
        else { throw Abort(.notFound) }
        let body = req.body.data == nil ? AcknowledgeRequest() : try req.content.decode(AcknowledgeRequest.self)
        if let hash = body.versionHash, hash != version.contentHash {
            throw Abort(
                .conflict,
                reason: "That version has been replaced by version \(version.number) (\(version.contentHash)).")
        }
        let answers = body.answers.map { $0.map { Optional($0) } }
        let outcome: PolicyLibrary.Acknowledged
        do {
            outcome = try await PolicyLibrary.acknowledge(
                version, person: person, method: "api", answers: answers, req: req)
        } catch let wrong as PolicyLibrary.WrongAnswers {
            throw Abort(.unprocessableEntity, reason: wrong.description)
        } catch let replaced as PolicyLibrary.Problem {
            // The version stopped being the current published one after it was read (published over at that moment).
            throw Abort(.conflict, reason: replaced.message)
        }
        let reply = Acknowledgement(
            policyID: try policy.requireID(), version: version.number, versionHash: version.contentHash,
            recorded: outcome == .recorded)
        return try await reply.encodeResponse(status: outcome == .recorded ? .created : .ok, for: req)
    }

    struct CoverageJSON: Content {
        /// One group's figures: the API's own type, so the coverage page can change without changing the API.
        struct Group: Content {
            var group: String
            var asked: Int
            var acknowledged: Int
            var due: Int
            var overdue: Int
            var percent: Int

            init(_ name: String, _ figures: PolicyCoverage.Figures) {
                group = name
                asked = figures.asked
                acknowledged = figures.met
                due = figures.due
                overdue = figures.overdue
                percent = figures.percent
            }
        }
        struct Outstanding: Content {
            var personID: UUID
            var name: String
            var status: String
            var deadline: String?
        }
        var policyID: UUID
        var version: Int
        var groups: [Group]
        var total: Group
        /// Only for those who may see names (the headteacher, trust administrators).
        var outstanding: [Outstanding]?
    }

    func coverage(req: Request) async throws -> CoverageJSON {
        let (actor, _) = try req.requireActor()
        let policy = try await req.record(Policy.self, "policyID", for: .viewPolicyFigures, within: .currentSchool)
        guard let currentID = policy.currentVersionID, let version = try await PolicyVersion.find(currentID, on: req.db)
        else { throw Abort(.notFound) }
        let (coverage, people) = try await PolicyLibrary.coverage(of: policy, on: req.db)
        let group = { (name: String, figures: PolicyCoverage.Figures) in CoverageJSON.Group(name, figures) }
        let names = AccessPolicy.can(actor, .viewPolicyCoverage) == .allowed
        return CoverageJSON(
            policyID: try policy.requireID(), version: version.number,
            groups: PersonKind.allCases.map { group($0.rawValue, coverage.byKind[$0] ?? .init()) },
            total: group("everyone", coverage.total),
            outstanding: names
                ? coverage.outstanding.compactMap { entry in
                    guard let person = people[entry.id] else { return nil }
                    let (status, deadline) = Self.statusFields(entry.status)
                    return .init(personID: entry.id, name: person.fullName, status: status, deadline: deadline)
                } : nil)
    }
}
