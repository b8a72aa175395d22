// The step-up a route declares (`requires: .recentSecondFactor`): raised by the finder once it knows the actor
// would see the record in full, answered here in one place for pages and the API.

import StewardCore
import Vapor

enum StepUp {
    /// Whether the caller has proved a second factor recently enough: a page session that entered a code within the
    /// window, or an API token granted the cases scope (which only such a session can create).
    static func isSatisfied(_ req: Request) -> Bool {
        if req.isAPI { return req.apiScopes.contains(.cases) }
        return Reauthentication.isFresh(req)
    }

    /// Whether the route being served declared that it needs a fresh second factor and the caller has none.
    static func isOwed(_ req: Request) -> Bool {
        req.route?.requirement == .recentSecondFactor && !isSatisfied(req)
    }

    /// Throws `StepUpRequired` when the route declared the requirement and the caller has not met it.
    static func demand(_ req: Request) throws {
        if isOwed(req) { throw StepUpRequired() }
    }

    /// How a refused request is answered: a page read goes to the step-up page and comes back; a form post is
    /// refused with the step-up form itself (403), which returns to the page the form was on; the API says which
    /// token it needs.
    static func answer(_ req: Request) async throws -> Response {
        if req.isAPI {
            throw Abort(
                .forbidden,
                reason:
                    "This token may not read cases. Create one with 'It may read the confidential cases I can see' on your account page."
            )
        }
        guard req.method == .GET else {
            // Back to the page the form was on (same site only), or home. A plain form's fields come along, to be sent
            // again once the code is right: a note typed for twenty minutes is not lost to the window closing.
            let back = req.headers.first(name: .referer).flatMap { URLComponents(string: $0)?.path }
            let next = SafeRedirect.path(back.flatMap { $0.isEmpty ? nil : $0 } ?? HomePaths.home())
            let carried = StepUpController.carried(req)
            let provider =
                try await req.actor.asyncMap {
                    try await SchoolSignIn.linkedProvider(personID: $0.personID, on: req.db)?.kind.title
                } ?? nil
            return try await req.page(
                "session/step-up", title: "Confirm it is you",
                StepUpController.StepUpContent(
                    next: next, hasTwoFactor: req.currentPerson?.hasTwoFactor ?? false,
                    errors: FormErrors([
                        FieldError(
                            "code",
                            carried.isEmpty
                                ? "It is more than 15 minutes since you last entered a code. Enter one now, then send "
                                    + "the form again: nothing was saved."
                                : "It is more than 15 minutes since you last entered a code, so nothing was saved yet. "
                                    + "Enter one now and what you sent is saved then: nothing you typed is lost.")
                    ]), carried: carried, replay: carried.isEmpty ? "" : SafeRedirect.path(req.url.path),
                    provider: provider),
                status: .forbidden)
        }
        return req.redirect(
            to: SessionPaths.stepUp() + "?next=\(SafeRedirect.encode(req.url.path))", redirectType: .normal)
    }
}
