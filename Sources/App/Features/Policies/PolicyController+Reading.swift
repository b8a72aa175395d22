// Reading a policy and acknowledging it (policy 1.1).

import Fluent
import StewardCore
import Vapor

extension PolicyController {
    // MARK: - Reading and acknowledging

    func show(req: Request) async throws -> Response {
        try await showPage(req, errors: [])
    }

    func showPage(
        _ req: Request, errors: [FieldError], answers: [Int?] = [], status: HTTPStatus = .ok
    )
        async throws -> Response
    {
        let (actor, person) = try req.requireActor()
        let policy = try await Self.policy(req, action: .viewPolicies)
        let canManage = AccessPolicy.can(actor, .managePolicies) == .allowed
        guard let currentID = policy.currentVersionID, let current = try await PolicyVersion.find(currentID, on: req.db)
        else {
            // Not yet published: managers go to the draft; nobody else may know it exists.
            guard canManage,
                let draft = try await PolicyVersion.query(on: req.db).filter(\.$policy.$id == policy.id ?? UUID())
                    .filter(\.$publishedAt == nil).first()
            else { throw Abort(.notFound) }
            return req.redirect(to: PolicyPaths.version(policy.id?.uuidString ?? "", draft.id?.uuidString ?? ""))
        }
        let mine = try await PolicyLibrary.statuses(for: person, on: req.db).first { $0.0.id == policy.id }?.2
        let count = try await PolicyVersion.query(on: req.db).filter(\.$policy.$id == policy.id ?? UUID())
            .filter(\.$publishedAt != nil).count()
        let content = ShowContent(
            id: policy.id?.uuidString ?? "", title: current.title, versionID: current.id?.uuidString ?? "",
            versionNumber: current.number, published: Display.date(current.publishedAt),
            hash: String(current.contentHash.prefix(12)),
            document: try await req.application.steward.policyDocuments.html(of: current, req: req),
            status: mine.map(Self.describe) ?? "",
            outstanding: mine?.isOutstanding ?? false,
            acknowledged: { if case .met = mine { true } else { false } }(), errors: FormErrors(errors),
            canManage: canManage, canSeeFigures: AccessPolicy.can(actor, .viewPolicyFigures) == .allowed,
            versionCount: count, isPublic: policy.isPublic,
            publicURL: try await Self.publicURL(policy, req: req),
            questions: Self.questionViews(current.questions, answers: answers))
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "acknowledged": "Thank you. Your acknowledgement has been recorded."
            case "published": "This version is published. Everyone it asks will see it on their home page."
            case "public": "Anyone can now read this policy at its public address, without signing in."
            case "private": "The policy is no longer public; only the school's people can read it."
            default: nil
            }
        return try await req.page("policies/show", title: current.title, content, status: status, notice: notice)
    }

    struct AcknowledgeForm: Content {
        var version: String?
        var confirm: String?
    }

    func acknowledge(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        let policy = try await Self.policy(req, action: .acknowledgePolicy)
        // A trust administrator may read another school's policy, but only its own people acknowledge it.
        guard policy.$school.id == person.$school.id else {
            return try await showPage(
                req, errors: [FieldError("confirm", "Only the people of this policy's school acknowledge it.")],
                status: .conflict)
        }
        let form = try req.content.decode(AcknowledgeForm.self)
        guard let versionID = form.version.flatMap(UUID.init(uuidString:)),
            let version = try await PolicyVersion.query(on: req.db).filter(\.$id == versionID)
                .filter(\.$policy.$id == (try policy.requireID())).first()
        else { throw Abort(.badRequest, reason: "That version of the policy does not exist.") }
        // Everything missing at once, and the answers already chosen kept: the box, and each question not answered.
        let chosen = Self.answers(req, count: version.questions.count)
        var missing: [FieldError] = []
        for (index, answer) in chosen.enumerated() where answer == nil {
            missing.append(FieldError("answer-\(index + 1)-0", "Answer question \(index + 1)."))
        }
        if form.confirm != "yes" {
            missing.append(FieldError("confirm", "Tick the box to confirm you have read and understood the policy."))
        }
        if !missing.isEmpty {
            return try await showPage(req, errors: missing, answers: chosen, status: .badRequest)
        }
        let answers = Self.answers(req, count: version.questions.count)
        do {
            _ = try await PolicyLibrary.acknowledge(version, person: person, method: "page", answers: answers, req: req)
        } catch let problem as PolicyLibrary.Problem {
            return try await showPage(req, errors: [FieldError("confirm", problem.message)], status: .conflict)
        } catch let wrong as PolicyLibrary.WrongAnswers {
            return try await showPage(
                req, errors: [FieldError("answer-\(wrong.questions[0])-0", wrong.description)], answers: answers,
                status: .badRequest)
        }
        return req.redirect(
            to: PolicyPaths.show(policy.id?.uuidString ?? "") + "?done=acknowledged", redirectType: .normal)
    }
}
