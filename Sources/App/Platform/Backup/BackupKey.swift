// The key backups are encrypted with: STEWARD_BACKUP_KEY, or one the server made and keeps in the data directory.

import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The key backups are encrypted and authenticated with.
enum BackupKey {
    static let variable = "STEWARD_BACKUP_KEY"
    static let fileName = "backup.key"

    /// What to say when the key is missing or malformed.
    static let howToMakeOne =
        "\(variable) must be 64 hexadecimal characters (make one with `openssl rand -hex 32`, and keep a copy away "
        + "from the server: without it no backup can be read)"

    /// The key from `STEWARD_BACKUP_KEY`; without it, the data directory's `backup.key`, made when `create` and
    /// missing (answered as `made`, so the operator is told to keep a copy elsewhere).
    static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment, dataDirectory: URL?, create: Bool
    ) throws(CommandFailure) -> (key: SymmetricKey, made: URL?) {
        if let raw = environment[variable], !raw.isEmpty {
            return (try parse(raw, source: variable), nil)
        }
        guard let dataDirectory else {
            throw CommandFailure(message: "\(variable) is not set: \(howToMakeOne).", code: 78)
        }
        let file = dataDirectory.appendingPathComponent(fileName)
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            return (try parse(text, source: file.path), nil)
        }
        guard create else {
            throw CommandFailure(message: "\(variable) is not set: \(howToMakeOne).", code: 78)
        }
        // Made only where nothing is: a key file that is there but cannot be read (another owner, a link to a
        // secret not mounted yet) is never replaced, since every backup made with it would be lost.
        let key = SymmetricKey(size: .bits256)
        let hex = key.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() } + "\n"
        let fd = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw CommandFailure(
                message: errno == EEXIST
                    ? "\(file.path) is there but cannot be read (\(reason)): the backups made with it need it. Make "
                        + "it readable by the user Steward runs as, or set \(variable)."
                    : "Cannot write a new backup key to \(file.path): \(reason).", code: 1)
        }
        let bytes = Array(hex.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced else {
            try? FileManager.default.removeItem(at: file)
            throw CommandFailure(message: "Cannot write a new backup key to \(file.path).", code: 1)
        }
        return (key, file)
    }

    static func parse(_ text: String, source: String) throws(CommandFailure) -> SymmetricKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count == 64, let bytes = StewardConfig.hexBytes(trimmed) else {
            throw CommandFailure(
                message: "\(source) is not a backup key: a key is 64 hexadecimal characters, as `openssl rand -hex 32` "
                    + "makes.", code: 78)
        }
        return SymmetricKey(data: bytes)
    }

    /// What a restore says when it has no key: not how to make one, which could not open an old backup.
    static let neededToRestore =
        "\(variable) is not set: set it to the key the backup was made with (a server that made its own keeps it in "
        + "its DATA_DIR/backup.key)"

    /// The note printed when a key was made.
    static func madeNotice(_ file: URL) -> String {
        "Made a new backup key in \(file.path). Keep a copy of it somewhere other than this server (a password "
            + "manager, or printed in the school safe): a backup can only be restored with it, as \(variable)."
    }
}
