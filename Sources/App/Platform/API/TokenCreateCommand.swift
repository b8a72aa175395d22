// `steward token create --email E --name N [--days D]`: issues an API token and prints it once.

import Fluent
import StewardCore
import Vapor

/// `steward token create`: an API token for a person, printed once and stored only as a hash. It cannot read
/// confidential cases: only the person can grant that, from their account page after entering a code.
public struct TokenCreateCommand: ApplicationCommand {
    public var email: String
    /// What the token is for, e.g. "MIS sync".
    public var name: String
    /// How many days it works: one of `APITokenLifetime.choices`; nil for the default.
    public var days: Int?

    public init(email: String, name: String, days: Int?) {
        self.email = email
        self.name = name
        self.days = days
    }

    public func run(in app: Application) async throws {
        let email: String
        switch TextRules.email(self.email) {
        case .success(let value): email = value
        case .failure(let error): throw CommandFailure.usage("--email: \(error.message)")
        }
        let name: String
        switch TextRules.line(self.name, field: "name", label: "--name", maxLength: 60) {
        case .success(let value): name = value
        case .failure(let error): throw CommandFailure.usage(error.message)
        }
        let days = self.days ?? APITokenLifetime.defaultDays
        guard APITokenLifetime.choices.contains(days) else {
            throw CommandFailure.usage(
                "--days must be one of \(APITokenLifetime.choices.map(String.init).joined(separator: ", ")).")
        }
        guard let person = try await Person.query(on: app.db).filter(\.$email == email).first(), person.active else {
            throw CommandFailure(message: "No active person has the email address \(email).", code: 1)
        }
        let (token, _) = try await APITokens.create(
            for: person, name: name, days: days, on: app.db, context: AuditContext.command("token create", app))
        app.console.print(token)
    }
}
