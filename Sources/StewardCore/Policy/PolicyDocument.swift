// A policy as Steward holds it: a title, sections, and numbered clauses that pages link to and people acknowledge.

import Crypto
import Foundation

/// A policy document parsed into sections and clauses. Immutable once published; identified by `contentHash`.
public struct PolicyDocument: Codable, Sendable, Equatable {
    public var title: String
    /// Headings and paragraphs before the first numbered section (a school's name, a mission statement).
    public var preamble: [Block]
    public var sections: [Section]

    public init(title: String, preamble: [Block] = [], sections: [Section] = []) {
        self.title = title
        self.preamble = preamble
        self.sections = sections
    }

    /// Text that is not a clause: a heading, a paragraph, a bullet, or the lead-in of a lettered list.
    public struct Block: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable { case heading, paragraph, bullet, leadIn }
        public var kind: Kind
        public var text: String

        public init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = text
        }
    }

    /// One numbered clause (`4.3`) or lettered item (`3a`, `3-headteacher-a`).
    public struct Clause: Codable, Sendable, Equatable {
        /// Unique within the document: `4.3`, `3a`, `3-headteacher-a`.
        public var number: String
        /// How the document writes it: `4.3`, `a)`.
        public var label: String
        /// The lead-in a lettered item belongs to ("The headteacher will:"), if any.
        public var group: String?
        public var text: String

        public init(number: String, label: String, group: String? = nil, text: String) {
            self.number = number
            self.label = label
            self.group = group
            self.text = text
        }

        /// The fragment a page links to: `clause-4-3`, `clause-3-headteacher-a`.
        public var anchor: String { PolicyDocument.anchor(number) }
    }

    /// A numbered section and what it holds, in the order the document has it.
    public struct Section: Codable, Sendable, Equatable {
        public var number: String
        public var title: String
        public var items: [Item]

        public init(number: String, title: String, items: [Item] = []) {
            self.number = number
            self.title = title
            self.items = items
        }

        /// The fragment a page links to: `section-4`, `section-appendix-a`.
        public var anchor: String {
            "section-" + String(number.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        }
        public var clauses: [Clause] { items.compactMap { if case .clause(let c) = $0 { c } else { nil } } }
    }

    public enum Item: Codable, Sendable, Equatable {
        case block(Block)
        case clause(Clause)
    }

    /// Every clause in document order.
    public var clauses: [Clause] { sections.flatMap(\.clauses) }

    /// The clause numbered `number`, if the document has it.
    public func clause(_ number: String) -> Clause? { clauses.first { $0.number == number } }

    /// The section heading a clause sits under, with its lead-in for lettered items: "3. Responsibilities — The
    /// headteacher will:".
    public func heading(of clause: Clause) -> String {
        guard let section = sections.first(where: { $0.clauses.contains(clause) }) else { return "" }
        let base = "\(section.number). \(section.title)"
        return clause.group.map { "\(base) — \($0)" } ?? base
    }

    /// SHA-256 of the document's canonical JSON: two imports of the same words give the same hash, and any change to
    /// a word gives another.
    public var contentHash: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data()
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    static func anchor(_ number: String) -> String {
        let lowered = number.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return "clause-" + String(lowered)
    }
}

/// What changed from one version of a policy to the next, clause by clause.
public struct PolicyDiff: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        case added(PolicyDocument.Clause)
        case removed(PolicyDocument.Clause)
        case changed(old: PolicyDocument.Clause, new: PolicyDocument.Clause)

        public var number: String {
            switch self {
            case .added(let c), .removed(let c): c.number
            case .changed(_, let c): c.number
            }
        }
    }

    public var changes: [Change]
    public var titleChanged: Bool

    public var isEmpty: Bool { changes.isEmpty && !titleChanged }

    /// Compares clauses by number: in the new version and not the old is added, the reverse removed, and the same
    /// number with other words changed. Listed in the new document's order, then the removed clauses in the old one's.
    public init(from old: PolicyDocument, to new: PolicyDocument) {
        let oldByNumber = Dictionary(old.clauses.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        let newNumbers = Set(new.clauses.map(\.number))
        var changes: [Change] = []
        for clause in new.clauses {
            if let before = oldByNumber[clause.number] {
                if before.text != clause.text || before.group != clause.group {
                    changes.append(.changed(old: before, new: clause))
                }
            } else {
                changes.append(.added(clause))
            }
        }
        for clause in old.clauses where !newNumbers.contains(clause.number) { changes.append(.removed(clause)) }
        self.changes = changes
        self.titleChanged = old.title != new.title
    }
}
