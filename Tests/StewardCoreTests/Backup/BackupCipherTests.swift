// The backup file format: what goes in comes out, and any change, cut, reorder or wrong key is refused.

import Crypto
import Foundation
import PropertyBased
import StewardCore
import Testing

@Suite("Backup files: encryption and authentication")
struct BackupCipherTests {
    static let key = SymmetricKey(data: [UInt8](repeating: 7, count: 32))

    static func encode(_ plain: [UInt8], chunkSize: Int, pieces: Int = 3) -> [UInt8] {
        var encoder = BackupEncoder(key: key, chunkSize: chunkSize)
        var out: [UInt8] = []
        var rest = plain[...]
        while !rest.isEmpty {
            let take = max(1, rest.count / pieces)
            out += encoder.add(rest.prefix(take))
            rest = rest.dropFirst(take)
        }
        return out + encoder.finish()
    }

    /// Decodes `file` in pieces of `step` bytes; answers the plaintext handed over and the error, if any.
    static func decode(_ file: [UInt8], key: SymmetricKey = key, step: Int = 5) -> ([UInt8], BackupProblem?) {
        var decoder = BackupDecoder(key: key)
        var plain: [UInt8] = []
        var offset = 0
        do {
            while offset < file.count {
                let end = min(file.count, offset + step)
                plain += try decoder.feed(file[offset..<end])
                offset = end
            }
            try decoder.finish()
            return (plain, nil)
        } catch {
            return (plain, error)
        }
    }

    static let sample: [UInt8] = Array("Acknowledgements, declarations, concern reports and their audit log.".utf8)

    @Test("What goes in comes out, whatever the sizes of the chunks and of the pieces read")
    func roundTrip() async {
        await propertyCheck(
            count: 300, input: Gen.int(in: 0...255).array(of: 0...700), Gen.int(in: 1...90), Gen.int(in: 1...200)
        ) { bytes, chunkSize, step in
            let plain = bytes.map { UInt8($0) }
            let file = Self.encode(plain, chunkSize: chunkSize)
            let (decoded, problem) = Self.decode(file, step: step)
            #expect(problem == nil)
            #expect(decoded == plain)
        }
    }

    @Test("An empty backup, and one whose size is a whole number of chunks, still end with a final chunk")
    func edgesOfChunks() {
        for size in [0, 1, 9, 10, 11, 20, 30] {
            let plain = [UInt8](repeating: 42, count: size)
            let file = Self.encode(plain, chunkSize: 10)
            let (decoded, problem) = Self.decode(file, step: 1)
            #expect(problem == nil, "size \(size)")
            #expect(decoded == plain, "size \(size)")
            // Header, then one chunk per 10 bytes (at least one), each with its length and tag.
            let chunks = max(1, (size + 9) / 10)
            #expect(file.count == BackupCipher.headerSize + size + chunks * (4 + BackupCipher.tagSize), "size \(size)")
        }
    }

    @Test("Two backups of the same bytes with the same key share no ciphertext: every file has its own salt")
    func saltPerFile() {
        let one = Self.encode(Self.sample, chunkSize: 16)
        let two = Self.encode(Self.sample, chunkSize: 16)
        #expect(one.count == two.count)
        #expect(one[BackupCipher.headerSize...] != two[BackupCipher.headerSize...])
        #expect(!one.indices.dropFirst(BackupCipher.headerSize).allSatisfy { one[$0] == two[$0] })
    }

    @Test("Every cut short of the end is refused, wherever it falls")
    func everyTruncation() {
        let file = Self.encode(Self.sample, chunkSize: 16)
        for length in 0..<file.count {
            let (plain, problem) = Self.decode(Array(file.prefix(length)), step: 7)
            #expect(problem == (length == 0 ? .notABackup : .truncated), "cut at \(length)")
            // What was handed over is whole chunks of the original, in order.
            #expect(Self.sample.starts(with: plain))
        }
    }

