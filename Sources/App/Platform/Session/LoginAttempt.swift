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
    /// A hash of the known-device cookie the attempt came with, or nil from a device the account does not know.
    @OptionalField(key: "device") var device: String?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [$id, $email, $clientAddress, $succeeded, $at, $device]
    }

    init() {}

    init(email: String, clientAddress: String, succeeded: Bool, at: Date, device: String? = nil) {
        self.email = email
        self.clientAddress = clientAddress
        self.succeeded = succeeded
        self.at = at
        self.device = device
    }
}
