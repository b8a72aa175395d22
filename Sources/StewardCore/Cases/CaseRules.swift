// Concerns and confidential cases (policy 3, 4.3, 4.8, 5): what can be reported, how a case moves, and who may see it.
// These are the rules a headteacher or a union representative could argue about, so they are data here, not code
// scattered through pages.

import Foundation

/// What a concern is about, each with the clauses it rests on.
public enum ConcernCategory: String, CaseIterable, Codable, Sendable {
    case contactFromPupilOrFamily = "contact_from_pupil_or_family"
    case inappropriateContentByStaff = "inappropriate_content_by_staff"
    case misuseOfSchoolSystems = "misuse_of_school_systems"
    case onlineAbuseOfStaff = "online_abuse_of_staff"
    case other

    public var title: String {
        switch self {
        case .contactFromPupilOrFamily: "A pupil or a pupil's family contacted me on social media"
        case .inappropriateContentByStaff: "Something inappropriate posted by a member of staff"
        case .misuseOfSchoolSystems: "Misuse of the school's systems or accounts"
        case .onlineAbuseOfStaff: "Online abuse of a member of staff"
        case .other: "Something else"
        }
    }

    /// The kind as anyone but the reporter reads it (figures, lists, the case page): neutral, not in the first person.
    public var neutralTitle: String {
        switch self {
        case .contactFromPupilOrFamily: "Contact from a pupil or family"
        case .inappropriateContentByStaff: "Inappropriate content posted by staff"
        case .misuseOfSchoolSystems: "Misuse of the school's systems or accounts"
        case .onlineAbuseOfStaff: "Online abuse of staff"
        case .other: "Other"
        }
    }

    /// The policy clauses it rests on, as the policy numbers them.
    public var clauses: [String] {
        switch self {
        case .contactFromPupilOrFamily: ["4.3"]
        case .inappropriateContentByStaff: ["4.4", "4.5", "4.6", "4.7"]
        case .misuseOfSchoolSystems: ["4.8", "4.9"]
        case .onlineAbuseOfStaff: ["5.4"]
        case .other: []
        }
    }
}

/// Where a case stands.
public enum CaseState: String, CaseIterable, Codable, Sendable, Comparable {
    case new
    case triage
    case investigation
    case support
    case outcome
    case closed

    public var title: String {
        switch self {
        case .new: "New"
        case .triage: "Being looked at"
        case .investigation: "Under investigation"
        case .support: "Support being given"
        case .outcome: "Outcome recorded"
        case .closed: "Closed"
        }
    }

    /// What the person who reported it is told: enough to know it is in hand, nothing of its substance.
    public var reporterTitle: String {
        switch self {
        case .new: "Received"
        case .triage, .investigation, .support: "Being dealt with"
        case .outcome, .closed: "Dealt with"
        }
    }

    public static func < (a: CaseState, b: CaseState) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

/// How a case ended.
public enum CaseOutcome: String, CaseIterable, Codable, Sendable {
    case substantiated, unsubstantiated, unfounded, `false`, malicious
    case noFurtherAction = "no_further_action"

    public var title: String {
        switch self {
        case .substantiated: "Substantiated"
        case .unsubstantiated: "Unsubstantiated"
        case .unfounded: "Unfounded"
        case .false: "False"
        case .malicious: "Malicious"
        case .noFurtherAction: "No further action"
        }
    }
}

/// A step a handler records in the chronology (policy 3 and 5).
public enum CaseActionKind: String, CaseIterable, Codable, Sendable {
    case note
    case hrAdvice = "hr_advice"
    case disciplinaryOpened = "disciplinary_opened"
    case policeReferral = "police_referral"
    case ladoReferral = "lado_referral"
    case governorsInformed = "governors_informed"
    case supportOffered = "support_offered"
    case platformReported = "platform_reported"
    case personBlocked = "person_blocked"

