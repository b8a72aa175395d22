// Concerns over the JSON API, under the same rules as the pages: `CaseAccess` decides what each caller sees.

import Fluent
import StewardCore
import Vapor

struct ConcernAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, ConcernPaths.apiList, action: .viewConcerns, use: list)
        routes.on(.POST, ConcernPaths.apiList, action: .reportConcern, use: create)
        routes.on(.GET, ConcernPaths.apiShow, action: .viewConcerns, requires: .recentSecondFactor, use: show)
    }

    struct Summary: Content {
        var id: UUID
        var reference: String
        var category: String
        var state: String
        var reportedAt: Date
        /// True for the handlers' view; false when the caller only reported it (state is then the reporter's).
        var full: Bool
        var overdue: Bool?
    }

    /// The cases the caller may see, optionally in one state (`?state=new`).
    func list(req: Request) async throws -> [Summary] {
        let (actor, _) = try req.requireActor()
        var query = Case.query(on: req.db).inSchool(of: actor)
        if let raw = req.query[String.self, at: "state"] {
            guard let state = CaseState(rawValue: raw) else {
                throw Abort(
                    .badRequest,
                    reason: "state must be one of \(CaseState.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            query = query.filter(\.$state == state)
        }
        var result: [Summary] = []
        let cases = try await query.sort(\.$createdAt, .descending).all()
        let facts = try await Cases.facts(of: cases, on: req.db)
        // Without the cases scope a token sees only the status of what its holder reported.
        let mayRead = req.apiScopes.contains(.cases)
        for item in cases {
            guard let id = item.id, let caseFacts = facts[id] else { continue }
            var visibility = CaseAccess.visibility(of: caseFacts, to: actor)
            if case .full = visibility, !mayRead {
                visibility = caseFacts.reporterID == actor.personID ? .reporterStatus : .none
            }
            switch visibility {
            case .none: continue
            case .reporterStatus:
                result.append(
                    Summary(
                        id: try item.requireID(), reference: item.reference, category: item.category.rawValue,
                        state: item.state.reporterTitle, reportedAt: item.createdAt, full: false, overdue: nil))
            case .full:
                result.append(
                    Summary(
                        id: try item.requireID(), reference: item.reference, category: item.category.rawValue,
                        state: item.state.rawValue, reportedAt: item.createdAt, full: true,
                        overdue: CaseDeadlines.isOverdue(
                            state: item.state, reported: item.createdAt, lastEntry: item.lastEntryAt, now: Date(),
                            clock: Display.clock)))
            }
        }
        return result
    }

    struct Created: Content {
        var id: UUID
        var reference: String
        var state: String
    }

    /// Reports a concern from JSON (`category`, `whatHappened`, `platform`, `involved`, and optionally `happenedOn`,
    /// `colleague`, `pupilName`, `description`, `blocked`, `reportedToPlatform`; the old snake_case spellings still
    /// work). Evidence files are added on the case page.
    func create(req: Request) async throws -> Response {
        let form = try req.content.decode(ConcernReportRequest.self).form
        switch try await Cases.report(req, form: form) {
        case .failure(let invalid):
            throw Abort(
                .unprocessableEntity,
                reason: invalid.errors.map { "\(ConcernReportRequest.apiName($0.field)): \($0.message)" }
                    .joined(separator: " "))
        case .success(let item):
            return try await Created(id: try item.requireID(), reference: item.reference, state: item.state.rawValue)
                .encodeResponse(status: .created, for: req)
        }
    }

    struct Detail: Content {
        struct Entry: Content {
            var at: Date
            var kind: String
            var action: String?
            var from: String?
            var to: String?
            var text: String
            var reference: String?
            var corrects: UUID?
            /// The published governors' report a "governors informed" step names.
            var report: UUID?
            var id: UUID?
        }
        struct Evidence: Content {
            var id: UUID?
            var filename: String
            var contentType: String
            var size: Int
            var sha256: String
        }
        var id: UUID
        var reference: String
        var category: String
        var clauses: [String]
        var state: String
        var reportedAt: Date
        var whatHappened: String?
        var happenedOn: String?
        var platform: String?
        var involved: String?
        var outcome: String?
        var entries: [Entry]?
        var evidence: [Evidence]?
    }

    func show(req: Request) async throws -> Detail {
        let (item, visibility) = try await Cases.find(req)
        let caseID = try item.requireID()
        var detail = Detail(
            id: caseID, reference: item.reference, category: item.category.rawValue, clauses: item.category.clauses,
            state: item.state.reporterTitle, reportedAt: item.createdAt)
        guard case .full = visibility else { return detail }
        detail.state = item.state.rawValue
        detail.whatHappened = item.whatHappened
        detail.happenedOn = item.happenedOn
        detail.platform = item.platform
        detail.involved = item.involvedKind
        detail.outcome = item.outcome?.rawValue
        detail.entries = try await CaseEntry.query(on: req.db).filter(\.$caseID == caseID).sort(\.$createdAt).all()
            .map {
                .init(
                    at: $0.createdAt, kind: $0.kind, action: $0.action?.rawValue, from: $0.stateFrom?.rawValue,
                    to: $0.stateTo?.rawValue, text: $0.text, reference: $0.externalReference, corrects: $0.correctsID,
                    report: $0.reportID, id: $0.id)
            }
        detail.evidence = try await CaseEvidence.query(on: req.db).filter(\.$caseID == caseID)
            .field(\.$id).field(\.$caseID).field(\.$filename).field(\.$contentType).field(\.$size).field(\.$sha256)
            .field(\.$uploadedAt).all()
            .map {
                .init(id: $0.id, filename: $0.filename, contentType: $0.contentType, size: $0.size, sha256: $0.sha256)
            }
        try await req.write { _, audit in
            try await audit.append(
                "case.opened", target: "case:\(caseID.uuidString)", schoolID: item.schoolID,
                details: ["reference": item.reference, "via": "api"])
        }
        return detail
    }
}
