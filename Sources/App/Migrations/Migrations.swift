// Every migration, in the order it runs, each with the reason it exists.

import Fluent

enum StewardMigrations {
    static let all: [any Migration] = [
        CreateCoreSchema(),  // trusts, schools, people, roles, sessions, sign-in attempts, tokens, recovery codes
        CreateAuditLog(),  // the hash-chained, append-only audit log
        CreatePendingImports(),  // an uploaded staff file between its preview and its confirmation
        CreatePupils(),  // the pupil roster and its consents, for screening posts
        CreateOutboxAndJobs(),  // outgoing mail, background jobs, password-reset links
        CreatePolicies(),  // the policy library: versions and acknowledgements
        CreateCases(),  // concerns and confidential cases, their chronology and evidence
    ]
}
