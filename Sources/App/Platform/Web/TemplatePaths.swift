// The paths templates may name: `#path("concerns.show", row.id)` builds `/concerns/8C1…` from the feature's own
// `ConcernPaths.show`, so no template writes an address of its own (CodeLayoutTests checks every template).

enum TemplatePaths {
    /// Every path a template may link or post to, by `feature.name`, each taken from its feature's path type.
    static let named: [String: RoutePath] = [
        "home": HomePaths.home, "home.switchSchool": HomePaths.switchSchool,
        "session.login": SessionPaths.login, "session.code": SessionPaths.code, "session.logout": SessionPaths.logout,
        "session.forgotPassword": SessionPaths.forgotPassword, "session.resetPassword": SessionPaths.resetPassword,
        "session.stepUp": SessionPaths.stepUp,
        "account": AccountPaths.account, "account.password": AccountPaths.password,
        "account.tokens": AccountPaths.tokens, "account.revokeToken": AccountPaths.revokeToken,
        "account.twoFactor": AccountPaths.twoFactor, "account.disableTwoFactor": AccountPaths.disableTwoFactor,
        "policies.list": PolicyPaths.list, "policies.new": PolicyPaths.new, "policies.show": PolicyPaths.show,
        "policies.acknowledge": PolicyPaths.acknowledge, "policies.publicity": PolicyPaths.publicity,
        "policies.coverage": PolicyPaths.coverage, "policies.coverageCSV": PolicyPaths.coverageCSV,
        "policies.versions": PolicyPaths.versions, "policies.newVersion": PolicyPaths.newVersion,
        "policies.version": PolicyPaths.version, "policies.publish": PolicyPaths.publish,
        "policies.discard": PolicyPaths.discard, "policies.questions": PolicyPaths.questions,
        "policies.links": PolicyPaths.links, "policies.link": PolicyPaths.link,
        "concerns.list": ConcernPaths.list, "concerns.new": ConcernPaths.new, "concerns.figures": ConcernPaths.figures,
        "concerns.show": ConcernPaths.show, "concerns.move": ConcernPaths.move,
        "concerns.entries": ConcernPaths.entries,
        "concerns.members": ConcernPaths.members, "concerns.evidence": ConcernPaths.evidence,
        "concerns.download": ConcernPaths.download,
        "people.list": PeoplePaths.list, "people.new": PeoplePaths.new, "people.show": PeoplePaths.show,
        "people.edit": PeoplePaths.edit, "people.deactivate": PeoplePaths.deactivate,
        "people.reactivate": PeoplePaths.reactivate, "people.passwordLink": PeoplePaths.passwordLink,
        "people.export": PeoplePaths.export, "people.import": PeoplePaths.importPage,
        "people.applyImport": PeoplePaths.applyImport, "people.cancelImport": PeoplePaths.cancelImport,
        "pupils.list": PupilPaths.list, "pupils.export": PupilPaths.export, "pupils.import": PupilPaths.importPage,
        "pupils.applyImport": PupilPaths.applyImport, "pupils.cancelImport": PupilPaths.cancelImport,
        "audit.log": AuditPaths.log, "mail.outbox": MailPaths.outbox, "mail.retry": MailPaths.retry,
        "stylesheet": RoutePath("css", "app.css"),
    ]
}
