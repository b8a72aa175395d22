// What can be looked up by the hash of its token, with its person, in one query (CredentialLookup).

import Fluent
import Foundation

/// A credential found by the hash of its token, with the person it belongs to.
protocol LookedUpCredential: Model {
    /// The column naming the school the credential works in, if it names one.
    static var currentSchoolKey: FieldKey? { get }
    /// The school the credential works in, if it names one.
    var currentSchoolID: UUID? { get }
}

extension BrowserSession: LookedUpCredential {
    static var currentSchoolKey: FieldKey? { "school_id" }
    var currentSchoolID: UUID? { $school.id }
}

extension APIToken: LookedUpCredential {
    /// A token works in its person's own school.
    static var currentSchoolKey: FieldKey? { nil }
    var currentSchoolID: UUID? { nil }
}
