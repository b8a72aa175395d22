// A draft's photos: checked by their content and stripped of metadata on the way in, who they show, removal, and
// the stripped file for posting.

import Fluent
import StewardCore
import Vapor

extension DraftController {
    struct CheckedImages: Sendable {
        var images: [(name: String, checked: PostImage.Checked)] = []
        var errors: [FieldError] = []
    }

    /// Checks every uploaded photo before anything is written: all of them are kept, or none.
    static func checkImages(_ files: [SpooledFile], existing: Int) -> CheckedImages {
        var result = CheckedImages()
        guard !files.isEmpty else { return result }
        if existing + files.count > DraftRules.maximumImages {
            result.errors.append(
                FieldError(
                    "images",
                    "A post can carry at most \(DraftRules.maximumImages) photos; this would make \(existing + files.count)."
                ))
            return result
        }
        for file in files {
            let name = safeName(file.filename)
            if file.size > PostImage.maxBytes {
                result.errors.append(FieldError("images", "\(name) is larger than 20 MB."))
                continue
            }
            do {
                let checked = try PostImage.check(try file.bytes(), name: name)
                result.images.append((name, checked))
            } catch let refused as PostImage.Refused {
                result.errors.append(FieldError("images", refused.message))
            } catch {
                result.errors.append(FieldError("images", "\(name) could not be read."))
            }
        }
        return result
    }

    /// A file name fit to keep and show: its last part only (no folders), without control or invisible characters
    /// (which could reverse how it reads), at most 80 characters; "photo" when nothing is left.
    static func safeName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: last.unicodeScalars.filter { !TextRules.isHiddenOrControl($0) })
        let name = String(scalars).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name != ".", name != ".." else { return "photo" }
        return name.count > 80 ? String(name.prefix(80)) : name
    }

    /// Stores checked photos after the draft's `existing` ones, their pupils not yet stated.
    static func store(
        _ images: [(name: String, checked: PostImage.Checked)], draft: Draft, from existing: Int, on db: any Database
    ) async throws {
        for (offset, item) in images.enumerated() {
            let image = DraftImage()
            image.schoolID = draft.schoolID
            image.draftID = try draft.requireID()
            image.position = existing + offset
            image.filename = item.name
            image.format = item.checked.format.rawValue
            image.width = item.checked.width
            image.height = item.checked.height
            image.size = item.checked.bytes.count
            image.sha256 = item.checked.sha256
            image.data = Data(item.checked.bytes)
            image.removed = item.checked.removed.joined(separator: ", ")
            image.pupilsStated = false
            image.pupilIDList = ""
            image.uploadedAt = Date()
            try await image.create(on: db)
        }
    }

    func image(req: Request) async throws -> Response {
        let file = try await Drafts.find(req, for: .writeDrafts)
        guard let imageID = req.parameters.get("imageID", as: UUID.self),
            let image = file.images.first(where: { $0.id == imageID })
        else { throw Abort(.notFound) }
        let response = Response(status: .ok, body: .init(data: image.data))
        response.headers.contentType = image.format == "png" ? .png : .jpeg
        let safe =
            image.filename.unicodeScalars.map { $0.isASCII && $0.value > 31 && $0 != "\"" && $0 != "\\" }
                .allSatisfy { $0 } ? image.filename : "photo.\(image.format == "png" ? "png" : "jpg")"
        let disposition = req.query[String.self, at: "download"] == nil ? "inline" : "attachment"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "\(disposition); filename=\"\(safe)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    struct PupilsForm: Content {
        var pupils: [String]?
        var none: String?
    }

    /// The photo named by the route, on a draft its author may still change.
    static func editablePhoto(_ req: Request) async throws -> (Actor, DraftFile, UUID, DraftImage) {
        let (actor, _) = try req.requireActor()
        let file = try await Drafts.find(req, for: .writeDrafts)
        try requireEditable(file)
        guard let imageID = req.parameters.get("imageID", as: UUID.self),
            let image = file.images.first(where: { $0.id == imageID })
        else { throw Abort(.notFound) }
        return (actor, file, imageID, image)
    }

    /// Says who a photo shows: pupils from the roster, or nobody.
    func imagePupils(req: Request) async throws -> Response {
        let (actor, file, imageID, image) = try await Self.editablePhoto(req)
        let form = try req.content.decode(PupilsForm.self)
        let raw = form.pupils ?? []
        let ids = raw.compactMap { UUID(uuidString: $0) }
        let found =
            ids.isEmpty
            ? []
            : try await RosterPupil.query(on: req.db).inSchool(file.draft.schoolID)
                .filter(\.$id ~~ Set(ids)).all()
        // A pupil id of another school, or one that is not an id at all, refuses the whole form.
        if ids.count != raw.count || Set(found.compactMap(\.id)) != Set(ids) {
            return try await showPage(
                req, file: file,
                errors: [FieldError("pupils-\(imageID.uuidString)", "Choose pupils from the list.")],
                status: .badRequest)
        }
        if ids.isEmpty && form.none != "yes" {
            return try await showPage(
                req, file: file,
                errors: [
                    FieldError(
                        "pupils-\(imageID.uuidString)", "Choose the pupils the photo shows, or tick that it shows none."
                    )
                ], status: .badRequest)
        }
        try await req.write { db, audit in
            let current = try await Drafts.current(file, for: actor, on: db) {
                $0.isAuthor && $0.draft.state.isEditable && $0.images.contains { $0.id == imageID }
            }
            guard let image = current.images.first(where: { $0.id == imageID }) else { throw DraftChanged() }
            image.pupilIDs = ids
            image.pupilsStated = true
            try await image.update(on: db)
            guard let fresh = try await Drafts.load(current.draft, for: actor, on: db) else { throw Abort(.notFound) }
            try await Drafts.changed(fresh, why: "pupils in a photo changed", on: db, audit: audit)
            try await audit.append(
                "draft.photo_pupils", target: "draft:\(file.id.uuidString)", schoolID: file.draft.schoolID,
                details: ["photo": String(image.position + 1), "pupils": String(ids.count)])
        }
        return req.redirect(
            to: PostPaths.show(file.id) + "?done=pupils#photo-\(image.position + 1)", redirectType: .normal)
    }

    func removeImage(req: Request) async throws -> Response {
        let (actor, file, imageID, _) = try await Self.editablePhoto(req)
        try await req.write { db, audit in
            let current = try await Drafts.current(file, for: actor, on: db) {
                $0.isAuthor && $0.draft.state.isEditable && $0.images.contains { $0.id == imageID }
            }
            guard let image = current.images.first(where: { $0.id == imageID }) else { throw DraftChanged() }
            try await image.delete(on: db)
            for (index, other) in current.images.filter({ $0.id != imageID }).enumerated()
            where other.position != index {
                other.position = index
                try await other.update(on: db)
            }
            guard let fresh = try await Drafts.load(current.draft, for: actor, on: db) else { throw Abort(.notFound) }
            try await Drafts.changed(fresh, why: "a photo removed", on: db, audit: audit)
            try await audit.append(
                "draft.photo_removed", target: "draft:\(file.id.uuidString)", schoolID: file.draft.schoolID,
                details: ["photo": image.filename])
        }
        return req.redirect(to: PostPaths.show(file.id) + "?done=removed", redirectType: .normal)
    }
}