    public var title: String {
        switch self {
        case .note: "Note"
        case .hrAdvice: "HR advice sought"
        case .disciplinaryOpened: "Disciplinary investigation opened"
        case .policeReferral: "Referred to the police"
        case .ladoReferral: "Referred to the local authority designated officer (LADO)"
        case .governorsInformed: "Governors informed"
        case .supportOffered: "Support offered to the person harmed"
        case .platformReported: "Reported to the platform"
        case .personBlocked: "Person blocked"
        }
    }

    /// A LADO referral carries the LADO's reference. A police referral may not have one yet (a call to 101 for
    /// advice): it takes one when given, and a later correction can add it (issue 19, item 6).
    public var needsReference: Bool { self == .ladoReferral }

    public var clause: String? {
        switch self {
        case .hrAdvice: "3"
        case .disciplinaryOpened: "5.2"
        case .policeReferral: "5.3"
        case .governorsInformed, .supportOffered: "5.4"
        case .platformReported, .personBlocked: "4.3"
        case .note, .ladoReferral: nil
        }
    }
}

/// The moves a case may make, each needing a reason. Only a handler makes them.
public enum CaseTransitions {
    public static let allowed: [CaseState: [CaseState]] = [
        .new: [.triage, .closed],
        .triage: [.investigation, .support, .outcome, .closed],
        .investigation: [.support, .outcome],
        .support: [.investigation, .outcome],
        .outcome: [.closed, .investigation],
        .closed: [.triage],
    ]

    public static func canMove(from: CaseState, to: CaseState) -> Bool {
        allowed[from]?.contains(to) ?? false
    }
}

/// What one person may see of one case.
public enum CaseVisibility: Sendable, Equatable {
    /// Nothing: the case does not exist for them (answered as "not found").
    case none
    /// They reported it: its reference, category, date and a plain status, nothing else.
    case reporterStatus
    /// Everything; `canHandle` when they may move it and record steps.
    case full(canHandle: Bool)
}

/// The facts about a case that decide who sees it.
public struct CaseFacts: Sendable {
    public var schoolID: UUID
    public var reporterID: UUID
    /// People the concern is about (never shown it, whatever their role).
    public var subjectIDs: Set<UUID>
    /// Whether the concern is about a headteacher of the school: then the chair of governors handles it.
    public var aboutHeadteacher: Bool
    /// HR and colleagues the handlers added to the case.
    public var addedIDs: Set<UUID>

    public init(
        schoolID: UUID, reporterID: UUID, subjectIDs: Set<UUID> = [], aboutHeadteacher: Bool = false,
        addedIDs: Set<UUID> = []
    ) {
        self.schoolID = schoolID
        self.reporterID = reporterID
        self.subjectIDs = subjectIDs
        self.aboutHeadteacher = aboutHeadteacher
        self.addedIDs = addedIDs
    }
}

public enum CaseAccess {
    /// Who handles concerns: the headteacher and the designated safeguarding lead; for a concern about the
    /// headteacher, the chair of governors instead.
    public static func handlerRoles(aboutHeadteacher: Bool) -> Set<Role> {
        aboutHeadteacher ? [.chairOfGovernors] : [.headteacher, .safeguardingLead]
    }

