// Sending a draft for approval, approving it for its exact content, returning it, withdrawing it, and recording
// where it was posted.

import Fluent
import StewardCore
import Vapor

extension DraftController {
    func submit(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let file = try await Drafts.find(req, for: .writeDrafts)
        guard file.isAuthor else { throw Abort(.forbidden, reason: "Only the author sends a draft for approval.") }
        guard let next = DraftRules.next(file.draft.state, .submit) else {
            throw Abort(.conflict, reason: "This draft is \(file.draft.state.title.lowercased()) and cannot be sent.")
        }
        let baseURL = req.application.steward.config.baseURL
        try await req.write { db, audit in
            let now = try await Drafts.current(file, for: actor, on: db) { $0.draft.state == file.draft.state }
            now.draft.state = next
            now.draft.submittedAt = Date()
            try await now.draft.update(on: db)
            try await audit.append(
                "draft.submitted", target: "draft:\(now.id.uuidString)", schoolID: now.draft.schoolID,
                details: ["digest": now.draft.digest])
            try await DraftMail.tellReviewers(now, baseURL: baseURL, on: db)
        }
        return req.redirect(to: PostPaths.show(file.id) + "?done=submitted", redirectType: .normal)
    }

    struct ApprovalForm: Content {
        var digest: String?
        var overrideReason: String?
        var acknowledge: String?

        enum CodingKeys: String, CodingKey {
            case digest
            case overrideReason = "override_reason"
            case acknowledge
        }
    }

    func approve(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let file = try await Drafts.find(req, for: .reviewDrafts)
        let form = try req.content.decode(ApprovalForm.self)
        let reason: String
        switch TextRules.paragraph(
            form.overrideReason, field: "override_reason", label: "The reason", required: false, maxLength: 4_000)
        {
        case .success(let value): reason = value
        case .failure(let error):
            return try await showPage(
                req, file: file, errors: [error], status: .badRequest,
                typed: Typed(overrideReason: form.overrideReason ?? ""))
        }
        let screening = try await DraftScreening.screen(
            text: file.draft.text, images: file.images, schoolID: file.draft.schoolID, req: req)
        let administers = try await Drafts.administered(by: actor.personID, in: file.draft.schoolID, on: req.db)
        if let refusal = DraftRules.checkApproval(
            approver: actor.personID, author: file.draft.authorID, isHeadteacher: file.isHeadteacher,
            administers: administers, accounts: Set(file.accounts.compactMap(\.id)), state: file.draft.state,
            loadedDigest: form.digest ?? "", currentDigest: file.content.digest, worst: screening.worst,
            overrideReason: reason, acknowledgedWarnings: form.acknowledge == "yes")
        {
            let field: String =
                switch refusal {
                case .overrideReasonMissing: "override_reason"
                case .warningsNotAcknowledged: "acknowledge"
                default: "approve"
                }
            let status: HTTPStatus =
                switch refusal {
                case .ownDraft, .notAnApprover, .blockedNeedsHeadteacher: .forbidden
                case .changedSinceLoaded, .notAwaitingApproval: .conflict
                default: .badRequest
                }
            return try await showPage(
                req, file: file, errors: [FieldError(field, refusal.message)], status: status,
                typed: Typed(overrideReason: reason))
        }
        let settings = try await SchoolScreening.settings(for: file.draft.schoolID, on: req.db)
        let now = Date()
        let expires = DraftRules.expiry(approvedAt: now, days: settings.approvalDays)
        let baseURL = req.application.steward.config.baseURL
        let overriding = screening.worst == .block
        let loaded = form.digest ?? ""
        try await req.write { db, audit in
            // Approved only as it is now: the state and content the checks above saw.
            let current = try await Drafts.current(file, for: actor, on: db) {
                $0.draft.state == .awaitingApproval && $0.content.digest == loaded && $0.approval == nil
            }
            let review = DraftReview(
                schoolID: file.draft.schoolID, draftID: file.id, reviewerID: actor.personID, decision: .approved,
                digest: file.content.digest, findings: screening.findings,
                overrideReason: overriding ? reason.trimmingCharacters(in: .whitespacesAndNewlines) : "",
                warningsAcknowledged: form.acknowledge == "yes", comments: "", expiresAt: expires, now: now)
            try await review.create(on: db)
            try await PostWebhook.queue(reviewID: try review.requireID(), schoolID: file.draft.schoolID, on: db)
            current.draft.state = .approved
            try await current.draft.update(on: db)
            var details = [
                "digest": review.digest, "findings": String(screening.findings.count),
                "expires": Display.time(expires),
            ]
            if overriding {
                details["override_reason"] = review.overrideReason
                details["blocking"] = String(screening.blocking)
            }
            try await audit.append(
                overriding ? "draft.approved_over_block" : "draft.approved", target: "draft:\(file.id.uuidString)",
                schoolID: file.draft.schoolID, details: details)
            // Only an administrator of every account it is for posts it (policy 4.8): the author if they are one;
            // otherwise the author is told who does, and those administrators are asked to.
            let posters = try await Drafts.posters(
                of: Set(current.accounts.compactMap(\.id)), in: file.draft.schoolID, on: db)
            let by = Display.time(expires)
            try await DraftMail.tell(
                file.draft.authorID, about: file.id, schoolID: file.draft.schoolID,
                subject: "Your post was approved",
                lines: posters.contains(file.draft.authorID)
                    ? "Your draft post was approved. Post it by \(by), then record where it went."
                    : "Your draft post was approved. An administrator of the school's account posts it by \(by) "
                        + "(policy 4.8).",
                baseURL: baseURL, on: db)
            for person in posters.sorted(by: { $0.uuidString < $1.uuidString })
            where person != file.draft.authorID && person != actor.personID {
                try await DraftMail.tell(
                    person, about: file.id, schoolID: file.draft.schoolID,
                    subject: "A post is approved for you to post",
                    lines: "A draft post for an account you run was approved. Post it by \(by), then record where it "
                        + "went.",
                    baseURL: baseURL, on: db)
            }
        }
        return req.redirect(to: PostPaths.show(file.id) + "?done=approved", redirectType: .normal)
    }

