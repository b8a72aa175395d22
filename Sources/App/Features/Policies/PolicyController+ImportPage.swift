// What the policy import page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension PolicyController {
    struct ImportContent: Encodable, Sendable {
        var policyID: String
        var policyTitle: String
        var text: String
        var errors: FormErrors
        /// The draft a new import would replace ("version 3, imported 2 December 2026, with 4 questions").
        var draft: String? = nil
    }

    /// The unpublished draft of `policyID` a new import would replace, described; nil when there is none.
    static func draftToReplace(_ policyID: UUID?, on db: any Database) async throws -> String? {
        guard let policyID,
            let draft = try await PolicyVersion.query(on: db).filter(\.$policy.$id == policyID)
                .filter(\.$publishedAt == nil).first()
        else { return nil }
        let questions = draft.questions.count
        return "version \(draft.number), imported \(Display.date(draft.createdAt)), with "
            + (questions == 0 ? "no questions" : questions == 1 ? "1 question" : "\(questions) questions")
    }
}
