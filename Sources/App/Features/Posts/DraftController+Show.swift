// One draft: its words with every finding marked in place, its photos and who they show, and what can be done
// with it next.

import Fluent
import StewardCore
import Vapor

extension DraftController {
    func show(req: Request) async throws -> Response {
        let file = try await Drafts.find(req, for: .writeDrafts)
        return try await showPage(req, file: file, errors: [], status: .ok)
    }

    /// Values typed into the page's forms, kept when one is refused.
    struct Typed: Encodable, Sendable {
        var overrideReason = ""
        var comments = ""
        var liveAddress = ""
    }

    func showPage(
        _ req: Request, file: DraftFile, errors: [FieldError], status: HTTPStatus, typed: Typed = Typed()
    ) async throws -> Response {
        let draft = file.draft
        let screening = try await DraftScreening.screen(
            text: draft.text, images: file.images, schoolID: draft.schoolID, req: req)
        let editable = file.isAuthor && draft.state.isEditable
        let roster: [ShowContent.PupilOption] =
            editable && !file.images.isEmpty ? try await Self.rosterOptions(draft.schoolID, on: req.db) : []
        if !roster.isEmpty {
            // Children's names and photo consents, shown to an author who may not open the roster itself: recorded
            // as a look at the roster, as the roster page's own views are.
            try await req.write { _, audit in
                try await audit.append(
                    "roster.viewed", target: "draft:\(file.id.uuidString)", schoolID: draft.schoolID,
                    details: ["for": "choosing who a draft's photos show", "pupils": String(roster.count)])
            }
        }
        let tagged = Set(file.images.flatMap(\.pupilIDs))
        let names = try await Self.pupilNames(tagged, schoolID: draft.schoolID, on: req.db)
        let people = try await Person.query(on: req.db).inSchool(draft.schoolID)
            .filter(\.$id ~~ Set([draft.authorID] + (file.approval.map { [$0.reviewerID] } ?? []))).all()
        let reviews = try await DraftReview.query(on: req.db).filter(\.$draftID == file.id)
            .sort(\.$createdAt, .descending).all()
        let reviewers = try await Person.query(on: req.db).inSchool(draft.schoolID)
            .filter(\.$id ~~ Set(reviews.map(\.reviewerID))).all()
        let images = file.images.enumerated().map { index, image in
            ShowContent.ImageView(
                number: index + 1, id: image.id?.uuidString ?? "",
                field: "pupils-\(image.id?.uuidString ?? "")", name: image.filename,
                size: "\(image.width) × \(image.height) pixels", removed: image.removed, stated: image.pupilsStated,
                pupils: image.pupilIDs.map { names[$0] ?? "A pupil no longer on the roster" },
                options: roster.map { option in
                    var option = option
                    option.selected = image.pupilIDs.contains { $0.uuidString == option.id }
                    return option
                })
        }
        let approval = file.approval.map { approval in
            ShowContent.ApprovalView(
                by: reviewers.first { $0.id == approval.reviewerID }?.fullName ?? "",
                at: Display.time(approval.createdAt), expires: Display.time(approval.expiresAt),
                overrideReason: approval.overrideReason)
        }
        let history = reviews.map { review in
            ShowContent.ReviewView(
                decision: review.decision == .approved ? "Approved" : "Returned",
                by: reviewers.first { $0.id == review.reviewerID }?.fullName ?? "", at: Display.time(review.createdAt),
                comments: review.comments, overrideReason: review.overrideReason,
                voided: review.voidReason ?? "")
        }
        let deliveries = try await PostDelivery.query(on: req.db).inSchool(draft.schoolID)
            .filter(\.$draftID == file.id).sort(\.$attemptedAt, .descending).all().map {
                ShowContent.DeliveryView(
                    at: Display.time($0.attemptedAt), status: $0.statusCode.map(String.init) ?? "no answer",
                    succeeded: $0.succeeded, answer: $0.answer)
            }
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "saved": "Saved. The findings below are for the draft as it is now."
            case "pupils": "Saved who the photo shows."
            case "removed": "The photo was removed."
            case "submitted": "Sent for approval. You will get an email when it is approved or returned."
            case "approved": "Approved. The author has been told."
            case "returned": "Returned to the author with your comments."
            case "published": "Recorded as published. It is now in the archive."
            default: nil
            }
        let state = draft.state
        let lastReturn = state == .returned ? reviews.first { $0.decision == .returned } : nil
        let content = ShowContent(
            id: file.id.uuidString, state: state.title, stateKey: state.rawValue,
            accounts: file.accounts.map(\.title),
            intendedOn: draft.intendedOn.flatMap(CalendarDate.init(parsing:))?
                .longForm ?? "",
            author: people.first { $0.id == draft.authorID }?.fullName ?? "", isAuthor: file.isAuthor,
            text: draft.text, runs: screening.runs, findings: screening.items, blocking: screening.blocking,
            warnings: screening.warnings, images: images, approval: approval, history: history, deliveries: deliveries,
            digest: draft.digest, canEdit: editable,
            canSubmit: file.isAuthor && DraftRules.next(state, .submit) != nil,
            canWithdraw: (file.isAuthor || file.isHeadteacher) && DraftRules.next(state, .withdraw) != nil,
            canApprove: file.mayReview && state == .awaitingApproval
                && (screening.worst != .block || file.isHeadteacher),
            canReturn: file.mayReview && DraftRules.next(state, .returnToAuthor) != nil,
            needsOverride: screening.worst == .block, needsAcknowledgement: (screening.worst ?? .info) >= .warn,
            canRecordPublished: file.mayPost && state == .approved,
            posters: state == .approved && !file.mayPost ? try await Self.posters(of: file, on: req.db) : "",
            returnedBy: lastReturn.map { review in
                reviewers.first { $0.id == review.reviewerID }?.fullName ?? "an approver"
            }
                ?? "", returnedComments: lastReturn?.comments ?? "", liveAddress: draft.liveAddress ?? "",
            publishedAt: Display.time(draft.publishedAt), typed: typed,
            minimumReason: DraftRules.minimumReasonLength, errors: FormErrors(errors))
        return try await req.page("posts/show", title: "Draft post", content, status: status, notice: notice)
    }

    /// The names of those who administer every account of `file`, who alone may post it (policy 4.8): "Lucy Fenwick",
    /// "A and B"; empty when nobody does yet.
    static func posters(of file: DraftFile, on db: any Database) async throws -> String {
        let each = try await Drafts.posters(of: Set(file.accounts.compactMap(\.id)), in: file.draft.schoolID, on: db)
        guard !each.isEmpty else { return "" }
        let people = try await Person.query(on: db).inSchool(file.draft.schoolID).filter(\.$id ~~ Array(each))
            .filter(\.$active == true).sort(\.$surname).all()
        let names = people.map(\.fullName)
        return names.count <= 1
            ? names.first ?? "" : names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
    }

    /// The roster as choices, by class then name: names and classes only, never consents.
    static func rosterOptions(_ schoolID: UUID, on db: any Database) async throws -> [ShowContent.PupilOption] {
        try await RosterPupil.query(on: db).inSchool(schoolID).sort(\.$className).sort(\.$legalSurname)
            .sort(\.$legalForename).all().map {
                ShowContent.PupilOption(
                    id: $0.id?.uuidString ?? "",
                    label: "\($0.preferredForename ?? $0.legalForename) \($0.legalSurname)"
                        + ($0.className.map { " (\($0))" } ?? "")
                        + ($0.photoOnSocialMedia ? "" : " – no photo consent"), selected: false)
            }
    }

    static func pupilNames(_ ids: Set<UUID>, schoolID: UUID, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let pupils = try await RosterPupil.query(on: db).inSchool(schoolID).filter(\.$id ~~ ids).all()
        return Dictionary(
            uniqueKeysWithValues: pupils.compactMap { p in
                p.id.map { ($0, "\(p.preferredForename ?? p.legalForename) \(p.legalSurname)") }
            })
    }
}
