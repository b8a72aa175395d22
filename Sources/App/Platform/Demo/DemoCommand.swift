// `steward demo [--data-dir DIR] [--port P] [--seed-only] [--json]`: a demo trust on SQLite, seeded once, served.

import Foundation
import StewardCore
import Vapor

/// `steward demo`: creates the demo trust and schools if the database is empty, prints who can sign in, and serves
/// them on 127.0.0.1 (with background jobs, so its mail arrives in `DATA_DIR/mail`).
public struct DemoCommand: ApplicationCommand {
    public var dataDirectory: String
    public var port: Int
    /// Seed and print the accounts, then exit without serving.
    public var seedOnly: Bool
    /// Print the accounts as JSON, for scripts.
    public var json: Bool

    public init(dataDirectory: String = "./data", port: Int = 8080, seedOnly: Bool = false, json: Bool = false) {
        self.dataDirectory = dataDirectory
        self.port = port
        self.seedOnly = seedOnly
        self.json = json
    }

    /// The demo keeps its own data directory whatever STEWARD_DATA_DIR says, so it never seeds a real one; links in
    /// its mail point at the port it serves on unless STEWARD_BASE_URL says otherwise.
    public func prepareEnvironment() {
        setenv("STEWARD_DATA_DIR", dataDirectory, 1)
        setenv("STEWARD_BASE_URL", "http://127.0.0.1:\(port)", 0)
    }

    public func run(in app: Application) async throws {
        let accounts = try await DemoSeed.seedIfEmpty(app)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(accounts) + Data("\n".utf8))
        } else {
            let config = app.steward.config
            let text = Self.describe(
                accounts, port: port, dataDirectory: config.dataDirectory.path, mail: config.mail)
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
        guard !seedOnly else { return }
        try await VaporCommand.serve(hostname: "127.0.0.1", port: port, runsJobs: true).run(in: app)
    }

    /// The human summary printed before serving: where to go and who can sign in.
    public static func describe(
        _ accounts: DemoAccounts, port: Int, dataDirectory: String, mail: MailSetting? = nil
    ) -> String {
        var lines = [
            "Steward demo — data in \(dataDirectory)",
            "Open http://127.0.0.1:\(port) and sign in as any of these:",
            "",
        ]
        for school in accounts.schools {
            lines.append("\(school.name) (\(school.slug))")
            for account in accounts.accounts where account.school == school.slug {
                var line =
                    "  \(account.email)  password: \(account.password)  roles: \(account.roles.joined(separator: ", "))"
                if let secret = account.totp_secret { line += "  two-factor secret: \(secret)" }
                lines.append(line)
            }
        }
        lines.append("")
        lines.append(
            "Accounts with a two-factor secret: add it to an authenticator app (or `oathtool --totp -b SECRET`).")
        switch mail {
        case .file(let directory):
            lines.append(
                "Mail Steward sends (password-reset links, reminders) is saved as .eml files in \(directory.path).")
        case .log: lines.append("Mail Steward sends is written to the log.")
        case .sendmail(let path): lines.append("Mail Steward sends goes through \(path).")
        case nil: break
        }
        return lines.joined(separator: "\n")
    }
}
