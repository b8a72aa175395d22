// The encrypted, authenticated stream a backup file is: a plain header, then chunks sealed with AES-GCM.

import Crypto
import Foundation

/// Why a backup file cannot be read. Each says what the operator can do about it.
public enum BackupProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The first bytes are not a Steward backup's.
    case notABackup
    /// A backup of a format this version of Steward does not know.
    case unknownVersion(UInt8)
    /// The header names an impossible chunk size.
    case badHeader(String)
    /// The first chunk does not open: the key is not the one the backup was made with, or the file was changed.
    case wrongKeyOrAltered
    /// A later chunk does not open: the file was changed or damaged there.
    case altered(atByte: Int)
    /// The file ends before its last chunk.
    case truncated
    /// Bytes follow the last chunk.
    case trailingBytes
    /// The contents, once decrypted, do not describe themselves properly.
    case badContents(String)
    /// The backup reads well, but what it holds could not be written where it was to go (a full disk).
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .notABackup: "This is not a Steward backup file."
        case .unknownVersion(let version):
            "This backup was made in format \(version), which this version of Steward cannot read."
        case .badHeader(let why): "The backup's header is damaged (\(why))."
        case .wrongKeyOrAltered:
            "The backup cannot be opened with this key: either STEWARD_BACKUP_KEY is not the key it was made with, "
                + "or the file was changed."
        case .altered(let offset): "The backup was changed or damaged (near byte \(offset)); nothing in it is used."
        case .truncated: "The backup file is incomplete (it was cut short); nothing in it is used."
        case .trailingBytes: "The backup file has extra bytes after its end; nothing in it is used."
        case .badContents(let why): "The backup's contents are damaged (\(why)); nothing in it is used."
        case .cannotWrite(let why):
            "The restored files could not be written (\(why)): nothing was restored. The backup itself is not at "
                + "fault; make room, or choose another directory, and restore again."
        }
    }
}

/// The header and chunk sealing of a backup file.
///
/// Layout: the magic `STWDBAK` and a format byte, a 32-byte random salt and the chunk size (4 bytes, big-endian);
/// then chunks, each the plaintext's length (4 bytes), its AES-256-GCM ciphertext and 16-byte tag. The file's key is
/// derived from the operator's key and the salt (HKDF-SHA-256), so no two files share one. Each chunk's nonce is its
/// index and whether it is the last, and the header is authenticated with every chunk: chunks cannot be reordered,
/// dropped, repeated or cut from the end, and the header cannot be changed, without the file failing to open.
public enum BackupCipher {
    public static let magic: [UInt8] = Array("STWDBAK".utf8) + [1]
    public static let headerSize = 8 + 32 + 4
    public static let tagSize = 16
    public static let defaultChunkSize = 1 << 20
    public static let largestChunkSize = 16 << 20

    /// The key of one file, from the operator's key and the file's salt.
    static func fileKey(_ key: SymmetricKey, salt: [UInt8]) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key, salt: salt, info: Array("steward backup v1".utf8), outputByteCount: 32)
    }

    static func nonce(index: UInt64, final: Bool) -> AES.GCM.Nonce {
        var bytes = [UInt8](repeating: 0, count: 12)
        for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: index >> (56 - 8 * UInt64(i))) }
        bytes[11] = final ? 1 : 0
        // 12 bytes is always a valid GCM nonce.
        return try! AES.GCM.Nonce(data: bytes)
    }

    static func uint32(_ value: Int) -> [UInt8] {
        [UInt8(value >> 24 & 0xff), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    static func readUInt32(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 << 8 | Int($1) }
    }
}

/// Turns plaintext into a backup file's bytes, a chunk at a time, so a large database never sits in memory whole.
public struct BackupEncoder: Sendable {
    private let key: SymmetricKey
    private let header: [UInt8]
    private let chunkSize: Int
    private var pending: [UInt8] = []
    private var index: UInt64 = 0
    private var headerWritten = false

    /// `key` is the operator's key; `salt` is random for every file (given only by tests).
    public init(key: SymmetricKey, chunkSize: Int = BackupCipher.defaultChunkSize, salt: [UInt8]? = nil) {
        let salt = salt ?? (0..<32).map { _ in UInt8.random(in: 0...255) }
        let size = max(1, min(chunkSize, BackupCipher.largestChunkSize))
        self.chunkSize = size
        self.header = BackupCipher.magic + salt + BackupCipher.uint32(size)
        self.key = BackupCipher.fileKey(key, salt: salt)
    }

