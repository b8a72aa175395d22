// Posts for the official accounts (policy 4.4–4.9): drafts screened with the school's own context, a second
// person's approval bound to the exact content, and the archive of what went out.

import Fluent
import StewardCore
import Vapor

struct PostsFeature: Feature {
    let name = "posts"

    func boot(pages: any RoutesBuilder, api: any RoutesBuilder) throws {
        try pages.register(collection: ArchiveController())
        try pages.register(collection: ScreeningController())
        try pages.register(collection: DraftController())
        try api.register(collection: PostAPIController())
    }

    var navigation: [NavigationEntry] {
        [NavigationEntry(title: "Posts", path: PostPaths.list(), action: .writeDrafts, order: 15)]
    }

    var recurringJobs: [RecurringJob] {
        [
            RecurringJob(kind: DraftExpiry.kind, schedule: .every(seconds: 900, firstDue: { $0 })) { _, app in
                try await DraftExpiry.run(app: app)
            }
        ]
    }

    var jobs: [String: JobHandler] { [PostWebhook.kind: PostWebhook.deliver] }

    func react(to change: SchoolChange, on db: any Database, audit: AuditWriter) async throws {
        switch change {
        case .roster(let schoolID), .staff(let schoolID), .left(_, let schoolID):
            // The names screening knows have changed: every instance rebuilds the school's context.
            try await SchoolScreening.changed(schoolID, on: db)
        case .policyPublished(let policyID, let schoolID):
            try await ClauseSuggestion.policyPublished(policyID, schoolID: schoolID, on: db, audit: audit)
        case .rolesTaken:
            break
        }
    }

    func work(for actor: Actor, person: Person, on db: any Database) async throws -> [WorkItem] {
        var items: [WorkItem] = []
        let waiting = try await DraftController.waitingFor(actor, on: db)
        let toPost = try await DraftController.toPost(by: actor, on: db)
        let approvals = try await DraftReview.query(on: db).inSchool(actor.schoolID)
            .filter(\.$draftID ~~ toPost.compactMap(\.id)).filter(\.$decision == .approved).filter(\.$voidedAt == nil)
            .all()
        func approval(_ draft: Draft) -> DraftReview? {
            approvals.filter { $0.draftID == draft.id }.max { $0.createdAt < $1.createdAt }
        }
        let authors = try await Person.query(on: db).inSchool(of: actor)
            .filter(\.$id ~~ Set((waiting + toPost).map(\.authorID) + approvals.map(\.reviewerID))).all()
        func name(_ id: UUID?) -> String { authors.first { $0.id == id }?.fullName ?? "a colleague" }
        func author(_ draft: Draft) -> String { name(draft.authorID) }
        for draft in waiting {
            items.append(
                WorkItem(
                    title: "Approve or return: \(DraftController.opening(draft.text))",
                    href: PostPaths.show(try draft.requireID()),
                    status: "From \(author(draft)), sent \(Display.date(draft.submittedAt))", urgent: false))
        }
        // An administrator's own approved post is listed once, with their own drafts below.
        for draft in toPost where draft.authorID != actor.personID {
            let approved = approval(draft)
            items.append(
                WorkItem(
                    title: "Post it: \(DraftController.opening(draft.text))",
                    href: PostPaths.show(try draft.requireID()),
                    status: "Written by \(author(draft)), approved by \(name(approved?.reviewerID)). Post it by "
                        + "\(Display.time(approved?.expiresAt)), then record where it went",
                    urgent: false))
        }
        let mine = try await Draft.query(on: db).inSchool(of: actor).filter(\.$authorID == actor.personID)
            .filter(\.$state ~~ [.returned, .approved, .expired]).sort(\.$updatedAt, .descending).all()
        let posting = Set(toPost.compactMap(\.id))
        for draft in mine {
            let status: String =
                switch draft.state {
                case .returned: "Returned with comments"
                // The author posts it only if they administer its accounts (policy 4.8); otherwise an administrator
                // does, and the author waits.
                case .approved:
                    posting.contains(draft.id ?? UUID())
                        ? "Approved: post it, then record where" : "Approved: an administrator of the account posts it"
                default: "Approval expired"
                }
            items.append(
                WorkItem(
                    title: DraftController.opening(draft.text), href: PostPaths.show(try draft.requireID()),
                    status: status, urgent: draft.state == .returned))
        }
        return items
    }

