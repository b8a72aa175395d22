// `steward restore FILE --data-dir DIR`: a backup unpacked into a new data directory (and database), then checked.

import Crypto
import Foundation
import StewardCore
import Vapor

/// `steward restore FILE --data-dir DIR`: checks the whole backup before anything is put in place, refuses a
/// directory or database that already holds data, restores, then checks what it restored (integrity, counts, audit
/// chain).
public enum RestoreCommand {
    /// Answers the exit status: 0 restored and checked; 1 refused or failed (the message says why, and nothing is
    /// left behind); 65 the backup is damaged, cut short or of another key; 78 a setting is missing or wrong.
    public static func run(
        file: String, dataDirectory: String, environment name: String?, logLevel: String?,
        processEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) async -> Int32 {
        let fm = FileManager.default
        let source = URL(fileURLWithPath: file).standardizedFileURL
        let target = URL(fileURLWithPath: dataDirectory, isDirectory: true).standardizedFileURL
        guard fm.isReadableFile(atPath: source.path) else {
            CommandRunner.report("\(source.path) cannot be read.")
            return 1
        }
        if let refusal = RestoreTarget.refusal(target) {
            CommandRunner.report(refusal)
            return 1
        }
        guard let raw = processEnvironment[BackupKey.variable], !raw.isEmpty else {
            CommandRunner.report(BackupKey.neededToRestore + ".")
            return 78
        }
        let key: SymmetricKey
        do {
            key = try BackupKey.parse(raw, source: BackupKey.variable)
        } catch {
            CommandRunner.report(error.message)
            return error.code
        }
        let existed = fm.fileExists(atPath: target.path)
        let staging = target.appendingPathComponent(".restoring", isDirectory: true)
        func undo() { RestoreTarget.empty(target, remove: !existed) }
        do {
            try RestoreTarget.claim(target, staging: staging)
        } catch {
            CommandRunner.report(error.message)
            return 1
        }
        let manifest: BackupManifest
        do {
            manifest = try Backups.unpack(source, key: key, into: staging)
        } catch let problem as BackupProblem {
            undo()
            CommandRunner.report(problem.description)
            if case .cannotWrite = problem { return 1 }
            return 65
        } catch let failure as CommandFailure {
            undo()
            CommandRunner.report(failure.message)
            return failure.code
        } catch {
            undo()
            CommandRunner.report("The backup could not be read: \(error.localizedDescription)")
            return 1
        }
        if let refusal = await RestoreTarget.refusal(manifest, staging: staging, environment: processEnvironment) {
            undo()
            CommandRunner.report(refusal)
            return 1
        }
        // Into place: the instance's key and audit checkpoints, the privacy help, and (SQLite) the database itself.
        do {
            for name in [
                Backups.secretKeyName, Backups.checkpointsName, Backups.privacyHelpName, BackupSnapshot.sqliteName,
            ] where fm.fileExists(atPath: staging.appendingPathComponent(name).path) {
                try fm.moveItem(at: staging.appendingPathComponent(name), to: target.appendingPathComponent(name))
            }
        } catch {
            undo()
            CommandRunner.report("The restored files could not be put in place: \(error.localizedDescription)")
            return 1
        }
        setenv("STEWARD_DATA_DIR", target.path, 1)
        setenv("STEWARD_AUDIT_CHECKPOINTS", target.appendingPathComponent(Backups.checkpointsName).path, 1)
        unsetenv("STEWARD_SECRET_KEY")
        let dump = staging.appendingPathComponent(BackupSnapshot.postgresName)
        let check = RestoreCheck(
            manifest: manifest, dump: fm.fileExists(atPath: dump.path) ? dump : nil, source: source.lastPathComponent)
        let code = await CommandRunner.run(check, environment: name, logLevel: logLevel)
        try? fm.removeItem(at: staging)
        if code != 0 && !check.restored.withLockedValue({ $0 }) { undo() }
        return code
    }
}