    /// Deny by default. The person a concern is about never sees it; handlers see it all; people added to it see it;
    /// the reporter sees its status; everyone else, whatever their role (trust administrators and governors included),
    /// sees nothing of it.
    public static func visibility(of facts: CaseFacts, to actor: Actor?) -> CaseVisibility {
        guard let actor else { return .none }
        if facts.subjectIDs.contains(actor.personID) { return .none }
        let roles = actor.rolesBySchool[facts.schoolID] ?? []
        // A concern about the headteacher is hidden from every headteacher of the school.
        if facts.aboutHeadteacher && roles.contains(.headteacher) && !roles.contains(.chairOfGovernors) {
            return facts.reporterID == actor.personID ? .reporterStatus : .none
        }
        if !roles.isDisjoint(with: handlerRoles(aboutHeadteacher: facts.aboutHeadteacher)) {
            return .full(canHandle: true)
        }
        if facts.addedIDs.contains(actor.personID) { return .full(canHandle: false) }
        if facts.reporterID == actor.personID { return .reporterStatus }
        return .none
    }
}

extension CaseAccess {
    /// Whether a case counts in concern figures: one rule for every figure, whoever reads it.
    ///
    /// Figures carry no names, so governors and trust administrators, who see no case, read them. But a count that
    /// includes a case one of its readers may not know of tells that reader it exists, and the same figures reach
    /// every reader: a published report is frozen and read by the headteacher and every governor, and two readers
    /// comparing their pages, or a page with the report, must find nothing in the difference. So a case counts only
    /// when every reader of figures may know it exists: not a concern about the headteacher (hidden from the
    /// headteacher), and not one about anyone who reads figures (hidden from its subject). The chair of governors
    /// handles those and tells the governing body as it decides. `figureReaders` are the people of the school who
    /// hold one of `FigureReaders.roles` there, the trust's administrators included.
    public static func countsInFigures(subjectIDs: Set<UUID>, aboutHeadteacher: Bool, figureReaders: Set<UUID>) -> Bool
    {
        !aboutHeadteacher && subjectIDs.isDisjoint(with: figureReaders)
    }

    /// Whether `actor` may learn that a case exists, even without its content: not its subject, and not a headteacher
    /// when it is about the headteacher (unless they also chair the governors, who handle it).
    public static func mayLearnItExists(
        schoolID: UUID, subjectIDs: Set<UUID>, aboutHeadteacher: Bool, for actor: Actor
    ) -> Bool {
        if subjectIDs.contains(actor.personID) { return false }
        let roles = actor.rolesBySchool[schoolID] ?? []
        if aboutHeadteacher && roles.contains(.headteacher) && !roles.contains(.chairOfGovernors) { return false }
        return true
    }
}

/// Deadlines that remind handlers (issue: one working day to triage, fourteen days without an entry).
public enum CaseDeadlines {
    /// The end of the next working day after the day `reported` falls on, both on the school's `clock` (Saturday and
    /// Sunday are not working days): a concern reported late on a Sunday evening in summer is due by the end of
    /// Tuesday, not Monday.
    public static func triageDue(reported: Date, clock: SchoolClock) -> Date {
        var day = clock.date(of: reported)
        repeat { day = day.adding(days: 1) } while day.isWeekend
        return clock.endOfDay(day)
    }

    public static let quietDays = 14

    public static func isOverdue(
        state: CaseState, reported: Date, lastEntry: Date, now: Date, clock: SchoolClock
    )
        -> Bool
    {
        if state == .closed { return false }
        if state == .new { return now >= triageDue(reported: reported, clock: clock) }
        return now.timeIntervalSince(lastEntry) > Double(quietDays) * 86_400
    }
}

extension CalendarDate {
    /// Saturday or Sunday.
    public var isWeekend: Bool {
        let weekday = ((dayNumber % 7) + 7 + 4) % 7  // 0 Sunday … 6 Saturday; 1 January 1970 was a Thursday
        return weekday == 0 || weekday == 6
    }
}

/// Evidence files are checked by what they contain, not by their name.
public enum EvidenceFile {
    public static let maxBytes = 20 * 1024 * 1024

    /// The content type of a PNG, JPEG or PDF file, or a reason it is refused.
    public static func check(_ bytes: [UInt8], name: String) -> Result<String, FieldError> {
        if bytes.isEmpty { return .failure(FieldError("evidence", "\(name) is empty.")) }
        if bytes.count > maxBytes { return .failure(FieldError("evidence", "\(name) is larger than 20 MB.")) }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .success("image/png") }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .success("image/jpeg") }
        if bytes.starts(with: Array("%PDF-".utf8)) { return .success("application/pdf") }
        return .failure(
            FieldError(
                "evidence",
                "\(name) is not a PNG, JPEG or PDF file (whatever its name says). Take a screenshot, or save it as PDF."
            ))
    }
}
