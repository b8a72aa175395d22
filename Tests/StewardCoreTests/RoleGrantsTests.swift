// Who may give and take away each role, and whose accounts a headteacher may change: the whole table, written from
// issue 10 ("headteachers must not grant or remove the headteacher, chair of governors or governor roles, nor change,
// reset or deactivate a trust administrator's account"), not read back from the code.

import StewardCore
import Testing

@Suite("Role grants")
struct RoleGrantsTests {
    /// The roles a headteacher may give or take away: every school role except the ones that hold them to account.
    static let headteacherMayChange: Set<Role> = [.staff, .lineManager, .safeguardingLead, .hr, .socialMediaAdmin]

    @Test("A headteacher changes the school's working roles, never headteacher, chair, governor or trust roles")
    func headteacher() {
        for role in Role.allCases {
            #expect(
                RoleGrants.mayChange(role, grantorRoles: [.headteacher]) == Self.headteacherMayChange.contains(role),
                "\(role)")
            // Holding other roles beside it changes nothing.
            #expect(
                RoleGrants.mayChange(role, grantorRoles: [.headteacher, .lineManager, .staff])
                    == Self.headteacherMayChange.contains(role), "\(role) with more roles")
        }
    }

    @Test("A trust administrator changes every role")
    func trustAdministrator() {
        for role in Role.allCases {
            #expect(RoleGrants.mayChange(role, grantorRoles: [.trustAdmin]), "\(role)")
        }
    }

    @Test("Nobody else changes any role: not the chair, a governor, HR, the safeguarding lead or anyone else")
    func everyoneElse() {
        let others: [Set<Role>] = [
            [], [.staff], [.lineManager], [.safeguardingLead], [.hr], [.chairOfGovernors], [.governor],
            [.socialMediaAdmin], [.chairOfGovernors, .governor, .hr, .safeguardingLead, .lineManager],
        ]
        for grantor in others {
            for role in Role.allCases {
                #expect(!RoleGrants.mayChange(role, grantorRoles: grantor), "\(grantor) changing \(role)")
            }
        }
    }

    @Test("A headteacher manages an account only when they could change every role it holds")
    func accounts() {
        for role in Role.allCases {
            #expect(
                RoleGrants.mayManageAccount(holding: [role], grantorRoles: [.headteacher])
                    == Self.headteacherMayChange.contains(role), "\(role)")
            #expect(
                RoleGrants.mayManageAccount(holding: [.staff, role], grantorRoles: [.headteacher])
                    == Self.headteacherMayChange.contains(role), "staff and \(role)")
            #expect(RoleGrants.mayManageAccount(holding: [role], grantorRoles: [.trustAdmin]))
            #expect(!RoleGrants.mayManageAccount(holding: [role], grantorRoles: [.hr]))
            #expect(!RoleGrants.mayManageAccount(holding: [role], grantorRoles: [.chairOfGovernors]))
        }
        #expect(RoleGrants.mayManageAccount(holding: [], grantorRoles: [.headteacher]))
        #expect(!RoleGrants.mayManageAccount(holding: [], grantorRoles: [.staff]))
    }

    @Test("The roles that handle cases are the headteacher, the safeguarding lead and the chair, and no other")
    func caseHandling() {
        #expect(RoleGrants.caseHandling == [.headteacher, .safeguardingLead, .chairOfGovernors])
        for aboutHead in [false, true] {
            #expect(CaseAccess.handlerRoles(aboutHeadteacher: aboutHead).isSubset(of: RoleGrants.caseHandling))
        }
    }
}
