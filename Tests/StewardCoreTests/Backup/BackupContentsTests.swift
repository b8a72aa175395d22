// A backup's manifest and files: split back exactly as they went in, and any mismatch with the manifest refused.

import Crypto
import Foundation
import PropertyBased
import StewardCore
import Testing

@Suite("Backup files: the manifest and the files")
struct BackupContentsTests {
    static func hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func manifest(_ files: [(String, [UInt8])]) -> BackupManifest {
        BackupManifest(
            createdAt: "2026-12-01T01:00:00.000Z", stewardVersion: StewardVersion.current, engine: "sqlite",
            schema: "2026-12-01-school-sign-in", migrations: 17, counts: ["people": 3], auditSeq: 4,
            auditHash: String(repeating: "a", count: 64),
            files: files.map { BackupManifest.File(name: $0.0, size: $0.1.count, sha256: hex($0.1)) })
    }

    /// Unpacks `plain` fed in pieces of `step`; answers each file's bytes, or the problem.
    static func unpack(_ plain: [UInt8], step: Int) -> Result<[Int: [UInt8]], BackupProblem> {
        var unpacker = BackupUnpacker()
        var files: [Int: [UInt8]] = [:]
        var offset = 0
        do {
            while offset < plain.count {
                let end = min(plain.count, offset + step)
                try unpacker.feed(Array(plain[offset..<end])) { index, _, bytes in files[index, default: []] += bytes }
                offset = end
            }
            try unpacker.finish()
            return .success(files)
        } catch {
            return .failure(error)
        }
    }

    @Test("Files come back exactly, whatever their sizes (empty ones too) and however the bytes arrive")
    func roundTrip() async {
        await propertyCheck(
            count: 300, input: Gen.int(in: 0...255).array(of: 0...60).array(of: 1...5), Gen.int(in: 1...80)
        ) { contents, step in
            let files = contents.enumerated().map { ("file-\($0.offset)", $0.element.map { UInt8($0) }) }
            let plain = Self.manifest(files).encoded + files.flatMap(\.1)
            guard case .success(let read) = Self.unpack(plain, step: step) else {
                Issue.record("refused a whole backup")
                return
            }
            for (index, file) in files.enumerated() { #expect((read[index] ?? []) == file.1) }
        }
    }

    @Test("A file whose bytes do not match its digest, one cut short, and bytes beyond the last file are refused")
    func mismatches() {
        let files: [(String, [UInt8])] = [("steward.sqlite", Array("database".utf8)), ("secret.key", Array("k".utf8))]
        let good = Self.manifest(files).encoded + files.flatMap(\.1)
        if case .failure(let problem) = Self.unpack(good, step: 3) { Issue.record("refused: \(problem)") }

        var changed = good
        changed[changed.count - 3] ^= 1
        #expect(Self.unpack(changed, step: 4) == .failure(.badContents("steward.sqlite does not match its digest")))
        #expect(Self.unpack(Array(good.dropLast()), step: 4) == .failure(.badContents("secret.key is incomplete")))
        #expect(Self.unpack(good + [0], step: 4) == .failure(.badContents("more bytes than its files")))
        #expect(Self.unpack(Array(good.prefix(2)), step: 4) == .failure(.badContents("no manifest")))
    }

    @Test(
        "A manifest naming a file that could escape its folder, twice, or with an impossible size or digest is refused",
        arguments: [
            ("../secret.key", 1, String(repeating: "0", count: 64), "a file named \"../secret.key\""),
            (".hidden", 1, String(repeating: "0", count: 64), "a file named \".hidden\""),
            ("a/b", 1, String(repeating: "0", count: 64), "a file named \"a/b\""),
            ("", 1, String(repeating: "0", count: 64), "a file named \"\""),
            ("Steward.sqlite", 1, String(repeating: "0", count: 64), "a file named \"Steward.sqlite\""),
            ("ok", -1, String(repeating: "0", count: 64), "ok of -1 bytes"),
            ("ok", 1, "zz", "ok's digest"),
        ])
    func badManifests(name: String, size: Int, digest: String, problem: String) {
        var manifest = Self.manifest([("steward.sqlite", [1])])
        manifest.files.append(BackupManifest.File(name: name, size: size, sha256: digest))
        #expect(manifest.problem == problem)
        #expect(Self.unpack(manifest.encoded, step: 100) == .failure(.badContents(problem)))
    }

    @Test("A manifest with a name twice, no files, another engine or an unreadable body is refused")
    func otherBadManifests() {
        var twice = Self.manifest([("steward.sqlite", [1]), ("steward.sqlite", [1])])
        #expect(twice.problem == "steward.sqlite twice")
        twice.files = []
        #expect(twice.problem == "0 files")
        var engine = Self.manifest([("steward.sqlite", [1])])
        engine.engine = "mysql"
        #expect(engine.problem == "engine \"mysql\"")
        let junk = Array("{not json}".utf8)
        #expect(
            Self.unpack([0, 0, 0, UInt8(junk.count)] + junk, step: 5)
                == .failure(.badContents("the manifest is not readable")))
        #expect(Self.unpack([0, 0x10, 0, 1], step: 5) == .failure(.badContents("a manifest of 1048577 bytes")))
        #expect(Self.unpack([0, 0, 0, 1], step: 5) == .failure(.badContents("a manifest of 1 bytes")))
    }
}
