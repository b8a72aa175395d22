// A policy's versions: comparing, setting questions, publishing and discarding drafts.

import Fluent
import StewardCore
import Vapor

extension PolicyController {
    // MARK: - Versions

    func versions(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let policy = try await Self.policy(req, action: .viewPolicies)
        let canManage = AccessPolicy.can(actor, .managePolicies) == .allowed
        let all = try await PolicyVersion.query(on: req.db).filter(\.$policy.$id == (try policy.requireID()))
            .sort(\.$number, .descending).all().filter { $0.isPublished || canManage }
        if all.isEmpty { throw Abort(.notFound) }
        let rows = all.map { version in
            VersionRow(
                id: version.id?.uuidString ?? "", number: version.number, published: Display.date(version.publishedAt),
                change: Self.changeKind(version), reason: version.changeReason ?? "",
                hash: String(version.contentHash.prefix(12)), current: version.id == policy.currentVersionID,
                draft: !version.isPublished)
        }
        return try await req.page(
            "policies/versions", title: "Versions of \(policy.title)",
            VersionsContent(id: policy.id?.uuidString ?? "", title: policy.title, versions: rows, canManage: canManage))
    }

    static func changeKind(_ version: PolicyVersion) -> String {
        guard version.isPublished else { return "Draft" }
        if version.number == 1 { return "First version" }
        return version.requiresAcknowledgement ? "Material change" : "Minor correction"
    }

    struct PublishForm: Content {
        var change: String?
        var reason: String?
        var deadline: String?
        var employee: String?
        var governor: String?
        var volunteer: String?
        /// "yes" once the headteacher has seen what publishing will do.
        var confirmed: String?
    }

    func version(req: Request) async throws -> Response {
        try await versionPage(req, form: nil, errors: [])
    }

    func versionPage(
        _ req: Request, form: PublishForm?, errors: [FieldError], questionsText: String? = nil,
        questionErrors: [FieldError] = [], discardErrors: [FieldError] = []
    ) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let policy = try await Self.policy(req, action: .viewPolicies)
        let version = try await Self.version(req, of: policy)
        let document = try version.document
        let published = try await PolicyLibrary.published(try policy.requireID(), on: req.db)
        // A draft is compared with the current version; a published one with the version before it.
        let base =
            version.isPublished
            ? published.last { $0.number < version.number }
            : published.first { $0.id == policy.currentVersionID }
        var changes: [ChangeView] = []
        var titleChanged = false
        if let base {
            let diff = PolicyDiff(from: try base.document, to: document)
            titleChanged = diff.titleChanged
            changes = diff.changes.map { change in
                switch change {
                case .added(let c):
                    ChangeView(kind: "Added", number: c.number, anchor: c.anchor, before: "", after: c.text)
                case .removed(let c):
                    ChangeView(kind: "Removed", number: c.number, anchor: "", before: c.text, after: "")
                case .changed(let old, let new):
                    ChangeView(
                        kind: "Changed", number: new.number, anchor: new.anchor, before: old.text, after: new.text)
                }
            }
        }
        // Nothing pre-selected: the kind of change is a decision (issue 19, item 5).
        let defaults = PublishForm(
            change: "", reason: "", deadline: String(PolicyLibrary.defaultDeadlineDays), employee: "yes",
            governor: "yes", volunteer: "yes", confirmed: nil)
        let counts = try await Self.audienceCounts(schoolID: policy.$school.id, on: req.db)
        let content = VersionContent(
            policyID: policy.id?.uuidString ?? "", id: version.id?.uuidString ?? "", title: document.title,
            number: version.number, draft: !version.isPublished, current: version.id == policy.currentVersionID,
            published: Display.date(version.publishedAt), change: Self.changeKind(version),
            reason: version.changeReason ?? "", hash: version.contentHash, notes: version.notes,
            comparedWith: base?.number, changes: changes, titleChanged: titleChanged,
            preamble: Self.preamble(document), sections: Self.sections(document),
            clauseCount: document.clauses.count,
            canManage: AccessPolicy.can(actor, .managePolicies) == .allowed, firstVersion: published.isEmpty,
            form: form ?? defaults, errors: FormErrors(errors),
            questionsText: questionsText ?? PolicyQuestions.format(version.questions),
            questionCount: version.questions.count, questionErrors: FormErrors(questionErrors),
            discardErrors: FormErrors(discardErrors), employees: counts[.employee] ?? 0,
            governors: counts[.governor] ?? 0, volunteers: counts[.volunteer] ?? 0)
        let title = version.isPublished ? "\(document.title), version \(version.number)" : "Check and publish"
        return try await req.page(
            "policies/version", title: title, content,
            status: errors.isEmpty && questionErrors.isEmpty && discardErrors.isEmpty ? .ok : .badRequest,
            notice: req.query[String.self, at: "done"] == "questions" ? "The questions have been saved." : nil)
    }

    struct QuestionsForm: Content { var questions: String? }

    /// Sets a draft's questions from the plain format (`Q:` then `- wrong` and `* right` answers); empty for none.
    func saveQuestions(req: Request) async throws -> Response {
        let policy = try await Self.policy(req, action: .managePolicies)
        let version = try await Self.version(req, of: policy)
        guard !version.isPublished else { throw Abort(.badRequest, reason: "A published version cannot change.") }
        let text = try req.content.decode(QuestionsForm.self).questions ?? ""
        guard text.count <= 20_000 else {
            return try await versionPage(
                req, form: nil, errors: [], questionsText: String(text.prefix(20_000)),
                questionErrors: [FieldError("questions", "Keep the questions to 20,000 characters or fewer.")])
        }
        switch PolicyQuestions.parse(text) {
        case .failure(let invalid):
            return try await versionPage(
                req, form: nil, errors: [], questionsText: text, questionErrors: invalid.errors)
        case .success(let questions):
            let encoded = String(decoding: try JSONEncoder().encode(questions), as: UTF8.self)
            let versionID = try version.requireID()
            try await req.write { db, audit in
                try await PolicyVersion.query(on: db).filter(\.$id == versionID).set(\.$questionsJSON, to: encoded)
                    .update()
                try await audit.append(
                    "policy.questions_set", target: "policy:\(try policy.requireID().uuidString)",
                    schoolID: policy.$school.id,
                    details: ["version": String(version.number), "questions": String(questions.count)])
            }
            return req.redirect(
                to: PolicyPaths.version(try policy.requireID(), versionID) + "?done=questions",
                redirectType: .normal)
        }
    }
}
