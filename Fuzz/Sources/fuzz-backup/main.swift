// libFuzzer entry point: backup files, read as they come (any bytes), and made from any contents then read back.

import Crypto
import Foundation
import FuzzDriver
import StewardCore

@main
enum BackupFuzzTarget {
    static func main() { FuzzDriver.run(backupFuzzInput) }

    static let key = SymmetricKey(data: [UInt8](repeating: 3, count: 32))

    static func run(_ bytes: [UInt8]) {
        guard let mode = bytes.first else { return }
        let rest = Array(bytes.dropFirst())
        switch mode % 3 {
        case 0:
            // Any bytes as a backup file, after the magic so the fuzzer need not find it.
            _ = read(BackupCipher.magic + rest)
            _ = read(rest)
        case 1:
            // Any contents, sealed with small chunks and read back: the unpacker meets whatever manifest and files
            // the fuzzer makes, through the authenticated path, and the plaintext must come back exactly.
            var encoder = BackupEncoder(key: key, chunkSize: 1 + Int(mode / 3) % 64)
            let file = encoder.add(rest) + encoder.finish()
            var decoder = BackupDecoder(key: key)
            guard let plain = try? decoder.feed(file), (try? decoder.finish()) != nil, plain == rest else {
                fatalError("a sealed backup did not read back")
            }
            _ = unpack(plain)
        default:
            // Sealed, then one byte changed: never accepted.
            guard rest.count >= 2 else { return }
            var encoder = BackupEncoder(key: key, chunkSize: 1 + Int(rest[0]) % 64)
            var file = encoder.add(rest) + encoder.finish()
            let at = (Int(rest[1]) * 131 + Int(mode)) % file.count
            file[at] ^= max(1, rest[0])
            if read(file) { fatalError("a changed backup was accepted (byte \(at))") }
        }
    }

    /// Whether the bytes read as a whole backup.
    static func read(_ file: [UInt8]) -> Bool {
        var decoder = BackupDecoder(key: key)
        var plain: [UInt8] = []
        var offset = 0
        do {
            while offset < file.count {
                let end = min(file.count, offset + 97)
                plain += try decoder.feed(file[offset..<end])
                offset = end
            }
            try decoder.finish()
        } catch {
            return false
        }
        _ = unpack(plain)
        return true
    }

    static func unpack(_ plain: [UInt8]) -> Bool {
        var unpacker = BackupUnpacker()
        var total = 0
        do {
            try unpacker.feed(plain) { _, _, piece in total += piece.count }
            try unpacker.finish()
            return true
        } catch {
            return false
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func backupFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    BackupFuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
