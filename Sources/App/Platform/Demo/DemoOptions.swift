// `steward demo [--data-dir DIR] [--port P] [--seed-only] [--json]`: parsed before Vapor sees the arguments.

import Foundation

public struct DemoOptions: Sendable {
    public var dataDirectory = "./data"
    public var port = 8080
    public var seedOnly = false
    public var json = false

    public struct Problem: Error { public var message: String }

    public static let usage = "usage: steward demo [--data-dir DIR] [--port P] [--seed-only] [--json]"

    public static func parse(_ args: [String]) -> Result<DemoOptions, Problem> {
        var options = DemoOptions()
        var i = 0
        while i < args.count {
            let arg = args[i]
            func value() -> String? {
                i += 1
                return i < args.count ? args[i] : nil
            }
            switch arg {
            case "--data-dir":
                guard let dir = value(), !dir.isEmpty else {
                    return .failure(Problem(message: "--data-dir needs a directory"))
                }
                options.dataDirectory = dir
            case "--port":
                guard let raw = value(), let port = Int(raw), (1...65535).contains(port) else {
                    return .failure(Problem(message: "--port needs a number from 1 to 65535"))
                }
                options.port = port
            case "--seed-only": options.seedOnly = true
            case "--json": options.json = true
            default: return .failure(Problem(message: "unknown option '\(arg)'"))
            }
            i += 1
        }
        return .success(options)
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
