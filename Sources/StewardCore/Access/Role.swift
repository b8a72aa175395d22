// The roles a person can hold in a school, and the kinds of people the policy covers (1.1).

/// A responsibility someone holds in one school (or, for `trustAdmin`, across a trust).
///
/// Stored as the raw string, so the same value works on SQLite and PostgreSQL.
public enum Role: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case staff
    case lineManager = "line_manager"
    case headteacher
    case safeguardingLead = "safeguarding_lead"
    case hr
    case chairOfGovernors = "chair_of_governors"
    case governor
    case socialMediaAdmin = "social_media_admin"
    case trustAdmin = "trust_admin"

    /// The name a school secretary would use.
    public var title: String {
        switch self {
        case .staff: "Staff"
        case .lineManager: "Line manager"
        case .headteacher: "Headteacher"
        case .safeguardingLead: "Designated safeguarding lead"
        case .hr: "HR"
        case .chairOfGovernors: "Chair of governors"
        case .governor: "Governor"
        case .socialMediaAdmin: "Social media administrator"
        case .trustAdmin: "Trust administrator"
        }
    }

    /// Roles whose holders see confidential records, so a stolen password alone must not be enough.
    public var requiresTwoFactor: Bool {
        switch self {
        case .headteacher, .safeguardingLead, .hr, .chairOfGovernors, .trustAdmin: true
        default: false
        }
    }

    /// Trust administrators hold their role across every school of their trust, not in one school.
    public var isTrustLevel: Bool { self == .trustAdmin }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// The three groups the policy applies to (1.1): "all employees, governors and volunteers".
public enum PersonKind: String, CaseIterable, Codable, Sendable {
    case employee
    case governor
    case volunteer

    public var title: String {
        switch self {
        case .employee: "Employee"
        case .governor: "Governor"
        case .volunteer: "Volunteer"
        }
    }
}
