// Splits a backup's decrypted bytes into its manifest and its files, checking each file's size and digest.

import Crypto
import Foundation

/// Splits a backup's plaintext into its manifest and then its files, in order, as the bytes arrive.
///
/// Feed it what `BackupDecoder` answers; it hands each file's bytes to `write(fileIndex, bytes)` and, at `finish`,
/// checks that every file arrived whole with the digest the manifest gave.
public struct BackupUnpacker: Sendable {
    public private(set) var manifest: BackupManifest?
    private var pending: [UInt8] = []
    private var fileIndex = 0
    private var remaining = 0
    private var hasher = SHA256()
    private var checked = false

    public init() {}

    /// Takes the next plaintext; calls `write` with the index (into `manifest.files`), the file and the bytes of each
    /// piece.
    public mutating func feed(
        _ bytes: [UInt8], write: (Int, BackupManifest.File, ArraySlice<UInt8>) throws -> Void
    ) throws(BackupProblem) {
        var rest = bytes[...]
        if manifest == nil {
            pending += rest
            rest = []
            guard pending.count >= 4 else { return }
            let length = BackupCipher.readUInt32(pending[0..<4])
            guard length >= 2, length <= BackupManifest.largestSize else {
                throw .badContents("a manifest of \(length) bytes")
            }
            guard pending.count >= 4 + length else { return }
            guard let read = try? JSONDecoder().decode(BackupManifest.self, from: Data(pending[4..<(4 + length)]))
            else { throw .badContents("the manifest is not readable") }
            if let problem = read.problem { throw .badContents(problem) }
            manifest = read
            rest = pending[(4 + length)...]
            pending = []
            startFile(0)
        }
        guard let manifest else { return }
        while !rest.isEmpty {
            if remaining == 0 {
                try endFile()
                guard fileIndex + 1 < manifest.files.count else { throw .badContents("more bytes than its files") }
                startFile(fileIndex + 1)
                continue
            }
            let piece = rest.prefix(remaining)
            hasher.update(data: Data(piece))
            do {
                try write(fileIndex, manifest.files[fileIndex], piece)
            } catch let problem as BackupProblem {
                throw problem
            } catch {
                throw .cannotWrite("\(manifest.files[fileIndex].name): \(error.localizedDescription)")
            }
            remaining -= piece.count
            rest = rest.dropFirst(piece.count)
        }
    }

    /// Checks that the manifest and every file arrived whole.
    public mutating func finish() throws(BackupProblem) {
        guard let manifest else { throw .badContents("no manifest") }
        while true {
            guard remaining == 0 else { throw .badContents("\(manifest.files[fileIndex].name) is incomplete") }
            try endFile()
            guard fileIndex + 1 < manifest.files.count else { return }
            startFile(fileIndex + 1)
        }
    }

    private mutating func startFile(_ index: Int) {
        fileIndex = index
        remaining = manifest?.files[index].size ?? 0
        hasher = SHA256()
        checked = false
    }

    private mutating func endFile() throws(BackupProblem) {
        guard !checked, let file = manifest?.files[fileIndex] else { return }
        checked = true
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        guard digest == file.sha256.lowercased() else {
            throw .badContents("\(file.name) does not match its digest")
        }
    }
}
