// The permission table, read by the one decision function, role by role.

import Foundation
import StewardCore
import Testing

@Suite("Access policy")
struct AccessPolicyTests {
    static let school = UUID()
    static let otherSchool = UUID()

    static func actor(_ roles: Set<Role>, extra: [UUID: Set<Role>] = [:]) -> Actor {
        var all = extra
        all[school] = roles
        return Actor(personID: UUID(), schoolID: school, rolesBySchool: all)
    }

    @Test("Every action has an entry in the table")
    func complete() {
        for action in Action.allCases { #expect(AccessPolicy.table[action] != nil, "\(action)") }
    }

    static let expectations: [(Action, Set<Role>)] = [
        (.viewPeople, [.headteacher, .safeguardingLead, .hr, .chairOfGovernors, .trustAdmin]),
        (.managePeople, [.headteacher, .trustAdmin]),
        (.viewAudit, [.headteacher, .trustAdmin]),
        (.exportPeople, [.headteacher, .hr, .trustAdmin]),
        (.exportRoster, [.headteacher, .safeguardingLead]),
        (.viewOutbox, [.headteacher, .trustAdmin]),
        (.managePolicies, [.headteacher, .trustAdmin]),
        (.viewPolicyFigures, [.headteacher, .trustAdmin, .chairOfGovernors, .governor]),
        (.viewPolicyCoverage, [.headteacher, .trustAdmin]),
        (.viewCaseFigures, [.headteacher, .trustAdmin, .chairOfGovernors, .governor]),
        (.retryMail, [.headteacher, .trustAdmin]),
        (.manageSignIn, [.headteacher, .trustAdmin]),
        (.manageRetention, [.headteacher, .trustAdmin]),
        (.manageRetentionLimits, [.trustAdmin]),
        (.manageLegalHolds, [.headteacher, .trustAdmin]),
        (.handleRecordsRequests, [.headteacher, .hr]),
        (.eraseRecords, [.headteacher]),
        (.viewReports, [.headteacher, .trustAdmin, .chairOfGovernors, .governor]),
        (.draftReports, [.headteacher]),
        (.viewTrustReport, [.trustAdmin]),
    ]

    @Test("Role-restricted actions allow exactly the roles named", arguments: expectations.indices)
    func roles(index: Int) {
        let (action, allowed) = Self.expectations[index]
        for role in Role.allCases {
            let decision = AccessPolicy.can(Self.actor([role]), action)
            #expect(decision == (allowed.contains(role) ? .allowed : .forbidden), "\(role) \(action)")
        }
        #expect(AccessPolicy.can(nil, action) == .signInRequired)
    }

    @Test("Nobody signed in may only sign in and check health")
    func anonymous() {
        for action in Action.allCases {
            let expected: Decision = AccessPolicy.table[action] == .anyone ? .allowed : .signInRequired
            #expect(AccessPolicy.can(nil, action) == expected)
        }
        #expect(AccessPolicy.can(nil, .signIn) == .allowed)
        #expect(AccessPolicy.can(nil, .viewHome) == .signInRequired)
    }

    @Test("A record of a school the actor does not belong to is not found, whatever their roles")
    func otherSchool() {
        let head = Self.actor([.headteacher])
        #expect(AccessPolicy.can(head, .viewPeople, .schoolRecord(schoolID: Self.otherSchool)) == .notFound)
        #expect(AccessPolicy.can(head, .viewPeople, .schoolRecord(schoolID: Self.school)) == .allowed)
        let staff = Self.actor([.staff])
        #expect(AccessPolicy.can(staff, .viewPeople, .schoolRecord(schoolID: Self.otherSchool)) == .notFound)
        #expect(AccessPolicy.can(staff, .viewPeople, .schoolRecord(schoolID: Self.school)) == .forbidden)
    }

    @Test("Roles in a second school count only for that school's records")
    func rolesPerSchool() {
        let governorElsewhere = Self.actor([.staff], extra: [Self.otherSchool: [.chairOfGovernors]])
        #expect(AccessPolicy.can(governorElsewhere, .viewPeople) == .forbidden)
        #expect(AccessPolicy.can(governorElsewhere, .viewPeople, .schoolRecord(schoolID: Self.otherSchool)) == .allowed)
        #expect(governorElsewhere.schools(where: [.chairOfGovernors]) == [Self.otherSchool])
    }

    @Test("Only a trust administrator grants trust administration; a headteacher grants school roles")
    func grants() {
        #expect(RoleGrants.mayChange(.safeguardingLead, grantorRoles: [.headteacher]))
        #expect(!RoleGrants.mayChange(.trustAdmin, grantorRoles: [.headteacher]))
        #expect(RoleGrants.mayChange(.trustAdmin, grantorRoles: [.trustAdmin]))
        #expect(!RoleGrants.mayChange(.staff, grantorRoles: [.hr]))
    }

    @Test("Two-factor sign-in is required for the roles that see confidential records")
    func twoFactorRoles() {
        let required = Set(Role.allCases.filter(\.requiresTwoFactor))
        #expect(required == [.headteacher, .safeguardingLead, .hr, .chairOfGovernors, .trustAdmin])
    }

    @Test("Sessions expire when idle for 30 minutes or 12 hours after sign-in; the code step lasts 5 minutes")
    func sessionRules() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(
            SessionRules.isLive(
                stage: .signedIn, createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(29 * 60)))
        #expect(
            !SessionRules.isLive(
                stage: .signedIn, createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(30 * 60)))
        let busy = start.addingTimeInterval(12 * 3600 - 60)
        #expect(
            SessionRules.isLive(stage: .signedIn, createdAt: start, lastSeenAt: busy, now: busy.addingTimeInterval(30)))
        #expect(
            !SessionRules.isLive(stage: .signedIn, createdAt: start, lastSeenAt: busy, now: busy.addingTimeInterval(61))
        )
        #expect(
            !SessionRules.isLive(
                stage: .awaitingSecondFactor, createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(301)))
    }

    @Test("Ten failures from unknown devices refuse the 11th attempt from an unknown device, never a known one")
    func throttleEdges() {
        // The 10th attempt is allowed (9 failures before it); the 11th is refused.
        #expect(!SignInThrottle.isBlocked(failuresFromUnknownDevices: 9, failuresFromThisDevice: nil))
        #expect(SignInThrottle.isBlocked(failuresFromUnknownDevices: 10, failuresFromThisDevice: nil))
        // A known device counts only its own failures, whatever strangers did.
        #expect(!SignInThrottle.isBlocked(failuresFromUnknownDevices: 500, failuresFromThisDevice: 0))
        #expect(!SignInThrottle.isBlocked(failuresFromUnknownDevices: 500, failuresFromThisDevice: 9))
        #expect(SignInThrottle.isBlocked(failuresFromUnknownDevices: 0, failuresFromThisDevice: 10))
    }

    @Test("A busy address is slowed after ten failures, by a second more each time, never refused")
    func addressDelay() {
        #expect(SignInThrottle.addressDelay(failures: 0) == 0)
        #expect(SignInThrottle.addressDelay(failures: 9) == 0)
        #expect(SignInThrottle.addressDelay(failures: 10) == 1)
        #expect(SignInThrottle.addressDelay(failures: 11) == 2)
        #expect(SignInThrottle.addressDelay(failures: 17) == 8)
        #expect(SignInThrottle.addressDelay(failures: 18) == 8)
        #expect(SignInThrottle.addressDelay(failures: 100_000) == SignInThrottle.maxDelay)
    }
}
