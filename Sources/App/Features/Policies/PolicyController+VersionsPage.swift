// What the versions pages show: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension PolicyController {
    struct VersionRow: Encodable, Sendable {
        var id: String
        var number: Int
        var published: String
        var change: String
        var reason: String
        var hash: String
        var current: Bool
        var draft: Bool
    }

    struct VersionsContent: Encodable, Sendable {
        var id: String
        var title: String
        var versions: [VersionRow]
        var canManage: Bool
    }

    struct ChangeView: Encodable, Sendable {
        var kind: String
        var number: String
        var anchor: String
        var before: String
        var after: String
    }

    struct VersionContent: Encodable, Sendable {
        var policyID: String
        var id: String
        var title: String
        var number: Int
        var draft: Bool
        var current: Bool
        var published: String
        var change: String
        var reason: String
        var hash: String
        var notes: [String]
        var comparedWith: Int?
        var changes: [ChangeView]
        var titleChanged: Bool
        var preamble: [Block]
        var sections: [SectionView]
        var clauseCount: Int
        var canManage: Bool
        var firstVersion: Bool
        var form: PublishForm
        var errors: FormErrors
        var questionsText: String
        var questionCount: Int
        var questionErrors: FormErrors
        var discardErrors: FormErrors
        /// Active people in each group, beside the boxes that choose who must read it.
        var employees: Int
        var governors: Int
        var volunteers: Int
    }
}
