// Blanking audit entries (issue 17, item 3): a purge takes the personal data out of the entries that described what
// it removed, and the chain still verifies; any other change, or a blank no purge entry covers, does not.

import Crypto
import Foundation
import StewardCore
import Testing

@Suite("Audit chain: entries blanked by a purge")
struct AuditBlankingTests {
    static let key = AuditChainTests.key

    /// A chain of `count` entries, then a purge entry (the last) recording `blanked` of them under `purgeID`; the
    /// blanked entries are returned blank, with their redactions.
    static func purged(
        _ count: Int, blanking blanked: [Int64], purgeID: String = "p1", recordedCount: String? = nil
    ) -> (records: [AuditRecord], redactions: [AuditRedaction]) {
        var records = AuditChainTests.chain(count)
        let redactions = blanked.map { AuditRedaction(blanking: records[Int($0) - 1], purgeID: purgeID, key: key) }
        var details = ["purge": purgeID, "blanked": recordedCount ?? String(redactions.count), "cases": "1"]
        if !redactions.isEmpty { details["blanked_digest"] = AuditRedaction.digest(redactions) }
        var purge = AuditRecord(
            seq: Int64(count + 1), occurredAt: "2026-12-03T02:00:00.000Z", actorID: nil, actorName: "Steward records",
            schoolID: "s", action: AuditRedaction.purgeAction, target: nil, clientAddress: "local", requestID: nil,
            details: AuditRecord.canonicalDetails(details), prevHash: records[count - 1].hash)
        purge.seal(after: records[count - 1].hash, key: key)
        records.append(purge)
        for seq in blanked { records[Int(seq) - 1] = records[Int(seq) - 1].blanked }
        return (records, redactions)
    }

    static func verify(_ records: [AuditRecord], _ redactions: [AuditRedaction]) -> AuditVerification {
        var verifier = AuditChainVerifier(key: key, redactions: redactions)
        for record in records { verifier.check(record) }
        let last = records[records.count - 1]
        return verifier.finish(headSeq: last.seq, headHash: last.hash)
    }

    @Test("Entries blanked by a purge that records them verify, first, middle and last of the chain")
    func blankedVerify() {
        for blanked: [Int64] in [[1], [3], [5], [1, 2, 3, 4, 5], [2, 4], []] {
            let (records, redactions) = Self.purged(5, blanking: blanked)
            #expect(Self.verify(records, redactions) == .intact(count: 6, lastHash: records[5].hash), "\(blanked)")
            for seq in blanked {
                let entry = records[Int(seq) - 1]
                #expect(entry.actorID == nil && entry.actorName == nil && entry.clientAddress == nil)
                #expect(entry.details == AuditRedaction.blankDetails)
            }
        }
    }

    @Test("A blanked entry with any field but the blanked ones changed is caught")
    func otherFieldsStillSealed() {
        let changes: [(String, (inout AuditRecord) -> Void)] = [
            ("time", { $0.occurredAt = "2026-11-25T09:00:00.000Z" }), ("school", { $0.schoolID = "other" }),
            ("action", { $0.action = "other.thing" }), ("target", { $0.target = "case:other" }),
            ("request", { $0.requestID = "r99" }), ("actor kept", { $0.actorID = "a3" }),
            ("name kept", { $0.actorName = "Person 3" }), ("address kept", { $0.clientAddress = "10.0.0.1" }),
            ("details kept", { $0.details = "{\"n\":\"3\"}" }), ("other details", { $0.details = "{}" }),
        ]
        for (name, change) in changes {
            var (records, redactions) = Self.purged(5, blanking: [3])
            change(&records[2])
            #expect(
                Self.verify(records, redactions) == .broken(seq: 3, reason: "entry 3 was changed after it was written"),
                "\(name)")
        }
    }

    @Test("A blank that no purge entry covers, or one its digest does not match, is caught")
    func uncoveredBlanks() {
        // Blanked in the database with a redaction row, but the purge entry recorded nothing.
        var (records, _) = Self.purged(5, blanking: [])
        records[1] = records[1].blanked
        let forged = [AuditRedaction(blanking: AuditChainTests.chain(5)[1], purgeID: "p1", key: Self.key)]
        #expect(
            Self.verify(records, forged)
                == .broken(seq: 6, reason: "the entries blanked by the purge of entry 6 are not the ones it recorded"))
        // Under a purge that does not exist.
        let (plain, _) = Self.purged(5, blanking: [])
        var orphaned = plain
        orphaned[1] = orphaned[1].blanked
        let orphan = [AuditRedaction(blanking: AuditChainTests.chain(5)[1], purgeID: "nobody", key: Self.key)]
        #expect(
            Self.verify(orphaned, orphan)
                == .broken(seq: 2, reason: "entry 2 was blanked, but no purge entry records it"))
        // A redaction row removed: the blank entry is then just a changed one.
        let (blank, _) = Self.purged(5, blanking: [2, 4])
        #expect(Self.verify(blank, []) == .broken(seq: 2, reason: "entry 2 was changed after it was written"))
        // One more entry blanked under the purge than it recorded.
        var (extra, redactions) = Self.purged(5, blanking: [2])
        extra[3] = extra[3].blanked
        let more = redactions + [AuditRedaction(blanking: AuditChainTests.chain(5)[3], purgeID: "p1", key: Self.key)]
        #expect(
            Self.verify(extra, more)
                == .broken(seq: 6, reason: "the entries blanked by the purge of entry 6 are not the ones it recorded"))
        // A redaction naming the wrong hash.
        let (wrong, real) = Self.purged(5, blanking: [2])
        for misnamed in [
            AuditRedaction(
                seq: 2, hash: String(repeating: "a", count: 64), blankHash: real[0].blankHash, purgeID: "p1"),
            AuditRedaction(seq: 2, hash: real[0].hash, blankHash: String(repeating: "a", count: 64), purgeID: "p1"),
        ] {
            #expect(
                Self.verify(wrong, [misnamed]) == .broken(seq: 2, reason: "entry 2 was changed after it was written"))
        }
    }

    @Test("A purge cannot blank an entry written after it")
    func notForward() {
        // A purge entry (4) whose digest names entry 5, and entry 5 blanked: caught at the purge entry.
        var records = AuditChainTests.chain(5)
        let later = AuditRedaction(blanking: records[4], purgeID: "p1", key: Self.key)
        var purge = records[3]
        purge.action = AuditRedaction.purgeAction
        purge.details = AuditRecord.canonicalDetails([
            "purge": "p1", "blanked": "1", "blanked_digest": AuditRedaction.digest([later]),
        ])
        purge.seal(after: records[2].hash, key: Self.key)
        records[3] = purge
        records[4].seal(after: purge.hash, key: Self.key)
        let redaction = AuditRedaction(blanking: records[4], purgeID: "p1", key: Self.key)
        records[4] = records[4].blanked
        let verdict = Self.verify(records, [redaction])
        #expect(verdict != .intact(count: 5, lastHash: records[4].hash))
        if case .broken(let seq, _) = verdict { #expect(seq == 4) }
    }
}
