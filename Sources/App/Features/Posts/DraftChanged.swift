// A step refused because the draft changed between the page that asked for it and the write that would take it.

import Vapor

/// The draft changed (an edit, an approval, a return) between loading the page and taking the step: nothing was
/// saved, and the person is asked to look again.
struct DraftChanged: AbortError {
    var status: HTTPResponseStatus { .conflict }
    var reason: String {
        "The draft changed while you were working on it, so nothing was saved. Open it again to see it as it is now."
    }
}
