// Settings read once from the environment at start-up; a bad value stops start-up naming the variable.

import Crypto
import Foundation
import StewardCore

/// Everything Steward reads from its environment, parsed and checked.
public struct StewardConfig: Sendable {
    public enum DatabaseKind: String, Sendable { case sqlite, postgres }

    /// Where the SQLite file, the generated secret key and other local files live.
    public var dataDirectory: URL
    /// `postgres://…` when a trust runs several instances on PostgreSQL; nil for the SQLite file.
    public var databaseURL: String?
    /// The address people use to reach Steward; `https` makes cookies Secure.
    public var baseURL: URL
    /// Key for CSRF tokens and for encrypting two-factor secrets at rest.
    public var secretKey: SymmetricKey
    /// Addresses of reverse proxies whose `X-Forwarded-For` header is believed.
    public var trustedProxies: Set<String>
    /// bcrypt cost for new password hashes.
    public var bcryptCost: Int
    /// The name shown in authenticator apps.
    public var issuer: String = "Steward"
    /// How outgoing mail leaves the outbox (`STEWARD_MAIL`); files in the data directory unless set.
    public var mail: MailSetting
    /// The sender of outgoing mail (`STEWARD_MAIL_FROM`).
    public var mailFrom: String
    /// Where signed checkpoints of the audit log are appended (`STEWARD_AUDIT_CHECKPOINTS`): outside the database,
    /// ideally on storage its administrators cannot rewrite.
    public var auditCheckpoints: URL
    /// How long an upload may send nothing before it is cut off (`STEWARD_UPLOAD_STALL_SECONDS`).
    public var uploadStall: Duration = .seconds(60)
    /// Whether a school may send approved posts to a webhook on this machine or its private network, or over plain
    /// http (`STEWARD_ALLOW_LOCAL_WEBHOOKS=1`): for tests and closed networks only, since it lets a headteacher's
    /// setting reach services that are not meant to be public.
    public var allowLocalWebhooks = false
    /// Whether a school's identity provider may be plain `http://` or on this machine or a private network (tests,
    /// closed networks).
    public var allowLocalSignIn = false
    /// Where browsers send reports of anything the Content-Security-Policy blocked (`STEWARD_CSP_REPORT_URI`): a
    /// script injected into a page shows up there. None unless set.
    public var cspReportURI: URL?

    public var databaseKind: DatabaseKind { databaseURL == nil ? .sqlite : .postgres }
    public var usesHTTPS: Bool { baseURL.scheme?.lowercased() == "https" }
    public var sqliteFile: URL { dataDirectory.appendingPathComponent("steward.sqlite") }

    public init(
        dataDirectory: URL, databaseURL: String? = nil, baseURL: URL, secretKey: SymmetricKey,
        trustedProxies: Set<String> = [], bcryptCost: Int = 12, mail: MailSetting? = nil, mailFrom: String? = nil,
        auditCheckpoints: URL? = nil
    ) {
        self.auditCheckpoints = auditCheckpoints ?? dataDirectory.appendingPathComponent("audit-checkpoints.log")
        self.mail = mail ?? .file(dataDirectory.appendingPathComponent("mail", isDirectory: true))
        self.mailFrom = mailFrom ?? Self.defaultSender(for: baseURL)
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.baseURL = baseURL
        self.secretKey = secretKey
        self.trustedProxies = trustedProxies
        self.bcryptCost = bcryptCost
    }

    /// A problem with one environment variable.
    public struct Problem: Error, CustomStringConvertible {
        public var variable: String
        public var message: String
        public var description: String { "\(variable): \(message)" }
    }

