// The audit chain: canonical bytes, sealing, and each kind of tampering, caught at the right entry.

import Foundation
import StewardCore
import Testing

@Suite("Audit chain")
struct AuditChainTests {
    static func chain(_ count: Int) -> [AuditRecord] {
        var previous = AuditRecord.genesisHash
        return (1...count).map { i in
            var record = AuditRecord(
                seq: Int64(i), occurredAt: "2026-11-25T08:00:0\(i % 10).000Z", actorID: "a\(i)",
                actorName: "Person \(i)",
                schoolID: "s", action: "thing.done", target: "t\(i)", clientAddress: "127.0.0.1", requestID: "r\(i)",
                details: AuditRecord.canonicalDetails(["n": String(i)]), prevHash: previous)
            record.seal(after: previous)
            previous = record.hash
            return record
        }
    }

    static func verify(_ records: [AuditRecord], headSeq: Int64? = nil, headHash: String? = nil) -> AuditVerification {
        var verifier = AuditChainVerifier()
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
        resealed[1].seal(after: resealed[0].hash)
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
        #expect(a.computedHash().count == 64)
    }

    @Test("Timestamps are UTC with milliseconds; details are sorted JSON")
    func formats() {
        #expect(AuditRecord.timestamp(Date(timeIntervalSince1970: 1_795_595_562.7625)) == "2026-11-25T08:32:42.762Z")
        #expect(AuditRecord.canonicalDetails(["b": "2", "a": "1/2"]) == #"{"a":"1/2","b":"2"}"#)
        #expect(AuditRecord.canonicalDetails([:]) == "{}")
    }
}
