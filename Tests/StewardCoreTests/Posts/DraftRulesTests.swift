// A draft's life as issue 13 states it: every step from every state, who may approve, and the order approval
// refusals are given in.

import Foundation
import StewardCore
import Testing

@Suite("Draft rules")
struct DraftRulesTests {
    /// Written from the issue: an edit voids an approval; publishing needs one; published and withdrawn are final;
    /// an expired or returned draft goes back for approval; only a draft waiting for approval is approved.
    static let expected: [DraftState: [DraftStep: DraftState]] = [
        .writing: [.submit: .awaitingApproval, .edit: .writing, .withdraw: .withdrawn],
        .awaitingApproval: [
            .approve: .approved, .returnToAuthor: .returned, .edit: .awaitingApproval, .withdraw: .withdrawn,
        ],
        .returned: [.submit: .awaitingApproval, .edit: .returned, .withdraw: .withdrawn],
        .approved: [
            .returnToAuthor: .returned, .edit: .awaitingApproval, .publish: .published, .expire: .expired,
            .withdraw: .withdrawn,
        ],
        .published: [:],
        .expired: [.submit: .awaitingApproval, .edit: .expired, .withdraw: .withdrawn],
        .withdrawn: [:],
    ]

    @Test("Every step from every state lands where the issue says, and nowhere else")
    func everyStepFromEveryState() {
        var checked = 0
        for state in DraftState.allCases {
            for step in DraftStep.allCases {
                #expect(DraftRules.next(state, step) == Self.expected[state]?[step], "\(step) from \(state)")
                checked += 1
            }
            #expect(state.isEditable == (Self.expected[state]?[.edit] != nil), "\(state) editable")
        }
        #expect(checked == DraftState.allCases.count * DraftStep.allCases.count)
    }

    @Test("The headteacher reviews for any account; an administrator only for drafts all of whose accounts they run")
    func whoReviews() {
        let a = UUID()
        let b = UUID()
        #expect(DraftRules.mayReview(isHeadteacher: true, administers: [], accounts: [a, b]))
        #expect(DraftRules.mayReview(isHeadteacher: false, administers: [a, b], accounts: [a, b]))
        #expect(DraftRules.mayReview(isHeadteacher: false, administers: [a, b], accounts: [a]))
        #expect(!DraftRules.mayReview(isHeadteacher: false, administers: [a], accounts: [a, b]))
        #expect(!DraftRules.mayReview(isHeadteacher: false, administers: [], accounts: [a]))
        #expect(!DraftRules.mayReview(isHeadteacher: false, administers: [a], accounts: []))
    }

    func check(
        approver: UUID, author: UUID, head: Bool = false, administers: Set<UUID>, accounts: Set<UUID>,
        state: DraftState = .awaitingApproval, loaded: String = "d1", current: String = "d1", worst: Severity? = nil,
        reason: String = "", acknowledged: Bool = false
    ) -> ApprovalRefusal? {
        DraftRules.checkApproval(
            approver: approver, author: author, isHeadteacher: head, administers: administers, accounts: accounts,
            state: state, loadedDigest: loaded, currentDigest: current, worst: worst, overrideReason: reason,
            acknowledgedWarnings: acknowledged)
    }

    @Test("Approval refusals: own draft first, then who, then state, then a block, then the content, then reasons")
    func approvalChecks() {
        let author = UUID()
        let admin = UUID()
        let head = UUID()
        let account = UUID()
        // The author never approves, even as headteacher and administrator of everything.
        #expect(
            check(approver: author, author: author, head: true, administers: [account], accounts: [account])
                == .ownDraft)
        #expect(check(approver: UUID(), author: author, administers: [], accounts: [account]) == .notAnApprover)
        for state in DraftState.allCases where state != .awaitingApproval {
            #expect(
                check(approver: admin, author: author, administers: [account], accounts: [account], state: state)
                    == .notAwaitingApproval, "\(state)")
        }
        // A block is the headteacher's to override, whatever page was loaded.
        #expect(
            check(
                approver: admin, author: author, administers: [account], accounts: [account], loaded: "old",
                worst: .block) == .blockedNeedsHeadteacher)
        #expect(
            check(approver: admin, author: author, administers: [account], accounts: [account], loaded: "old")
                == .changedSinceLoaded)
        #expect(
            check(
                approver: head, author: author, head: true, administers: [], accounts: [account], loaded: "old",
                worst: .block, reason: "A good reason here", acknowledged: true) == .changedSinceLoaded)
        // The reason: nine characters (after trimming) are too few, ten are enough.
        #expect(
            check(
                approver: head, author: author, head: true, administers: [], accounts: [account], worst: .block,
                reason: "  123456789  ", acknowledged: true) == .overrideReasonMissing)
        #expect(
            check(
                approver: head, author: author, head: true, administers: [], accounts: [account], worst: .block,
                reason: "1234567890", acknowledged: true) == nil)
        #expect(
            check(
                approver: head, author: author, head: true, administers: [], accounts: [account], worst: .block,
                reason: "1234567890") == .warningsNotAcknowledged)
        // Warnings are acknowledged; information is not asked about.
        #expect(
            check(approver: admin, author: author, administers: [account], accounts: [account], worst: .warn)
                == .warningsNotAcknowledged)
        #expect(
            check(
                approver: admin, author: author, administers: [account], accounts: [account], worst: .warn,
                acknowledged: true) == nil)
        #expect(
            check(approver: admin, author: author, administers: [account], accounts: [account], worst: .info) == nil)
        #expect(check(approver: admin, author: author, administers: [account], accounts: [account]) == nil)
    }

    @Test("An approval lasts the school's days, kept within 1 to 90")
    func expiry() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(DraftRules.expiry(approvedAt: start, days: 7) == start.addingTimeInterval(7 * 86_400))
        #expect(DraftRules.expiry(approvedAt: start, days: 1) == start.addingTimeInterval(86_400))
        #expect(DraftRules.expiry(approvedAt: start, days: 0) == start.addingTimeInterval(86_400))
        #expect(DraftRules.expiry(approvedAt: start, days: 90) == start.addingTimeInterval(90 * 86_400))
        #expect(DraftRules.expiry(approvedAt: start, days: 91) == start.addingTimeInterval(90 * 86_400))
        #expect(DraftRules.defaultApprovalDays == 7)
    }
}
