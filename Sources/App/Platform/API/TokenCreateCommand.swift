// `steward token create --email E --name N [--days D]`: issues an API token and prints it once.

import Fluent
import StewardCore
import Vapor

struct TokenCreateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "Email address of the person the token acts for")
        var email: String?
        @Option(name: "name", help: "What the token is for, e.g. 'MIS sync'")
        var name: String?
        @Option(name: "days", help: "How many days the token works: 7, 30, 90 (the default) or 365")
        var days: Int?
    }

    var help: String {
        "Create an API token for a person; the token is printed once and stored only as a hash. It cannot read "
            + "confidential cases: only the person can grant that, from their account page after entering a code."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let email: String
        switch TextRules.email(signature.email) {
        case .success(let value): email = value
        case .failure(let error):
            context.console.error("--email: \(error.message)")
            throw CommandExit(64)
        }
        let name: String
        switch TextRules.line(signature.name, field: "name", label: "--name", maxLength: 60) {
        case .success(let value): name = value
        case .failure(let error):
            context.console.error(error.message)
            throw CommandExit(64)
        }
        let days = signature.days ?? APITokenLifetime.defaultDays
        guard APITokenLifetime.choices.contains(days) else {
            context.console.error(
                "--days must be one of \(APITokenLifetime.choices.map(String.init).joined(separator: ", ")).")
            throw CommandExit(64)
        }
        let db = context.application.db
        guard let person = try await Person.query(on: db).filter(\.$email == email).first(), person.active else {
            context.console.error("No active person has the email address \(email).")
            throw CommandExit(1)
        }
        let (token, _) = try await APITokens.create(
            for: person, name: name, days: days, on: db,
            context: AuditContext.command("token create", context.application))
        context.console.print(token)
    }
}
