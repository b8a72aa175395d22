// `steward backup FILE` and `steward restore FILE --data-dir DIR`: encrypted backups, and putting one back.

import App
import ArgumentParser
import Foundation

extension Steward {
    /// `steward backup FILE`.
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an encrypted backup of everything, while the server runs.",
            discussion: """
                Copies the database consistently (SQLite: VACUUM INTO; PostgreSQL: pg_dump of one snapshot) with the \
                instance's key and audit checkpoints, and a manifest (time, version, schema, row counts, audit head), \
                encrypted and authenticated (AES-256-GCM) with STEWARD_BACKUP_KEY: 64 hexadecimal characters, made \
                with `openssl rand -hex 32`. Without it, the key in DATA_DIR/backup.key is used, made on first use: \
                keep a copy of it away from the server. The server makes one itself every night into DATA_DIR/backups \
                (7 daily and 4 weekly copies kept). Exit status 1 if FILE exists or the copy fails.
                """)

        @Argument(help: ArgumentHelp("The backup file to write (it must not exist yet).", valueName: "file"))
        var file: String

        @OptionGroup var options: ApplicationOptions

        func validate() throws {
            guard !file.isEmpty else { throw ValidationError("Give the backup file's name.") }
        }

        func run() async throws {
            if let refusal = BackupCommand.refusal() {
                FileHandle.standardError.write(Data("steward: \(refusal)\n".utf8))
                throw ExitCode(1)
            }
            try await options.run(BackupCommand(file: file))
        }
    }

    /// `steward restore FILE --data-dir DIR`.
    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restore a backup into a new data directory (and, for PostgreSQL, an empty database).",
            discussion: """
                Reads the whole backup with STEWARD_BACKUP_KEY and checks every part of it before anything is put in \
                place; refuses a directory or database that already holds data. Then checks what it restored: the \
                database's integrity check (SQLite's integrity_check; PostgreSQL's amcheck when available), every \
                table's count against the backup's manifest, and the audit log's chain. A backup restores into the \
                engine it came from: set STEWARD_DATABASE_URL to an empty database for a PostgreSQL backup.
                Exit status: 0 restored and checked; 1 refused or failed; 65 the file is damaged, cut short or was \
                made with another key; 78 STEWARD_BACKUP_KEY is missing or malformed.
                """)

        @Argument(help: ArgumentHelp("The backup file to restore.", valueName: "file"))
        var file: String

        @Option(help: ArgumentHelp("The new data directory to restore into (missing or empty).", valueName: "dir"))
        var dataDir: String

        @OptionGroup var options: ApplicationOptions

        func validate() throws {
            guard !file.isEmpty else { throw ValidationError("Give the backup file's name.") }
            guard !dataDir.isEmpty else { throw ValidationError("--data-dir needs a directory.") }
        }

        func run() async throws {
            let code = await RestoreCommand.run(
                file: file, dataDirectory: dataDir, environment: options.env, logLevel: options.log?.rawValue)
            if code != 0 { throw ExitCode(code) }
        }
    }
}