    func seedDemo(_ school: DemoSchool, on db: any Database, audit: AuditWriter) async throws {
        try await PostsDemo.seed(school, on: db, audit: audit)
    }

    /// Of `drafts`, those `viewer` may see by the drafts' own rule (`Drafts.load`): an unsent draft stays its
    /// author's here too.
    @Sendable static func visible(_ drafts: [Draft], to viewer: Actor, on db: any Database) async throws -> [Draft] {
        var seen: [Draft] = []
        for draft in drafts where try await Drafts.load(draft, for: viewer, on: db) != nil { seen.append(draft) }
        return seen
    }

    var personalData: [PersonalData] {
        [
            PersonalData(
                title: "Posts they wrote", table: "drafts", column: "author_id",
                handling: .review("pupils and others named or pictured in posts")
            ) { id, viewer, db in
                let drafts = try await Draft.query(on: db).filter(\.$authorID == id).inSchools(viewer.schoolIDs)
                    .sort(\.$createdAt).all()
                return try await Self.visible(drafts, to: viewer, on: db).map {
                    ["written": Display.time($0.createdAt), "state": $0.state.title, "text": $0.text]
                }
            },
            PersonalData(
                title: "Posts they recorded as published", table: "drafts", column: "published_by",
                handling: .review("pupils and others named or pictured in posts, and their authors")
            ) {
                id, viewer, db in
                let drafts = try await Draft.query(on: db).filter(\.$publishedBy == id)
                    .inSchools(viewer.schoolIDs).all()
                return try await Self.visible(drafts, to: viewer, on: db).map {
                    ["published": Display.time($0.publishedAt), "address": $0.liveAddress ?? ""]
                }
            },
            PersonalData(
                title: "Posts they approved or returned", table: "draft_reviews", column: "reviewer_id",
                handling: .review("the colleagues who wrote the posts, and pupils in them")
            ) {
                id, viewer, db in
                let reviews = try await DraftReview.query(on: db).filter(\.$reviewerID == id)
                    .inSchools(viewer.schoolIDs).sort(\.$createdAt).all()
                let drafts = try await Draft.query(on: db).filter(\.$id ~~ Set(reviews.map(\.draftID))).all()
                let seen = Set(try await Self.visible(drafts, to: viewer, on: db).compactMap(\.id))
                return reviews.filter { seen.contains($0.draftID) }.map {
                    [
                        "at": Display.time($0.createdAt), "decision": $0.decision.rawValue,
                        "comments": $0.comments, "override_reason": $0.overrideReason,
                    ]
                }
            },
            PersonalData(title: "Screening settings they changed", table: "screening_settings", column: "updated_by") {
                id, viewer, db in
                try await ScreeningSettings.query(on: db).filter(\.$updatedBy == id).inSchools(viewer.schoolIDs)
                    .all().map { ["changed": Display.time($0.updatedAt)] }
            },
        ]
    }

    var retention: [RetentionRule] {
        [
            RetentionRule(
                key: "published_posts",
                records: "Published posts with their approval, findings and overrides (the archive)", period: nil,
                after: "kept under the retention schedule (Records kept), counted from publication", purge: nil),
            RetentionRule(
                key: "unpublished_drafts",
                records: "Drafts never published (withdrawn or abandoned), with their photos", period: nil,
                after: "kept under the retention schedule (Records kept), counted from the last change", purge: nil),
        ]
    }
}