    @Test("Every single changed byte is refused, and nothing from a changed chunk is handed over")
    func everyFlippedByte() {
        let file = Self.encode(Self.sample, chunkSize: 16)
        for offset in file.indices {
            for mask: UInt8 in [0x01, 0x80, 0xff] {
                var altered = file
                altered[offset] ^= mask
                let (plain, problem) = Self.decode(altered, step: 11)
                #expect(problem != nil, "byte \(offset) ^ \(mask) was accepted")
                #expect(Self.sample.starts(with: plain), "byte \(offset) ^ \(mask) handed over changed bytes")
                if offset < 7 { #expect(problem == .notABackup) }
                if offset == 7 { #expect(problem == .unknownVersion(1 ^ mask)) }
            }
        }
    }

    /// The file split into its header and its sealed chunks (length, ciphertext and tag together).
    static func chunks(_ file: [UInt8]) -> (header: [UInt8], chunks: [[UInt8]]) {
        var chunks: [[UInt8]] = []
        var offset = BackupCipher.headerSize
        while offset < file.count {
            let length = file[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let end = offset + 4 + length + BackupCipher.tagSize
            chunks.append(Array(file[offset..<end]))
            offset = end
        }
        return (Array(file.prefix(BackupCipher.headerSize)), chunks)
    }

    @Test("Chunks dropped, repeated, swapped or moved, and the last chunk cut off at a boundary, are refused")
    func chunkOrder() {
        let file = Self.encode(Self.sample, chunkSize: 16)
        let (header, chunks) = Self.chunks(file)
        #expect(chunks.count == 5)
        var variants: [(String, [[UInt8]])] = []
        for i in chunks.indices {
            var dropped = chunks
            dropped.remove(at: i)
            variants.append(("drop \(i)", dropped))
            var repeated = chunks
            repeated.insert(chunks[i], at: i)
            variants.append(("repeat \(i)", repeated))
            for j in chunks.indices where j > i {
                var swapped = chunks
                swapped.swapAt(i, j)
                variants.append(("swap \(i) \(j)", swapped))
            }
        }
        for (name, order) in variants {
            let (_, problem) = Self.decode(header + order.flatMap { $0 }, step: 64)
            #expect(problem != nil, "\(name) was accepted")
        }
        // A chunk from another file made with the same key does not fit this one (its salt, so its key, differs).
        let other = Self.chunks(Self.encode(Self.sample, chunkSize: 16))
        var mixed = chunks
        mixed[2] = other.chunks[2]
        #expect(Self.decode(header + mixed.flatMap { $0 }).1 == .altered(atByte: BackupCipher.headerSize + 2 * 36))
        // Cut at the boundary before the last chunk: the end is missing, not merely short.
        #expect(Self.decode(header + chunks.dropLast().flatMap { $0 }).1 == .truncated)
    }

    @Test("Bytes after the last chunk are refused")
    func trailing() {
        let file = Self.encode(Self.sample, chunkSize: 16)
        for extra in [[UInt8(0)], [1, 2, 3, 4], Array(file.suffix(36))] {
            #expect(Self.decode(file + extra, step: 1).1 == .trailingBytes)
            #expect(Self.decode(file + extra, step: 1000).1 == .trailingBytes)
        }
    }

    @Test("Another key opens nothing and says so at the first chunk")
    func wrongKey() {
        let file = Self.encode(Self.sample, chunkSize: 16)
        let other = SymmetricKey(data: [UInt8](repeating: 8, count: 32))
        let (plain, problem) = Self.decode(file, key: other)
        #expect(problem == .wrongKeyOrAltered)
        #expect(plain.isEmpty)
    }

    @Test("A header naming a chunk size of 0 or over 16 MiB is refused before anything is read")
    func chunkSizes() {
        let file = Self.encode(Self.sample, chunkSize: 16)
        for size in [0, BackupCipher.largestChunkSize + 1, Int(UInt32.max)] {
            var altered = file
            altered.replaceSubrange(40..<44, with: [24, 16, 8, 0].map { UInt8(size >> $0 & 0xff) })
            #expect(Self.decode(altered).1 == .badHeader("chunk size \(size)"))
        }
    }

    @Test("Any bytes at all are read without a crash, and almost never accepted")
    func arbitraryBytes() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...255).array(of: 0...300)) { bytes in
            let file = BackupCipher.magic + bytes.map { UInt8($0) }
            let (_, problem) = Self.decode(file, step: 13)
            #expect(problem != nil)
        }
    }
}
