// One sign-in attempt, counted to slow down password guessing.

import Fluent
import Foundation

final class LoginAttempt: Model, @unchecked Sendable {
    static let schema = "login_attempts"

    @ID(key: .id) var id: UUID?
    /// The e-mail typed, lower-cased, whether or not anyone has it.
    @Field(key: "email") var email: String
    @Field(key: "client_address") var clientAddress: String
    @Field(key: "succeeded") var succeeded: Bool
    @Field(key: "at") var at: Date

    init() {}

    init(email: String, clientAddress: String, succeeded: Bool, at: Date) {
        self.email = email
        self.clientAddress = clientAddress
        self.succeeded = succeeded
        self.at = at
    }
}
