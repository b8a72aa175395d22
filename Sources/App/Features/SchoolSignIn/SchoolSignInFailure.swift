// Why a sign-in with the school's account stopped, for the audit log and the person.

import StewardCore

/// A sign-in that cannot go on, with the reason to audit and what went wrong in detail (never shown to the person).
struct SchoolSignInFailure: Error {
    var refusal: SchoolSignInRefusal
    var detail: String
}
