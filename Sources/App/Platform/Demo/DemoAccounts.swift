// What `steward demo --json` prints: the schools and everyone who can sign in.

import Fluent
import Foundation
import StewardCore
import Vapor

/// What `steward demo --json` prints: the schools and everyone who can sign in.
public struct DemoAccounts: Codable, Sendable {
    public struct SchoolInfo: Codable, Sendable {
        public var slug: String
        public var name: String
    }

    public struct Account: Codable, Sendable {
        public var email: String
        public var password: String
        public var school: String
        public var roles: [String]
        public var totp_secret: String?

        /// Written out in full: `totp_secret` is `null`, not missing, when the role needs no second factor.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(email, forKey: .email)
            try container.encode(password, forKey: .password)
            try container.encode(school, forKey: .school)
            try container.encode(roles, forKey: .roles)
            try container.encode(totp_secret, forKey: .totp_secret)
        }
    }

    public var schools: [SchoolInfo]
    public var accounts: [Account]
}
