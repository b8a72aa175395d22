// The audit chain: canonical bytes, sealing under a key, checkpoints, and each kind of tampering, caught at the
// right entry.

import Crypto
import Foundation
import StewardCore
import Testing

@Suite("Audit chain")
struct AuditChainTests {
    static let secret = SymmetricKey(data: Array(repeating: UInt8(7), count: 32))
    static let key = AuditKeys.chainKey(from: secret)
    static let checkpointKey = AuditKeys.checkpointKey(from: secret)

    static func chain(_ count: Int, key: SymmetricKey = key) -> [AuditRecord] {
        var previous = AuditRecord.genesisHash
        return (1...count).map { i in
            var record = AuditRecord(
                seq: Int64(i), occurredAt: "2026-11-25T08:00:0\(i % 10).000Z", actorID: "a\(i)",
                actorName: "Person \(i)",
                schoolID: "s", action: "thing.done", target: "t\(i)", clientAddress: "127.0.0.1", requestID: "r\(i)",
                details: AuditRecord.canonicalDetails(["n": String(i)]), prevHash: previous)
            record.seal(after: previous, key: key)
            previous = record.hash
            return record
        }
    }

    static func verify(
        _ records: [AuditRecord], headSeq: Int64? = nil, headHash: String? = nil,
        checkpoints: [AuditCheckpoint] = []
    ) -> AuditVerification {
        var verifier = AuditChainVerifier(key: key, checkpoints: checkpoints)
        for record in records { verifier.check(record) }
        let original = chain(5)
        return verifier.finish(
            headSeq: headSeq ?? Int64(original.count), headHash: headHash ?? original[original.count - 1].hash)
    }

    @Test("An untouched chain verifies")
    func intact() {
        let records = Self.chain(5)
        #expect(Self.verify(records) == .intact(count: 5, lastHash: records[4].hash))
    }

    @Test("Each kind of tampering is caught at the first bad entry")
    func tampering() {
        var changed = Self.chain(5)
        changed[2].details = "{\"n\":\"99\"}"
        #expect(Self.verify(changed) == .broken(seq: 3, reason: "entry 3 was changed after it was written"))

        var resealed = Self.chain(5)
        resealed[1].actorName = "Someone else"
        resealed[1].seal(after: resealed[0].hash, key: Self.key)
        #expect(Self.verify(resealed) == .broken(seq: 3, reason: "entry 3 does not follow the entry before it"))

        var deleted = Self.chain(5)
        deleted.remove(at: 1)
        #expect(Self.verify(deleted) == .broken(seq: 2, reason: "entry 2 is missing (found 3 next)"))

        var swapped = Self.chain(5)
        swapped.swapAt(1, 2)
        #expect(Self.verify(swapped) == .broken(seq: 2, reason: "entry 2 is missing (found 3 next)"))

        let truncated = Array(Self.chain(5).prefix(4))
        #expect(Self.verify(truncated) == .broken(seq: 5, reason: "entries from 5 to 5 are missing"))

        var renumbered = Self.chain(5)
        renumbered[3].seq = 3
        #expect(Self.verify(renumbered) == .broken(seq: 3, reason: "entry 3 is out of order or repeated"))
    }

    /// Every field the hash covers, changed alone, breaks the chain at that entry (issue 21: every field).
    @Test(
        "Changing any single field of an entry breaks the chain at that entry",
        arguments: [
            "seq", "occurredAt", "actorID", "actorName", "schoolID", "action", "target", "clientAddress",
            "requestID", "details", "prevHash", "hash",
        ])
    func everyField(field: String) {
        var records = Self.chain(5)
        var entry = records[2]
        switch field {
        case "seq": entry.seq = 4
        case "occurredAt": entry.occurredAt = "2026-11-25T08:00:09.000Z"
        case "actorID": entry.actorID = nil
        case "actorName": entry.actorName = "Person 3 "
        case "schoolID": entry.schoolID = "t"
        case "action": entry.action = "thing.undone"
        case "target": entry.target = nil
        case "clientAddress": entry.clientAddress = "127.0.0.2"
        case "requestID": entry.requestID = "r4"
        case "details": entry.details = "{}"
        case "prevHash": entry.prevHash = String(repeating: "1", count: 64)
        case "hash": entry.hash = String(repeating: "f", count: 64)
        default: Issue.record("unknown field \(field)")
        }
        records[2] = entry
        guard case .broken(let seq, _) = Self.verify(records) else {
            Issue.record("changing \(field) went unnoticed")
            return
        }
        #expect(seq == 3)
    }

