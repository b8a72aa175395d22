// Approvals run out: an approved post not posted within the school's days needs approving again.

import Fluent
import Foundation
import StewardCore
import Vapor

enum DraftExpiry {
    static let kind = "drafts.expire_approvals"

    /// Expires every approval whose time is up, tells each author, and answers how many expired.
    @discardableResult
    static func run(app: Application, now: Date = Date()) async throws -> Int {
        let due = try await DraftReview.query(on: app.db).filter(\.$decision == .approved)
            .filter(\.$voidedAt == nil).filter(\.$expiresAt <= now).all()
        var expired = 0
        for review in due {
            try await AuditLog.write(on: app.db, context: .system("approvals", app)) { db, audit in
                guard
                    let draft = try await Draft.query(on: db).inSchool(review.schoolID)
                        .filter(\.$id == review.draftID).first()
                else { return }
                review.voidedAt = now
                review.voidReason = "expired"
                try await review.update(on: db)
                guard draft.state == .approved, let next = DraftRules.next(draft.state, .expire) else { return }
                draft.state = next
                try await draft.update(on: db)
                try await audit.append(
                    "draft.approval_expired", target: "draft:\(review.draftID.uuidString)", schoolID: draft.schoolID)
                try await DraftMail.tell(
                    draft.authorID, about: review.draftID, schoolID: draft.schoolID,
                    subject: "The approval of your post ran out",
                    lines: "Your approved post was not recorded as posted in time, so its approval ran out. "
                        + "Send it for approval again if it is still wanted.",
                    baseURL: app.steward.config.baseURL, on: db)
            }
            expired += 1
        }
        return expired
    }
}