    /// Adds plaintext; answers the file's next bytes (none until a chunk is full).
    public mutating func add(_ plaintext: some Collection<UInt8>) -> [UInt8] {
        pending.append(contentsOf: plaintext)
        var out = takeHeader()
        // A full chunk is sealed only once more plaintext follows it, so the last chunk is always the one marked final.
        while pending.count > chunkSize {
            out += seal(Array(pending.prefix(chunkSize)), final: false)
            pending.removeFirst(chunkSize)
        }
        return out
    }

    /// Seals what is left as the last chunk; answers the file's last bytes.
    public mutating func finish() -> [UInt8] {
        var out = takeHeader()
        out += seal(pending, final: true)
        pending = []
        return out
    }

    private mutating func takeHeader() -> [UInt8] {
        guard !headerWritten else { return [] }
        headerWritten = true
        return header
    }

    private mutating func seal(_ chunk: [UInt8], final: Bool) -> [UInt8] {
        let nonce = BackupCipher.nonce(index: index, final: final)
        index += 1
        // Sealing with a valid key and nonce cannot fail.
        let box = try! AES.GCM.seal(chunk, using: key, nonce: nonce, authenticating: header)
        return BackupCipher.uint32(chunk.count) + Array(box.ciphertext) + Array(box.tag)
    }
}

/// Reads a backup file's bytes back to plaintext, checking every chunk before handing over what it holds.
public struct BackupDecoder: Sendable {
    private let operatorKey: SymmetricKey
    private var key: SymmetricKey?
    private var header: [UInt8] = []
    private var chunkSize = 0
    private var buffer: [UInt8] = []
    private var consumed = 0
    private var index: UInt64 = 0
    private var ended = false

    public init(key: SymmetricKey) {
        operatorKey = key
    }

    /// Whether the last chunk has been read.
    public var isComplete: Bool { ended }

    /// Takes the file's next bytes; answers the plaintext of every chunk they complete.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(BackupProblem) -> [UInt8] {
        buffer.append(contentsOf: bytes)
        var out: [UInt8] = []
        if key == nil {
            guard buffer.count >= BackupCipher.headerSize else {
                if !BackupCipher.magic.prefix(7).starts(with: buffer.prefix(7)) { throw .notABackup }
                return out
            }
            try readHeader()
        }
        while !buffer.isEmpty {
            if ended { throw .trailingBytes }
            guard buffer.count >= 4 else { break }
            let length = BackupCipher.readUInt32(buffer[0..<4])
            guard length <= chunkSize else {
                throw index == 0 ? .wrongKeyOrAltered : .altered(atByte: consumed)
            }
            let whole = 4 + length + BackupCipher.tagSize
            guard buffer.count >= whole else { break }
            out += try open(Array(buffer[4..<whole]), length: length)
            buffer.removeFirst(whole)
            consumed += whole
        }
        return out
    }

    /// Confirms the file ended where its last chunk did.
    public func finish() throws(BackupProblem) {
        if key == nil {
            let looksLikeOne = !buffer.isEmpty && BackupCipher.magic.prefix(7).starts(with: buffer.prefix(7))
            throw looksLikeOne ? .truncated : .notABackup
        }
        guard ended else { throw .truncated }
        guard buffer.isEmpty else { throw .trailingBytes }
    }

    private mutating func readHeader() throws(BackupProblem) {
        let head = Array(buffer.prefix(BackupCipher.headerSize))
        guard head.prefix(7).elementsEqual(BackupCipher.magic.prefix(7)) else { throw .notABackup }
        guard head[7] == BackupCipher.magic[7] else { throw .unknownVersion(head[7]) }
        let size = BackupCipher.readUInt32(head[40..<44])
        guard size >= 1, size <= BackupCipher.largestChunkSize else {
            throw .badHeader("chunk size \(size)")
        }
        chunkSize = size
        header = head
        key = BackupCipher.fileKey(operatorKey, salt: Array(head[8..<40]))
        buffer.removeFirst(BackupCipher.headerSize)
        consumed = BackupCipher.headerSize
    }

    private mutating func open(_ sealed: [UInt8], length: Int) throws(BackupProblem) -> [UInt8] {
        guard let key else { throw .notABackup }
        let ciphertext = sealed[0..<length]
        let tag = sealed[length...]
        for final in [false, true] {
            let nonce = BackupCipher.nonce(index: index, final: final)
            guard let box = try? AES.GCM.SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag),
                let plain = try? AES.GCM.open(box, using: key, authenticating: header)
            else { continue }
            index += 1
            ended = final
            return Array(plain)
        }
        throw index == 0 ? .wrongKeyOrAltered : .altered(atByte: consumed)
    }
}
