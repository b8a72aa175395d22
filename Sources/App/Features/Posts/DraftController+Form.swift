// Writing and changing a draft: its words, accounts, intended day and photos.

import Fluent
import StewardCore
import Vapor

extension DraftController {
    func formPage(
        _ req: Request, file: DraftFile?, form: DraftForm, errors: [FieldError]
    ) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let schoolID = file?.draft.schoolID ?? actor.schoolID
        let open = try await OfficialAccount.query(on: req.db).inSchool(schoolID).filter(\.$retiredAt == nil)
            .sort(\.$platform).sort(\.$handle).all()
        let chosen = Set(form.accounts ?? [])
        let images = (file?.images ?? []).enumerated().map { index, image in
            FormContent.ImageView(number: index + 1, name: image.filename)
        }
        var content = FormContent(
            id: file.map { $0.id.uuidString },
            accounts: open.map {
                FormContent.AccountOption(
                    id: $0.id?.uuidString ?? "", title: $0.title, checked: chosen.contains($0.id?.uuidString ?? ""))
            },
            text: form.text ?? "", intendedOn: form.intendedOn ?? "", images: images,
            slots: max(0, DraftRules.maximumImages - images.count),
            maxText: DraftRules.maximumTextLength.formatted(
                .number.grouping(.automatic).locale(Locale(identifier: "en_GB"))),
            approved: file?.draft.state == .approved, errors: FormErrors(errors))
        if let file {
            content.findings = try await DraftScreening.screen(
                text: file.draft.text, images: file.images, schoolID: schoolID, req: req
            ).items
        }
        return try await req.page(
            "posts/form", title: file == nil ? "Write a post" : "Change the draft", content,
            status: errors.isEmpty ? .ok : .badRequest)
    }

    func newDraft(req: Request) async throws -> Response {
        try await formPage(req, file: nil, form: DraftForm(), errors: [])
    }

    func create(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let form = try req.uploadForm(DraftForm.self)
        let open = try await Self.openAccounts(actor.schoolID, on: req.db)
        var errors: [FieldError] = []
        var valid: DraftForm.Valid?
        switch form.validate(open: open) {
        case .failure(let invalid): errors += invalid.errors
        case .success(let v): valid = v
        }
        let checked = Self.checkImages(req.uploadedFiles("images"), existing: 0)
        errors += checked.errors
        Self.askAgainForPhotos(checked, &errors)
        guard let valid, errors.isEmpty else { return try await formPage(req, file: nil, form: form, errors: errors) }
        let draft = try await Self.createDraft(req, valid: valid, images: checked.images)
        return req.redirect(to: PostPaths.show(try draft.requireID()) + "?done=saved", redirectType: .normal)
    }

    /// Writes a new draft for the signed-in person with its accounts and checked photos, audited, in one write.
    static func createDraft(
        _ req: Request, valid: DraftForm.Valid, images: [(name: String, checked: PostImage.Checked)]
    ) async throws -> Draft {
        let (actor, _) = try req.requireActor()
        let draft = Draft(
            schoolID: actor.schoolID, authorID: actor.personID, text: valid.text,
            intendedOn: valid.intendedOn?.description, digest: "")
        try await req.write { db, audit in
            try await draft.create(on: db)
            let draftID = try draft.requireID()
            for accountID in valid.accounts {
                try await DraftAccount(schoolID: draft.schoolID, draftID: draftID, accountID: accountID).create(on: db)
            }
            try await Self.store(images, draft: draft, from: 0, on: db)
            guard let file = try await Drafts.load(draft, for: actor, on: db) else { throw Abort(.notFound) }
            draft.digest = file.content.digest
            try await draft.update(on: db)
            try await audit.append(
                "draft.created", target: "draft:\(draftID.uuidString)",
                details: [
                    "accounts": String(valid.accounts.count), "images": String(images.count),
                    "characters": String(valid.text.unicodeScalars.count), "digest": draft.digest,
                ])
        }
        return draft
    }

    func edit(req: Request) async throws -> Response {
        let file = try await Drafts.find(req, for: .writeDrafts)
        try Self.requireEditable(file)
        let form = DraftForm(
            text: file.draft.text, intendedOn: file.draft.intendedOn,
            accounts: file.accounts.compactMap { $0.id?.uuidString })
        return try await formPage(req, file: file, form: form, errors: [])
    }

    func update(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let file = try await Drafts.find(req, for: .writeDrafts)
        try Self.requireEditable(file)
        let form = try req.uploadForm(DraftForm.self)
        // An account retired since the draft was written may stay on it; no new one may be added.
        let open = try await Self.openAccounts(file.draft.schoolID, on: req.db).union(file.accounts.compactMap(\.id))
        var errors: [FieldError] = []
        var valid: DraftForm.Valid?
        switch form.validate(open: open) {
        case .failure(let invalid): errors += invalid.errors
        case .success(let v): valid = v
        }
        let checked = Self.checkImages(req.uploadedFiles("images"), existing: file.images.count)
        errors += checked.errors
        Self.askAgainForPhotos(checked, &errors)
        guard let valid, errors.isEmpty else { return try await formPage(req, file: file, form: form, errors: errors) }
        let draftID = file.id
        let existing = file.images.count
        try await req.write { db, audit in
            // Changed only if it may still change now (an approval or a publication may have landed meanwhile).
            let current = try await Drafts.current(file, for: actor, on: db) {
                $0.isAuthor && $0.draft.state.isEditable && $0.images.count == existing
            }
            let draft = current.draft
            let before = draft.digest
            draft.text = valid.text
            draft.intendedOn = valid.intendedOn?.description
            try await DraftAccount.query(on: db).filter(\.$draftID == draftID).delete()
            for accountID in valid.accounts {
                try await DraftAccount(schoolID: draft.schoolID, draftID: draftID, accountID: accountID).create(on: db)
            }
            try await Self.store(checked.images, draft: draft, from: existing, on: db)
            guard let fresh = try await Drafts.load(draft, for: actor, on: db) else { throw Abort(.notFound) }
            if fresh.content.digest != before {
                try await Drafts.changed(fresh, why: "text, accounts or photos changed", on: db, audit: audit)
                try await audit.append(
                    "draft.edited", target: "draft:\(draftID.uuidString)", schoolID: draft.schoolID,
                    details: [
                        "accounts": String(valid.accounts.count), "images_added": String(checked.images.count),
                        "characters": String(valid.text.unicodeScalars.count), "digest": draft.digest,
                    ])
            } else if draft.hasChanges {
                draft.updatedAt = Date()
                try await draft.update(on: db)
            }
        }
        return req.redirect(to: PostPaths.show(draftID) + "?done=saved", redirectType: .normal)
    }

    /// A browser never sends chosen files back with a refused form: say so, rather than lose the photos silently.
    static func askAgainForPhotos(_ checked: CheckedImages, _ errors: inout [FieldError]) {
        guard !errors.isEmpty, !checked.images.isEmpty, checked.errors.isEmpty else { return }
        errors.append(
            FieldError(
                "images",
                "Choose your \(checked.images.count == 1 ? "photo" : "photos") again: nothing was saved because of the problem above."
            ))
    }

    /// Only the author changes a draft, and only before it is published or withdrawn.
    static func requireEditable(_ file: DraftFile) throws {
        guard file.isAuthor else { throw Abort(.forbidden, reason: "Only the author can change this draft.") }
        guard file.draft.state.isEditable else {
            throw Abort(
                .conflict, reason: "This draft is \(file.draft.state.title.lowercased()): it cannot change now.")
        }
    }

    /// The accounts of the school a new draft may be for.
    static func openAccounts(_ schoolID: UUID, on db: any Database) async throws -> Set<UUID> {
        Set(
            try await OfficialAccount.query(on: db).inSchool(schoolID).filter(\.$retiredAt == nil).all()
                .compactMap(\.id))
    }

    struct FormContent: Encodable, Sendable {
        struct AccountOption: Encodable, Sendable {
            var id: String
            var title: String
            var checked: Bool
        }
        struct ImageView: Encodable, Sendable {
            var number: Int
            var name: String
        }
        var id: String?
        var accounts: [AccountOption]
        var text: String
        var intendedOn: String
        var images: [ImageView]
        var slots: Int
        var maxText: String
        /// What screening found in the draft as saved, so the author changing it sees what to change.
        var findings: [DraftScreening.Item] = []
        var approved: Bool
        var errors: FormErrors
    }
}
