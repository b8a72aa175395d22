// Which parts of the home pages each audited change can reach, read from the audit log as it moves.

import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Where each feature's part of the home pages last changed, per school, read from the audit log itself: every change
/// of state writes an entry, on any instance, in commit order, so the entries written since a part was made say
/// whether it may still be shown. A change whose action is not in `reach` is taken to reach every part of every page
/// of its school (all schools, when it belongs to none): only the actions listed, each checked against the tables it
/// writes and the tables each feature's part reads (`HomeChangesTests`), keep the other parts.
final class HomeChanges: Sendable {
    /// The features whose home-page part each of these actions can change; every other action can change them all.
    /// Reads of confidential records are audited but change nothing.
    static let reach: [String: Set<String>] = [
        // The soak's writes (benchmarks/soak.py) and a school's commonest: a concern reported (the handlers' list,
        // the governors' figure, and the reporter's own reminder to report contact), an acknowledgement, a draft.
        "case.reported": ["concerns", "self-checks"],
        "policy.acknowledged": ["policies"],
        "policy.imported": ["policies"],
        // Signing in and out, and failing to: sessions and attempts, which no home page shows. Not
        // "sign_in.succeeded": a code accepted is recorded against the person (so that it cannot be used twice), and
        // people are read by most parts.
        "sign_in.password_accepted": [],
        "sign_in.failed": [],
        "sign_in.second_factor_failed": [],
        "sign_out": [],
        // Reading: nothing a home page shows changes.
        "case.opened": [],
        "roster.viewed": [],
        "people.listed": [],
    ]

    /// The most entries read at once; after a longer silence every part is simply made again.
    static let readLimit: Int64 = 2_000

    private struct SchoolFeature: Hashable {
        var school: UUID
        var feature: String
    }

    private struct State {
        /// The head up to which the entries have been read; nil before the first request.
        var seen: Int64?
        /// The last change that reached every part everywhere (and where reading began).
        var everywhere: Int64 = 0
        /// The last change that reached every part of a school's pages.
        var school: [UUID: Int64] = [:]
        /// The last change that reached a feature's part in every school (an entry of no school).
        var feature: [String: Int64] = [:]
        /// The last change that reached a feature's part in one school.
        var schoolFeature: [SchoolFeature: Int64] = [:]
        /// The last change that reached anything at all.
        var anything: Int64 = 0
    }

    private let state = NIOLockedValueBox(State())

    /// An entry of the audit log, as far as the home pages care.
    struct Entry: Sendable {
        var seq: Int64
        var school: UUID?
        var action: String
    }

    /// Reads the entries written since the last read, up to `stamp` (the head a request saw), when it is further on.
    /// One small query, only on the first request after the head moves.
    func catchUp(to stamp: Int64?, on db: any Database) async throws {
        guard let stamp, let from = begin(at: stamp) else { return }
        var entries: [Entry]? = nil
        if stamp - from <= Self.readLimit, let sql = db as? any SQLDatabase {
            entries = try await sql.raw(
                """
                SELECT "seq", "school_id", "action" FROM "audit_entries"
                WHERE "seq" > \(bind: from) AND "seq" <= \(bind: stamp) ORDER BY "seq"
                """
            ).all().map { row in
                Entry(
                    seq: try row.decode(column: "seq", as: Int64.self),
                    school: try row.decode(column: "school_id", as: String?.self).flatMap(UUID.init(uuidString:)),
                    action: try row.decode(column: "action", as: String.self))
            }
        }
        note(entries, after: from, upTo: stamp)
    }

    /// Where the entries up to `stamp` are to be read from; nil when they have been, or when this is the first stamp
    /// (nothing is known of what came before it, so everything counts as changed then).
    func begin(at stamp: Int64) -> Int64? {
        state.withLockedValue { state in
            guard let seen = state.seen else {
                state.seen = stamp
                state.everywhere = stamp
                state.anything = stamp
                return nil
            }
            return stamp > seen ? seen : nil
        }
    }

    /// Counts `entries`, read as those after `from` up to `stamp`; nil when they were too many to read.
    func note(_ entries: [Entry]?, after from: Int64, upTo stamp: Int64) {
        state.withLockedValue { state in
            // Too many to read, or some missing (an entry not there cannot say what it changed): everything changed.
            if let entries, entries.count == Int(stamp - from) {
                for entry in entries { Self.record(entry, in: &state) }
            } else {
                state.everywhere = max(state.everywhere, stamp)
                state.anything = max(state.anything, stamp)
            }
            state.seen = max(state.seen ?? stamp, stamp)
        }
    }

    private static func record(_ entry: Entry, in state: inout State) {
        guard let features = reach[entry.action] else {
            if let school = entry.school {
                state.school[school] = max(state.school[school] ?? 0, entry.seq)
            } else {
                state.everywhere = max(state.everywhere, entry.seq)
            }
            state.anything = max(state.anything, entry.seq)
            return
        }
        for feature in features {
            if let school = entry.school {
                let key = SchoolFeature(school: school, feature: feature)
                state.schoolFeature[key] = max(state.schoolFeature[key] ?? 0, entry.seq)
            } else {
                state.feature[feature] = max(state.feature[feature] ?? 0, entry.seq)
            }
        }
        if !features.isEmpty { state.anything = max(state.anything, entry.seq) }
    }

    /// The last entry that could have changed `feature`'s part of a home page in `school`; nil before any is read.
    func lastChange(of feature: String, in school: UUID) -> Int64? {
        state.withLockedValue { state in
            guard state.seen != nil else { return nil }
            return max(
                state.everywhere, state.school[school] ?? 0, state.feature[feature] ?? 0,
                state.schoolFeature[SchoolFeature(school: school, feature: feature)] ?? 0)
        }
    }

    /// The last entry that could have changed any part of any page; nil before any is read.
    var lastChangeAnywhere: Int64? {
        state.withLockedValue { $0.seen == nil ? nil : $0.anything }
    }
}
