// The one list of features. Adding a feature is a folder under Features/ and a line here.

enum Features {
    static let all: [any Feature] = [
        // What every school has, whatever it uses Steward for.
        SessionFeature(),
        SchoolSignInFeature(),
        HomeFeature(),
        AuditFeature(),
        MailFeature(),
        BackupFeature(),
        RecordsFeature(),
        APIAccessFeature(),
        ImportsFeature(),
        // The policy's features.
        PoliciesFeature(),
        ConcernsFeature(),
        PeopleFeature(),
        PupilsFeature(),
        AccountsFeature(),
        PostsFeature(),
        DeclarationsFeature(),
        SelfChecksFeature(),
        // Last: its sections come from the features above.
        ReportsFeature(),
    ]
}
