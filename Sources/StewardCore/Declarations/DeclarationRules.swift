// Declarations of relationships with people connected to the school (policy 1.5): who reviews one, who may see it,
// and when each year's confirmation round runs.

import Foundation

/// Who reviews a declaration (1.5: "declared to their line manager").
public enum DeclarationReviewer: Sendable, Equatable {
    case lineManager(UUID)
    case headteacher
    case chairOfGovernors
    /// The trust's administrators: for a headteacher's declaration about the chair of governors, when nobody in the
    /// school may review it.
    case trustAdministrator
}

public enum DeclarationRules {
    /// Who declares and completes the privacy check: everyone who works at the school, paid or not (volunteers hold
    /// the staff role); not governors (1.5 and 4 are about staff) and not trust administrators as such.
    public static let declarers: Set<Role> = [
        .staff, .lineManager, .headteacher, .safeguardingLead, .hr, .socialMediaAdmin,
    ]

    /// The line manager; the headteacher when there is none or the line manager is the other party; the chair of
    /// governors when the declarer is the headteacher, or the other party is (a headteacher must not review a
    /// relationship with themselves); the trust's administrators when the chair would review a relationship with
    /// themselves (the headteacher declaring one with the chair).
    public static func reviewer(
        declarerIsHeadteacher: Bool, lineManager: UUID?, otherParty: UUID?, otherPartyIsHeadteacher: Bool,
        otherPartyIsChair: Bool = false
    ) -> DeclarationReviewer {
        if declarerIsHeadteacher || otherPartyIsHeadteacher {
            return otherPartyIsChair ? .trustAdministrator : .chairOfGovernors
        }
        if let lineManager, lineManager != otherParty { return .lineManager(lineManager) }
        return .headteacher
    }

    /// Who sees a declaration: the declarer, its reviewer, the headteacher and HR; the safeguarding lead only once
    /// it is passed to them; never the other party, whatever their role; nobody else.
    public static func canSee(
        viewer: UUID, roles: Set<Role>, declarer: UUID, reviewer: UUID?, otherParty: UUID?,
        passedToSafeguarding: Bool
    ) -> Bool {
        if viewer == otherParty { return false }
        if viewer == declarer || viewer == reviewer { return true }
        if !roles.isDisjoint(with: [.headteacher, .hr]) { return true }
        return passedToSafeguarding && roles.contains(.safeguardingLead)
    }

    /// Whether a declaration counts in the school's figures: one rule for every reader of figures (`FigureReaders`).
    /// The other party never sees a declaration, so one whose other party reads figures is counted for nobody: a
    /// difference between two readers' figures, or between a page and the governors' report, would tell them of it.
    public static func countsInFigures(otherParty: UUID?, figureReaders: Set<UUID>) -> Bool {
        otherParty.map { !figureReaders.contains($0) } ?? true
    }

    /// Days a new starter has to declare (1.5, issue 14: "in their first two weeks").
    public static let starterDays = 14

    /// This year's confirmation round, opening on the 1st of `month` (September unless the school changes it):
    /// the latest opening on or before `today`, numbered by its year.
    public static func round(
        month: Int, deadlineDays: Int, today: CalendarDate, audience: Set<PersonKind> = [.employee, .volunteer]
    ) -> ObligationRound {
        let month = min(max(month, 1), 12)
        let thisYear = CalendarDate(year: today.year, month: month, day: 1) ?? today
        let opens = thisYear <= today ? thisYear : (CalendarDate(year: today.year - 1, month: month, day: 1) ?? today)
        return ObligationRound(number: opens.year, opensOn: opens, deadlineDays: deadlineDays, audience: audience)
    }
}
