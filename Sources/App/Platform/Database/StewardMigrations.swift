// Every migration, in the order it runs, each with the reason it exists.

import Crypto
import Fluent
import Foundation

enum StewardMigrations {
    static func all(sealing: AuditSealing) -> [any Migration] {
        [
            CreateCoreSchema(),  // trusts, schools, people, roles, sessions, sign-in attempts, tokens, codes
            CreateAuditLog(),  // the hash-chained, append-only audit log
            CreatePendingImports(),  // an uploaded staff file between its preview and its confirmation
            CreatePupils(),  // the pupil roster and its consents, for screening posts
            CreateOutboxAndJobs(),  // outgoing mail, background jobs, password-reset links
            CreatePolicies(),  // the policy library: versions and acknowledgements
            CreateCases(),  // concerns and confidential cases, their chronology and evidence
            HardenSecurity(),  // case link on mail, token scopes and expiry, known sign-in devices
            SealAuditChain(sealing: sealing),  // the audit chain under a keyed MAC, checkpoints outside the database
            AddSchoolTimeZone(),  // each school's clock for dates, deadlines and morning mail
            CreateOfficialAccounts(),  // official accounts, their administrators, drafts, approvals and the archive
            CreateObligationReminders(),  // reminders sent about declarations and privacy checks, so none goes twice
            CreateDeclarations(),  // declared relationships, their outcomes, yearly confirmations, the school's month
            CreateSelfChecks(),  // termly privacy self-checks, the help they ask for, each school's terms and lead
            CreateGovernorsReports(),  // the governors' termly reports: drafts, and published versions frozen
            AddCaseEntryReport(),  // the governors' report a case's "governors informed" step names
            CreateSchoolSignIn(),  // each school's own identity provider, people's links to it, sign-ins under way
            CreateRetentionSchedule(),  // each school's retention periods and each trust's limits for them
            CreateRecordsPurge(),  // legal holds, the purge list, blanked audit entries
            AddRecordsErasure(),  // what a granted erasure request removed, when and by whom
            AddFailingMailIndex(),  // mail that could not be delivered, found without reading what was
        ]
    }

    /// Every migration's name, in order (for a backup's schema).
    static var names: [String] {
        let config = StewardConfig(
            dataDirectory: FileManager.default.temporaryDirectory, baseURL: FileManager.default.temporaryDirectory,
            secretKey: SymmetricKey(size: .bits256))
        return all(sealing: AuditSealing(config: config)).map(\.name)
    }
}