    struct ReturnForm: Content { var comments: String? }

    func sendBack(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let file = try await Drafts.find(req, for: .reviewDrafts)
        let form = try req.content.decode(ReturnForm.self)
        guard file.mayReview else {
            return try await showPage(
                req, file: file, errors: [FieldError("comments", ApprovalRefusal.notAnApprover.message)],
                status: .forbidden, typed: Typed(comments: form.comments ?? ""))
        }
        guard let next = DraftRules.next(file.draft.state, .returnToAuthor) else {
            return try await showPage(
                req, file: file, errors: [FieldError("comments", ApprovalRefusal.notAwaitingApproval.message)],
                status: .conflict, typed: Typed(comments: form.comments ?? ""))
        }
        let comments: String
        switch TextRules.paragraph(form.comments, field: "comments", label: "What should change", maxLength: 4_000) {
        case .success(let value): comments = value
        case .failure(let error):
            return try await showPage(
                req, file: file, errors: [error], status: .badRequest, typed: Typed(comments: form.comments ?? ""))
        }
        let baseURL = req.application.steward.config.baseURL
        try await req.write { db, audit in
            let now = try await Drafts.current(file, for: actor, on: db) { $0.draft.state == file.draft.state }
            try await Drafts.void(now, reason: "returned to the author", on: db, audit: audit)
            try await DraftReview(
                schoolID: now.draft.schoolID, draftID: now.id, reviewerID: actor.personID, decision: .returned,
                digest: now.content.digest, findings: [], overrideReason: "", warningsAcknowledged: false,
                comments: comments, expiresAt: nil
            ).create(on: db)
            now.draft.state = next
            try await now.draft.update(on: db)
            try await audit.append(
                "draft.returned", target: "draft:\(file.id.uuidString)", schoolID: file.draft.schoolID,
                details: ["digest": file.draft.digest])
            try await DraftMail.tell(
                file.draft.authorID, about: file.id, schoolID: file.draft.schoolID,
                subject: "Your post was returned with comments",
                lines: "Your draft post was returned with comments. Open it to see what should change.",
                baseURL: baseURL, on: db)
        }
        return req.redirect(to: PostPaths.show(file.id) + "?done=returned", redirectType: .normal)
    }

