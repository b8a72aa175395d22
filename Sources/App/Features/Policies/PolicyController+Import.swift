// Importing a policy or a new version of one from Markdown, Word or a pasted text.

import Fluent
import StewardCore
import Vapor

extension PolicyController {
    // MARK: - Importing

    func newPolicy(req: Request) async throws -> Response {
        try await req.page(
            "policies/import", title: "Import a policy",
            ImportContent(policyID: "", policyTitle: "", text: "", errors: FormErrors()))
    }

    func newVersion(req: Request) async throws -> Response {
        let policy = try await Self.policy(req, action: .managePolicies)
        return try await req.page(
            "policies/import", title: "Import a new version",
            ImportContent(
                policyID: policy.id?.uuidString ?? "", policyTitle: policy.title, text: "", errors: FormErrors(),
                draft: try await Self.draftToReplace(policy.id, on: req.db)))
    }

    struct ImportForm: Content {
        var file: File?
        var text: String?
        var policy: String?
        /// "yes" when the headteacher agrees to replace the draft already there.
        var replace: String?
    }

    func importPolicy(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let form = try req.content.decode(ImportForm.self)
        var policyID: UUID?
        var policyTitle = ""
        if let raw = form.policy, !raw.isEmpty {
            guard let id = UUID(uuidString: raw),
                let existing = try await SchoolScope.find(
                    Policy.self, id, for: actor.workingIn(actor.schoolID), on: req.db)
            else { throw Abort(.notFound) }
            policyID = id
            policyTitle = existing.title
        }
        let pasted = form.text ?? ""
        let bytes: [UInt8] =
            if let file = form.file, file.data.readableBytes > 0 {
                Array(file.data.readableBytesView)
            } else {
                Array(pasted.utf8)
            }
        func refuse(_ message: String, field: String = "file", draft: String? = nil) async throws -> Response {
            try await req.page(
                "policies/import", title: policyID == nil ? "Import a policy" : "Import a new version",
                ImportContent(
                    policyID: policyID?.uuidString ?? "", policyTitle: policyTitle,
                    text: String(pasted.prefix(200_000)),
                    errors: FormErrors([FieldError(field, message)]), draft: draft), status: .badRequest)
        }
        if bytes.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) {
            return try await refuse("Choose a Word document, PDF or text file, or paste the policy's text.")
        }
        let personID = try person.requireID()
        let schoolID = actor.schoolID
        let fixedPolicyID = policyID
        // Importing replaces a draft already there, with its questions (whether the policy was named or found by its
        // title): only when the headteacher ticks the box saying so.
        let replacing = form.replace == "yes"
        do {
            let (policy, version) = try await req.write { db, audit in
                try await PolicyLibrary.importDraft(
                    bytes, schoolID: schoolID, policyID: fixedPolicyID, createdBy: personID, replacingDraft: replacing,
                    on: db, audit: audit)
            }
            return req.redirect(
                to: PolicyPaths.version(policy.id?.uuidString ?? "", version.id?.uuidString ?? ""),
                redirectType: .normal)
        } catch let problem as PolicyLibrary.Problem {
            return try await refuse(problem.message)
        } catch let exists as PolicyLibrary.DraftExists {
            return try await refuse(
                "Tick the box to replace the draft already there, or open that draft instead.", field: "replace",
                draft: "\(exists.title), \(exists.draft)")
        }
    }
}
