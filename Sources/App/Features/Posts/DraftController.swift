// Drafts for the official accounts: written by any member of staff, screened as they are written, approved by a
// second person for their exact content, then recorded once posted (policy 4.4, 4.5–4.7, 4.8, 4.9).

import Fluent
import StewardCore
import Vapor

struct DraftController: RouteCollection {
    /// Room for ten 20 MB photos and 20,000 characters in any script, percent-encoded.
    static let upload: ByteCount = "210mb"

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, PostPaths.list, action: .writeDrafts, use: index)
        routes.on(.GET, PostPaths.new, action: .writeDrafts, use: newDraft)
        routes.on(.POST, PostPaths.list, action: .writeDrafts, upload: Self.upload, use: create)
        routes.on(.GET, PostPaths.show, action: .writeDrafts, use: show)
        routes.on(.GET, PostPaths.edit, action: .writeDrafts, use: edit)
        routes.on(.POST, PostPaths.show, action: .writeDrafts, upload: Self.upload, use: update)
        routes.on(.POST, PostPaths.submit, action: .writeDrafts, use: submit)
        routes.on(.POST, PostPaths.approve, action: .reviewDrafts, body: .collect(maxSize: "64kb"), use: approve)
        routes.on(.POST, PostPaths.sendBack, action: .reviewDrafts, body: .collect(maxSize: "64kb"), use: sendBack)
        routes.on(.POST, PostPaths.withdraw, action: .writeDrafts, use: withdraw)
        routes.on(.POST, PostPaths.published, action: .writeDrafts, use: published)
        routes.on(.GET, PostPaths.image, action: .writeDrafts, use: image)
        routes.on(
            .POST, PostPaths.imagePupils, action: .writeDrafts, body: .collect(maxSize: "256kb"), use: imagePupils)
        routes.on(.POST, PostPaths.removeImage, action: .writeDrafts, use: removeImage)
    }
}
