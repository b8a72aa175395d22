// Every path of drafts, approval, the archive and the school's screening settings, written once: routes are
// registered from these and links built from them.

enum PostPaths {
    static let list = RoutePath("posts")
    static let new = RoutePath("posts", "new")
    static let archive = RoutePath("posts", "archive")
    static let archiveCSV = RoutePath("posts", "archive.csv")
    static let archiveJSON = RoutePath("posts", "archive.json")
    static let show = RoutePath("posts", ":draftID")
    static let edit = RoutePath("posts", ":draftID", "edit")
    static let submit = RoutePath("posts", ":draftID", "submit")
    static let approve = RoutePath("posts", ":draftID", "approve")
    static let sendBack = RoutePath("posts", ":draftID", "return")
    static let withdraw = RoutePath("posts", ":draftID", "withdraw")
    static let published = RoutePath("posts", ":draftID", "published")
    static let image = RoutePath("posts", ":draftID", "images", ":imageID")
    static let imagePupils = RoutePath("posts", ":draftID", "images", ":imageID", "pupils")
    static let removeImage = RoutePath("posts", ":draftID", "images", ":imageID", "remove")

    static let screening = RoutePath("screening")
    static let screeningTerms = RoutePath("screening", "terms")
    static let screeningClauses = RoutePath("screening", "clauses")
    static let screeningApproval = RoutePath("screening", "approval")
    static let screeningWebhook = RoutePath("screening", "webhook")

    static let apiScreen = RoutePath("api", "v1", "screen")
    static let apiDrafts = RoutePath("api", "v1", "drafts")
    static let apiDraft = RoutePath("api", "v1", "drafts", ":draftID")
}