    func withdraw(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let file = try await Drafts.find(req, for: .writeDrafts)
        guard file.isAuthor || file.isHeadteacher else {
            throw Abort(.forbidden, reason: "Only the author or the headteacher withdraws a draft.")
        }
        guard let next = DraftRules.next(file.draft.state, .withdraw) else {
            throw Abort(
                .conflict, reason: "This draft is \(file.draft.state.title.lowercased()) and cannot be withdrawn.")
        }
        try await req.write { db, audit in
            let now = try await Drafts.current(file, for: actor, on: db) { $0.draft.state == file.draft.state }
            try await Drafts.void(now, reason: "withdrawn", on: db, audit: audit)
            now.draft.state = next
            now.draft.updatedAt = Date()
            try await now.draft.update(on: db)
            try await audit.append(
                "draft.withdrawn", target: "draft:\(file.id.uuidString)", schoolID: file.draft.schoolID)
        }
        return req.redirect(to: PostPaths.list() + "?done=withdrawn", redirectType: .normal)
    }

    struct PublishedForm: Content {
        var liveAddress: String?
        var digest: String?

        enum CodingKeys: String, CodingKey {
            case liveAddress = "live_address"
            case digest
        }
    }

    /// Records where an approved post went: only while its approval holds, and only for the content approved.
    func published(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let file = try await Drafts.find(req, for: .writeDrafts)
        let form = try req.content.decode(PublishedForm.self)
        let typed = Typed(liveAddress: form.liveAddress ?? "")
        guard file.mayPost else {
            throw Abort(
                .forbidden,
                reason: "Only an administrator of the account it is for posts it and records where it went "
                    + "(policy 4.8).")
        }
        guard let approval = file.approval, file.isBoundToApproval,
            form.digest == nil || form.digest == file.content.digest
        else {
            return try await showPage(
                req, file: file,
                errors: [FieldError("live_address", "Only an approved post, exactly as approved, can be recorded.")],
                status: .conflict, typed: typed)
        }
        if let expires = approval.expiresAt, expires <= Date() {
            return try await showPage(
                req, file: file,
                errors: [
                    FieldError(
                        "live_address", "The approval ran out on \(Display.time(expires)). Send it for approval again.")
                ], status: .conflict, typed: typed)
        }
        let address: String
        switch WebAddress.check(form.liveAddress, field: "live_address", label: "Where it was posted") {
        case .success(let value): address = value
        case .failure(let error):
            return try await showPage(req, file: file, errors: [error], status: .badRequest, typed: typed)
        }
        let approvedDigest = approval.digest
        try await req.write { db, audit in
            // Recorded only for the content approved, as it is at this moment: an edit racing this write loses.
            let now = try await Drafts.current(file, for: actor, on: db) {
                $0.isBoundToApproval && $0.approval?.digest == approvedDigest
                    && ($0.approval?.expiresAt ?? .distantPast) > Date()
            }
            now.draft.state = .published
            now.draft.liveAddress = address
            now.draft.publishedAt = Date()
            now.draft.publishedBy = actor.personID
            try await now.draft.update(on: db)
            try await audit.append(
                "draft.published", target: "draft:\(now.id.uuidString)", schoolID: now.draft.schoolID,
                details: ["address": address, "digest": now.draft.digest])
        }
        return req.redirect(to: PostPaths.show(file.id) + "?done=published", redirectType: .normal)
    }
}
