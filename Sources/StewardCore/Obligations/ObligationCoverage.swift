// Figures for one round of an obligation, by group, and who is still to do it: what the headteacher and the
// governors see (policy 3, 1.5, 4.1–4.3).

import Foundation

/// Figures for one round of an obligation, by kind of person, with everyone still to do it, most overdue first.
public struct ObligationCoverage: Sendable, Equatable {
    public struct Figures: Sendable, Equatable, Codable {
        /// People the round asks.
        public var asked = 0
        public var met = 0
        public var due = 0
        public var overdue = 0
        /// Met as a share of those asked, 0–100, rounded down; 100 when no one is asked.
        public var percent: Int { asked == 0 ? 100 : met * 100 / asked }

        public init() {}

        /// Two groups' figures together (a trust's schools).
        public static func + (a: Figures, b: Figures) -> Figures {
            var sum = Figures()
            sum.asked = a.asked + b.asked
            sum.met = a.met + b.met
            sum.due = a.due + b.due
            sum.overdue = a.overdue + b.overdue
            return sum
        }
    }

    public struct Person: Sendable {
        public var id: UUID
        public var kind: PersonKind
        public var startDate: CalendarDate?
        /// The rounds this person has met.
        public var met: Set<Int>

        public init(id: UUID, kind: PersonKind, startDate: CalendarDate?, met: Set<Int>) {
            self.id = id
            self.kind = kind
            self.startDate = startDate
            self.met = met
        }
    }

    public var byKind: [PersonKind: Figures]
    public var total: Figures
    /// Everyone still to do it, with their status, most overdue first.
    public var outstanding: [(id: UUID, status: ObligationStatus)]

    public static func == (a: ObligationCoverage, b: ObligationCoverage) -> Bool {
        a.byKind == b.byKind && a.total == b.total && a.outstanding.map(\.id) == b.outstanding.map(\.id)
    }

    public init(round: ObligationRound?, people: [Person], today: CalendarDate, starterDays: Int? = nil) {
        var byKind: [PersonKind: Figures] = [:]
        for kind in PersonKind.allCases { byKind[kind] = Figures() }
        var total = Figures()
        var outstanding: [(UUID, ObligationStatus)] = []
        for person in people {
            let status = Obligations.status(
                in: round, met: person.met, kind: person.kind, startDate: person.startDate, today: today,
                starterDays: starterDays)
            var figures = byKind[person.kind] ?? Figures()
            switch status {
            case .notRequired: continue
            case .met:
                figures.met += 1
                total.met += 1
            case .due:
                figures.due += 1
                total.due += 1
            case .overdue:
                figures.overdue += 1
                total.overdue += 1
            }
            figures.asked += 1
            total.asked += 1
            byKind[person.kind] = figures
            if status.isOutstanding { outstanding.append((person.id, status)) }
        }
        func rank(_ status: ObligationStatus) -> Int {
            switch status {
            case .overdue(_, let days): -days
            case .due(let deadline): deadline.dayNumber
            default: Int.max
            }
        }
        self.byKind = byKind
        self.total = total
        self.outstanding = outstanding.sorted { rank($0.1) < rank($1.1) }
    }
}