    @Test("A chain recomputed without the key does not verify, even when it is whole")
    func recomputedWithoutTheKey() {
        let forged = Self.chain(5, key: SymmetricKey(data: Array(repeating: UInt8(8), count: 32)))
        #expect(
            Self.verify(forged, headHash: forged[4].hash)
                == .broken(seq: 1, reason: "entry 1 was changed after it was written"))
    }

    @Test("Entries cut from the end with the head rewound are caught by a checkpoint, and only past it")
    func truncationAgainstCheckpoints() {
        let records = Self.chain(5)
        let checkpoint = AuditCheckpoint(seq: 5, hash: records[4].hash, at: "2026-11-25T08:00:05.000Z")
        // The insider deletes entries 4 and 5 and rewinds the head to entry 3.
        let cut = Array(records.prefix(3))
        #expect(
            Self.verify(cut, headSeq: 3, headHash: records[2].hash, checkpoints: [checkpoint])
                == .broken(
                    seq: 4,
                    reason:
                        "entries from 4 to 5 are missing (the checkpoint of 2026-11-25T08:00:05.000Z recorded 5 entries)"
                ))
        // A checkpoint at entry 3 says nothing about entries written after it.
        let early = AuditCheckpoint(seq: 3, hash: records[2].hash, at: "2026-11-25T08:00:03.000Z")
        #expect(
            Self.verify(cut, headSeq: 3, headHash: records[2].hash, checkpoints: [early])
                == .intact(count: 3, lastHash: records[2].hash))
        #expect(
            Self.verify(records, checkpoints: [early, checkpoint]) == .intact(count: 5, lastHash: records[4].hash))
    }

    @Test("An entry that is not the one a checkpoint recorded is caught")
    func checkpointMismatch() {
        let records = Self.chain(5)
        let wrong = AuditCheckpoint(seq: 2, hash: records[3].hash, at: "2026-11-25T08:00:02.000Z")
        #expect(
            Self.verify(records, checkpoints: [wrong])
                == .broken(seq: 2, reason: "entry 2 is not the one the checkpoint of 2026-11-25T08:00:02.000Z recorded")
        )
    }

    @Test("Checkpoint lines read back only when every one is signed with the key")
    func checkpointLines() {
        let a = AuditCheckpoint(seq: 1, hash: "ab", at: "2026-11-25T08:00:01.000Z")
        let b = AuditCheckpoint(seq: 2, hash: "cd", at: "2026-11-25T08:00:02.000Z")
        let text = a.line(key: Self.checkpointKey) + b.line(key: Self.checkpointKey)
        #expect(AuditCheckpoint.parse(text, key: Self.checkpointKey) == .success([a, b]))
        #expect(AuditCheckpoint.parse("", key: Self.checkpointKey) == .success([]))

        let forged = text + AuditCheckpoint(seq: 1, hash: "ab", at: "x").line(key: SymmetricKey(size: .bits256))
        #expect(
            AuditCheckpoint.parse(forged, key: Self.checkpointKey)
                == .failure(AuditCheckpointError(line: 3, reason: "has a signature that does not match")))
        let edited = text.replacingOccurrences(of: "2 cd", with: "3 cd")
        #expect(
            AuditCheckpoint.parse(edited, key: Self.checkpointKey)
                == .failure(AuditCheckpointError(line: 2, reason: "has a signature that does not match")))
        for garbage in ["x", "1 2 3", "0 ab t m", "-1 ab t m", "1 ab t m extra"] {
            #expect(
                AuditCheckpoint.parse(garbage, key: Self.checkpointKey)
                    == .failure(AuditCheckpointError(line: 1, reason: "is not a checkpoint")))
        }
    }

    @Test("Canonical bytes differ whenever a field differs, even when values slide between fields")
    func canonicalBytes() {
        let a = AuditRecord(
            seq: 1, occurredAt: "t", actorID: "ab", actorName: "c", schoolID: nil, action: "x", target: nil,
            clientAddress: nil, requestID: nil, details: "{}", prevHash: "0")
        var b = a
        b.actorID = "a"
        b.actorName = "bc"
        #expect(a.canonicalBytes != b.canonicalBytes)
        var c = a
        c.schoolID = ""
        #expect(a.canonicalBytes != c.canonicalBytes)
        #expect(a.computedHash(key: Self.key).count == 64)
        #expect(a.computedHash(key: Self.key) != a.computedHash(key: SymmetricKey(size: .bits256)))
    }

    @Test("Timestamps are UTC with milliseconds; details are sorted JSON")
    func formats() {
        #expect(AuditRecord.timestamp(Date(timeIntervalSince1970: 1_795_595_562.7625)) == "2026-11-25T08:32:42.762Z")
        #expect(AuditRecord.canonicalDetails(["b": "2", "a": "1/2"]) == #"{"a":"1/2","b":"2"}"#)
        #expect(AuditRecord.canonicalDetails([:]) == "{}")
    }
}
