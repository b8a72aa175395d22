// A draft with everything that makes up its content, and what the person asking may do with it.

import Foundation
import StewardCore

/// A draft with its accounts, images and current approval, and what the person asking may do with it.
struct DraftFile: Sendable {
    var draft: Draft
    var accounts: [OfficialAccount]
    var images: [DraftImage]
    /// The approval in force: the latest, unless an edit, a return or time voided it.
    var approval: DraftReview?
    var isAuthor: Bool
    /// Whether the person may approve or return it (never its author).
    var mayReview: Bool
    /// Whether the person may post it once approved and record where it went (policy 4.8: an administrator of its
    /// accounts).
    var mayPost: Bool
    var isHeadteacher: Bool

    var id: UUID { draft.id ?? UUID() }

    /// The content an approval binds: text, images with their pupils, accounts.
    var content: PostContent {
        PostContent(
            text: draft.text,
            images: images.map { PostContent.Image(sha256: $0.sha256, pupils: $0.pupilIDs) },
            accounts: accounts.compactMap(\.id))
    }

    /// Whether the draft is approved for exactly what it holds now: the approval in force was given to this content
    /// (text, photos, pupils, accounts), so it may be posted and recorded. Any change since breaks the binding.
    var isBoundToApproval: Bool {
        guard draft.state == .approved, let approval else { return false }
        return approval.digest == content.digest && draft.digest == approval.digest
    }
}
