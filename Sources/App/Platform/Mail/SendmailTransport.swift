// Pipes the message to a sendmail-compatible program (`sendmail -i -- recipient`); a non-zero exit is a failure.

import Fluent
import Foundation
import Logging
import NIOCore
import SQLKit
import StewardCore
import Vapor

/// Pipes the message to a sendmail-compatible program (`sendmail -i -- recipient`); a non-zero exit is a failure.
struct SendmailTransport: MailTransport {
    var path: String
    var timeout: TimeInterval = 60

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    func deliver(_ message: MailMessage, id: UUID) async throws {
        let text = try message.rendered()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-i", "--", message.to]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let finished: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: Failed(description: "cannot run \(path): \(error.localizedDescription)"))
                return
            }
            let timeout = self.timeout
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if process.isRunning { process.terminate() }
            }
            // Written from another thread, so a program that does not read its input cannot block this one.
            DispatchQueue.global().async {
                try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
                try? input.fileHandleForWriting.close()
            }
        }
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile().prefix(500), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard finished == 0 else {
            throw Failed(
                description: "\(path) exited with status \(finished)" + (stderr.isEmpty ? "" : ": \(stderr)"))
        }
    }
}
