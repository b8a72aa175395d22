// One line of the retention schedule: which records, the event their clock starts from, and for how long.

/// One line of the retention schedule: which records, what starts their clock, for how long, and the limits a trust
/// administrator allows a school's headteacher to set it within.
public struct RetentionScheduleRule: Sendable, Equatable, Codable {
    /// A stable name (`allegations`), as the schedule's table and the audit log say it.
    public var key: String
    /// The records, as a headteacher reads them.
    public var records: String
    public var clock: RetentionClock
    public var period: RetentionPeriod
    /// Kept at least until the person's normal pension age as well (allegations against staff).
    public var untilPensionAge: Bool
    /// Why this is the default, for the school to check against its own records policy.
    public var basis: String
    /// The shortest and longest period a school may set (the trust administrator's limits).
    public var shortest: RetentionPeriod
    public var longest: RetentionPeriod
    /// The least any trust may allow, when statutory guidance sets one, and the guidance that sets it.
    public var floor: (period: RetentionPeriod, source: String)? {
        key == "allegations" ? (.years(10), "Keeping children safe in education") : nil
    }

    public init(
        key: String, records: String, clock: RetentionClock, period: RetentionPeriod, untilPensionAge: Bool = false,
        basis: String, shortest: RetentionPeriod, longest: RetentionPeriod = .longest
    ) {
        self.key = key
        self.records = records
        self.clock = clock
        self.period = period
        self.untilPensionAge = untilPensionAge
        self.basis = basis
        self.shortest = shortest
        self.longest = longest
    }

    /// The normal pension age the allegations rule counts to, in whole years.
    public static let normalPensionAge = 67

    /// Steward's defaults: what schools in England are generally advised, for each school to check against its own
    /// records policy (the README says so).
    public static let defaults: [RetentionScheduleRule] = [
        RetentionScheduleRule(
            key: "allegations",
            records:
                "Concerns that were allegations against a member of staff, closed as substantiated, unsubstantiated or "
                + "unfounded",
            clock: .reported, period: .years(10), untilPensionAge: true,
            basis:
                "Keeping children safe in education: until the person's normal pension age or 10 years from the "
                + "allegation, whichever is longer",
            shortest: .years(10)),
        RetentionScheduleRule(
            key: "false_allegations",
            records: "Allegations closed as false or malicious: the link to the person they were about",
            clock: .closed, period: RetentionPeriod(months: 0),
            basis:
                "Keeping children safe in education: removed from the person's records at closure (the case itself "
                + "is then kept as other cases are)",
            shortest: RetentionPeriod(months: 0), longest: .years(1)),
        RetentionScheduleRule(
            key: "pupil_cases", records: "Concerns about a pupil", clock: .pupilBorn, period: .years(25),
            basis: "Safeguarding records: until the pupil is 25", shortest: .years(25)),
        RetentionScheduleRule(
            key: "cases", records: "Other concerns and cases, with their chronology and evidence", clock: .closed,
            period: .years(6), basis: "6 years after the case is closed", shortest: .years(1)),
        RetentionScheduleRule(
            key: "acknowledgements", records: "Acknowledgements of policies", clock: .personLeft, period: .years(6),
            basis: "Staff records: 6 years after the person leaves", shortest: .years(1)),
        RetentionScheduleRule(
            key: "declarations", records: "Declarations of relationships and their outcomes", clock: .personLeft,
            period: .years(6), basis: "Staff records: 6 years after the person leaves", shortest: .years(1)),
        RetentionScheduleRule(
            key: "self_checks", records: "Privacy self-checks and requests for help", clock: .personLeft,
            period: .years(6), basis: "Staff records: 6 years after the person leaves", shortest: .years(1)),
        RetentionScheduleRule(
            key: "published_posts", records: "Published posts with their approvals, findings and overrides",
            clock: .published, period: .years(6), basis: "6 years after publication", shortest: .years(1)),
        RetentionScheduleRule(
            key: "unpublished_drafts", records: "Drafts never published, with their photos", clock: .lastChanged,
            period: .years(1), basis: "1 year after the draft was last changed",
            shortest: RetentionPeriod(months: 1)),
    ]

    /// The default rule named `key`, if there is one.
    public static func named(_ key: String) -> RetentionScheduleRule? { defaults.first { $0.key == key } }

    /// The day a record under this rule may be removed, given when its clock started (for a pupil's case, the pupil's
    /// date of birth) and, for the pension-age rule, the person's date of birth.
    public func expiry(clockStarted start: CalendarDate?, personBorn: CalendarDate? = nil) -> RetentionExpiry {
        guard let start else {
            // A pupil's case is kept until an age: without the birthday there is no clock at all, not one yet to start.
            return clock == .pupilBorn
                ? .needsDecision("the pupil's date of birth is not on the roster, so their age cannot be counted")
                : .clockNotStarted
        }
        var end = period.after(start)
        if untilPensionAge {
            guard let personBorn else {
                return .needsDecision(
                    "the person's date of birth is not recorded, so their normal pension age cannot be counted")
            }
            end = max(end, RetentionPeriod.years(Self.normalPensionAge).after(personBorn))
        }
        return .removeOn(end)
    }

    /// Why `period` cannot be this school's setting, or nil when it can: within the trust's limits and a century.
    public func problem(with period: RetentionPeriod) -> String? {
        if period < shortest || period > longest {
            return shortest.months == 0
                ? "must be at most \(longest), the limit your trust has set"
                : "must be from \(shortest) to \(longest), the limits your trust has set"
        }
        return nil
    }

    /// Why `shortest`…`longest` cannot be this line's limits, or nil when they can: as for any line, and no shorter
    /// than statutory guidance allows.
    public func limitsProblem(shortest: RetentionPeriod, longest: RetentionPeriod) -> String? {
        if let problem = Self.problem(shortest: shortest, longest: longest) { return problem }
        if let floor, shortest < floor.period {
            return "the shortest must be at least \(floor.period): \(floor.source) requires it"
        }
        return nil
    }

    /// Why `shortest`…`longest` cannot be a trust's limits, or nil when they can.
    public static func problem(shortest: RetentionPeriod, longest: RetentionPeriod) -> String? {
        if shortest.months < 0 || longest > .longest {
            return "must be from no time at all to \(RetentionPeriod.longest)"
        }
        if shortest > longest { return "the shortest period must not be longer than the longest" }
        return nil
    }
}
