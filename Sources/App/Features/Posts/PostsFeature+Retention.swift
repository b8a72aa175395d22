// Posts under the retention schedule: the archive of published posts, and drafts never published.

import Fluent
import StewardCore
import Vapor

extension PostsFeature {
    var scheduledRecords: [ScheduledRecords] {
        [
            ScheduledRecords(
                rules: ["published_posts", "unpublished_drafts"],
                records: { schoolID, schedule, _, db in
                    let drafts = try await Draft.query(on: db).inSchool(schoolID).all()
                    return drafts.compactMap { draft in
                        guard let id = draft.id else { return nil }
                        let people = Set([draft.authorID] + (draft.publishedBy.map { [$0] } ?? []))
                        if draft.state == .published {
                            guard let rule = schedule["published_posts"] else { return nil }
                            let start = (draft.publishedAt ?? draft.updatedAt)
                            return RetainedRecord(
                                id: id, rule: rule.key, expiry: rule.expiry(clockStarted: CalendarDate(start)),
                                people: people)
                        }
                        guard let rule = schedule["unpublished_drafts"] else { return nil }
                        return RetainedRecord(
                            id: id, rule: rule.key, expiry: rule.expiry(clockStarted: CalendarDate(draft.updatedAt)),
                            people: people)
                    }
                },
                remove: { _, ids, schoolID, db in
                    let found = try await Draft.query(on: db).inSchool(schoolID).filter(\.$id ~~ ids).all()
                        .compactMap(\.id)
                    guard !found.isEmpty else { return [] }
                    try await PostDelivery.query(on: db).filter(\.$draftID ~~ found).delete()
                    try await DraftImage.query(on: db).filter(\.$draftID ~~ found).delete()
                    try await DraftAccount.query(on: db).filter(\.$draftID ~~ found).delete()
                    try await DraftReview.query(on: db).filter(\.$draftID ~~ found).delete()
                    try await Draft.query(on: db).filter(\.$id ~~ found).delete()
                    return found.map { AuditMatch(target: "draft:\($0.uuidString)") }
                })
        ]
    }
}
