// The life of a draft post for an official account (policy 4.4, 4.8, 4.9): its states, the steps between them, and
// who may approve it.

import Foundation

/// Where a draft is in its life.
public enum DraftState: String, CaseIterable, Codable, Sendable {
    /// Being written; only the author sees it.
    case writing
    /// Sent for approval; the account's administrators and the headteacher see it.
    case awaitingApproval = "awaiting_approval"
    /// Sent back to the author with comments.
    case returned
    /// Approved for its exact content, until it expires or is edited.
    case approved
    /// Posted, with its live address recorded: in the archive for good.
    case published
    /// Approved too long ago to be posted without a fresh approval.
    case expired
    /// Given up by its author or the headteacher.
    case withdrawn

    public var title: String {
        switch self {
        case .writing: "Being written"
        case .awaitingApproval: "Waiting for approval"
        case .returned: "Returned with comments"
        case .approved: "Approved"
        case .published: "Published"
        case .expired: "Approval expired"
        case .withdrawn: "Withdrawn"
        }
    }

    /// Whether the text, images, pupils or accounts may still change.
    public var isEditable: Bool { DraftRules.next(self, .edit) != nil }
}

/// What someone does to a draft.
public enum DraftStep: String, CaseIterable, Codable, Sendable {
    case submit
    case approve
    case returnToAuthor = "return"
    case edit
    case publish
    case expire
    case withdraw
}

/// Why an approval is refused, in words for the approver.
public enum ApprovalRefusal: Error, Sendable, Equatable, CaseIterable {
    case ownDraft
    case notAnApprover
    case notAwaitingApproval
    case changedSinceLoaded
    case blockedNeedsHeadteacher
    case overrideReasonMissing
    case warningsNotAcknowledged

    public var message: String {
        switch self {
        case .ownDraft: "You wrote this draft, so someone else must approve it."
        case .notAnApprover:
            "Only an administrator of every account this draft is for, or the headteacher, may approve it."
        case .notAwaitingApproval: "This draft is not waiting for approval."
        case .changedSinceLoaded:
            "The draft changed after you opened it. Nothing was approved: read it again and approve what is there now."
        case .blockedNeedsHeadteacher:
            "This draft has a problem that blocks it. Only the headteacher may approve it anyway, with a reason."
        case .overrideReasonMissing:
            "Give a reason of at least \(DraftRules.minimumReasonLength) characters for approving a draft with a problem that blocks it."
        case .warningsNotAcknowledged: "Tick the box to say you have read each finding."
        }
    }
}

/// The rules of a draft's life, as a headteacher could argue about them.
public enum DraftRules {
    /// Who may write drafts: every member of staff (volunteers hold the staff role), not governors (4.9 is about
    /// those who post for the school).
    public static let writers: Set<Role> = [
        .staff, .lineManager, .headteacher, .safeguardingLead, .hr, .socialMediaAdmin, .trustAdmin,
    ]

    /// How long an approval lasts unless the school changes it, and the range a school may choose.
    public static let defaultApprovalDays = 7
    public static let approvalDaysRange = 1...90
    /// The shortest reason accepted for overriding a blocking finding.
    public static let minimumReasonLength = 10
    /// The longest post text accepted.
    public static let maximumTextLength = 20_000
    /// The most images a draft may carry.
    public static let maximumImages = 10

    /// The state after `step`, or nil when the step is not possible from `state`.
    public static func next(_ state: DraftState, _ step: DraftStep) -> DraftState? {
        switch (step, state) {
        case (.submit, .writing), (.submit, .returned), (.submit, .expired): .awaitingApproval
        case (.approve, .awaitingApproval): .approved
        case (.returnToAuthor, .awaitingApproval), (.returnToAuthor, .approved): .returned
        // An edit to an approved draft voids the approval: it waits for a new one.
        case (.edit, .approved): .awaitingApproval
        case (.edit, .writing), (.edit, .awaitingApproval), (.edit, .returned), (.edit, .expired): state
        case (.publish, .approved): .published
        case (.expire, .approved): .expired
        case (.withdraw, .writing), (.withdraw, .awaitingApproval), (.withdraw, .returned), (.withdraw, .approved),
            (.withdraw, .expired):
            .withdrawn
        default: nil
        }
    }

    /// Whether someone may approve (or return) drafts for accounts: the headteacher for every account, an
    /// administrator for the accounts they administer, and only when they administer every account of the draft.
    public static func mayReview(isHeadteacher: Bool, administers: Set<UUID>, accounts: Set<UUID>) -> Bool {
        if isHeadteacher { return true }
        return !accounts.isEmpty && accounts.isSubset(of: administers)
    }

    /// Whether someone may post an approved draft and record where it went: only an administrator of every account it
    /// is for (policy 4.8: "only those with administrator rights should communicate in this way"), whoever wrote or
    /// approved it; a headteacher too only where they administer the accounts.
    public static func mayPost(administers: Set<UUID>, accounts: Set<UUID>) -> Bool {
        !accounts.isEmpty && accounts.isSubset(of: administers)
    }

    /// Checks an approval against every rule; nil means it may be recorded.
    ///
    /// - Parameters:
    ///   - loadedDigest: the content digest of the draft as the approver's page showed it.
    ///   - currentDigest: the digest of the draft as it is now.
    ///   - worst: the worst severity among the findings the approver saw.
    public static func checkApproval(
        approver: UUID, author: UUID, isHeadteacher: Bool, administers: Set<UUID>, accounts: Set<UUID>,
        state: DraftState, loadedDigest: String, currentDigest: String, worst: Severity?, overrideReason: String,
        acknowledgedWarnings: Bool
    ) -> ApprovalRefusal? {
        if approver == author { return .ownDraft }
        if !mayReview(isHeadteacher: isHeadteacher, administers: administers, accounts: accounts) {
            return .notAnApprover
        }
        if state != .awaitingApproval { return .notAwaitingApproval }
        // Who may approve over a block does not depend on which version of the page was loaded.
        if worst == .block, !isHeadteacher { return .blockedNeedsHeadteacher }
        if loadedDigest != currentDigest { return .changedSinceLoaded }
        switch worst {
        case .block:
            let reason = overrideReason.trimmingCharacters(in: .whitespacesAndNewlines)
            if reason.count < minimumReasonLength { return .overrideReasonMissing }
            if !acknowledgedWarnings { return .warningsNotAcknowledged }
        case .warn:
            if !acknowledgedWarnings { return .warningsNotAcknowledged }
        case .info, nil:
            break
        }
        return nil
    }

    /// When an approval given at `approvedAt` stops being good for posting.
    public static func expiry(approvedAt: Date, days: Int) -> Date {
        approvedAt.addingTimeInterval(
            TimeInterval(min(max(days, approvalDaysRange.lowerBound), approvalDaysRange.upperBound)) * 86_400)
    }
}
