// What the draft page shows: the view model, as the template reads it.

import StewardCore
import Vapor

extension DraftController {
    struct ShowContent: Encodable, Sendable {
        struct PupilOption: Encodable, Sendable {
            var id: String
            var label: String
            var selected: Bool
        }
        struct ImageView: Encodable, Sendable {
            var number: Int
            var id: String
            /// The form field naming the photo's pupils, for its error message.
            var field: String
            var name: String
            var size: String
            var removed: String
            var stated: Bool
            var pupils: [String]
            var options: [PupilOption]
        }
        struct ApprovalView: Encodable, Sendable {
            var by: String
            var at: String
            var expires: String
            var overrideReason: String
        }
        struct DeliveryView: Encodable, Sendable {
            var at: String
            var status: String
            var succeeded: Bool
            var answer: String
        }
        struct ReviewView: Encodable, Sendable {
            var decision: String
            var by: String
            var at: String
            var comments: String
            var overrideReason: String
            var voided: String
        }
        var id: String
        var state: String
        var stateKey: String
        var accounts: [String]
        var intendedOn: String
        var author: String
        var isAuthor: Bool
        var text: String
        var runs: [DraftScreening.Run]
        var findings: [DraftScreening.Item]
        var blocking: Int
        var warnings: Int
        var images: [ImageView]
        var approval: ApprovalView?
        var history: [ReviewView]
        /// Each attempt to send the post to the school's webhook.
        var deliveries: [DeliveryView]
        var digest: String
        var canEdit: Bool
        var canSubmit: Bool
        var canWithdraw: Bool
        var canApprove: Bool
        var canReturn: Bool
        var needsOverride: Bool
        var needsAcknowledgement: Bool
        var canRecordPublished: Bool
        /// Who posts it, when the reader may not (policy 4.8): the administrators of its accounts, by name.
        var posters: String
        /// The latest return, shown first while the draft is back with its author.
        var returnedBy: String
        var returnedComments: String
        var liveAddress: String
        var publishedAt: String
        var typed: Typed
        var minimumReason: Int
        var errors: FormErrors
    }
}