    /// Reads the configuration from `environment`, creating the data directory and secret key if needed.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws
        -> StewardConfig
    {
        let dataPath = environment["STEWARD_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        let dataDirectory = URL(fileURLWithPath: dataPath, isDirectory: true).standardizedFileURL
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw Problem(variable: "STEWARD_DATA_DIR", message: "cannot create directory \(dataDirectory.path)")
        }

        var databaseURL: String?
        if let raw = environment["STEWARD_DATABASE_URL"], !raw.isEmpty {
            guard let url = URL(string: raw), ["postgres", "postgresql"].contains(url.scheme?.lowercased() ?? ""),
                url.host != nil
            else {
                throw Problem(
                    variable: "STEWARD_DATABASE_URL",
                    message: "must look like postgres://user:password@host:5432/database (leave it unset for SQLite)")
            }
            databaseURL = raw
        }

        let baseRaw = environment["STEWARD_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:8080"
        guard let baseURL = URL(string: baseRaw), ["http", "https"].contains(baseURL.scheme?.lowercased() ?? ""),
            baseURL.host != nil
        else {
            throw Problem(variable: "STEWARD_BASE_URL", message: "must be an http:// or https:// address")
        }

        let secretKey: SymmetricKey
        if let raw = environment["STEWARD_SECRET_KEY"], !raw.isEmpty {
            guard let bytes = hexBytes(raw), bytes.count >= 32 else {
                throw Problem(variable: "STEWARD_SECRET_KEY", message: "must be at least 64 hexadecimal characters")
            }
            secretKey = SymmetricKey(data: bytes)
        } else {
            secretKey = try loadOrCreateKey(in: dataDirectory)
        }

        var proxies = Set<String>()
        if let raw = environment["STEWARD_TRUSTED_PROXIES"], !raw.isEmpty {
            for item in raw.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
                guard ClientAddress.isIPAddress(item) else {
                    throw Problem(
                        variable: "STEWARD_TRUSTED_PROXIES",
                        message: "'\(item)' is not an IP address (give a comma-separated list of addresses)")
                }
                proxies.insert(item)
            }
        }

        var cost = 12
        if let raw = environment["STEWARD_BCRYPT_COST"], !raw.isEmpty {
            guard let value = Int(raw), (4...16).contains(value) else {
                throw Problem(variable: "STEWARD_BCRYPT_COST", message: "must be a whole number from 4 to 16")
            }
            cost = value
        }

        var mail: MailSetting?
        if let raw = environment["STEWARD_MAIL"], !raw.isEmpty {
            guard let setting = MailSetting(parsing: raw) else {
                throw Problem(
                    variable: "STEWARD_MAIL",
                    message: "must be file:DIRECTORY, sendmail:/path/to/sendmail or log")
            }
            mail = setting
        }
        var mailFrom: String?
        if let raw = environment["STEWARD_MAIL_FROM"], !raw.isEmpty {
            guard MailMessage.isMailbox(raw) else {
                throw Problem(
                    variable: "STEWARD_MAIL_FROM",
                    message: "must be an address like steward@school.example.org or \"Steward <steward@…>\"")
            }
            mailFrom = raw
        }

        if let raw = environment["STEWARD_BACKUP_KEY"], !raw.isEmpty {
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed.count == 64, hexBytes(trimmed) != nil else {
                throw Problem(
                    variable: "STEWARD_BACKUP_KEY",
                    message: "must be 64 hexadecimal characters (`openssl rand -hex 32` makes a key)")
            }
        }

        var checkpoints: URL?
        if let raw = environment["STEWARD_AUDIT_CHECKPOINTS"], !raw.isEmpty {
            let url = URL(fileURLWithPath: raw).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard
                FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                throw Problem(
                    variable: "STEWARD_AUDIT_CHECKPOINTS", message: "must be a file in a directory that exists")
            }
            checkpoints = url
        }

        var stall = 60
        if let raw = environment["STEWARD_UPLOAD_STALL_SECONDS"], !raw.isEmpty {
            guard let value = Int(raw), (5...3600).contains(value) else {
                throw Problem(
                    variable: "STEWARD_UPLOAD_STALL_SECONDS", message: "must be a whole number from 5 to 3600")
            }
            stall = value
        }

        var config = StewardConfig(
            dataDirectory: dataDirectory, databaseURL: databaseURL, baseURL: baseURL, secretKey: secretKey,
            trustedProxies: proxies, bcryptCost: cost, mail: mail, mailFrom: mailFrom, auditCheckpoints: checkpoints)
        config.uploadStall = .seconds(stall)
        config.allowLocalWebhooks = ["1", "yes", "true"].contains(environment["STEWARD_ALLOW_LOCAL_WEBHOOKS"] ?? "")
        config.allowLocalSignIn = ["1", "yes", "true"].contains(environment["STEWARD_ALLOW_LOCAL_SIGN_IN"] ?? "")
        if let raw = environment["STEWARD_CSP_REPORT_URI"], !raw.isEmpty {
            guard let url = URL(string: raw), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host != nil, !raw.contains(where: { $0 == ";" || $0 == "," || $0.isWhitespace })
            else {
                throw Problem(
                    variable: "STEWARD_CSP_REPORT_URI", message: "must be one http:// or https:// address")
            }
            config.cspReportURI = url
        }
        return config
    }

    /// `Steward <no-reply@host>` when the base address has a domain name, else a local address.
    static func defaultSender(for baseURL: URL) -> String {
        let host = baseURL.host?.lowercased() ?? ""
        let isName = host.contains(".") && !ClientAddress.isIPAddress(host)
        return "Steward <\(isName ? "no-reply@\(host)" : "steward@localhost.localdomain")>"
    }

    private static func loadOrCreateKey(in directory: URL) throws -> SymmetricKey {
        let file = directory.appendingPathComponent("secret.key")
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            guard let bytes = hexBytes(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count >= 32 else {
                throw Problem(variable: "STEWARD_DATA_DIR", message: "\(file.path) is not a valid key file")
            }
            return SymmetricKey(data: bytes)
        }
        let key = SymmetricKey(size: .bits256)
        let hex = key.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() }
        guard
            FileManager.default.createFile(
                atPath: file.path, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw Problem(variable: "STEWARD_DATA_DIR", message: "cannot write the secret key to \(file.path)")
        }
        return key
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = hexValue(chars[i]), let lo = hexValue(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }
}
