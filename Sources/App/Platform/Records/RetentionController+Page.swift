// The retention schedule's page, as the headteacher and the trust administrator see it.

import StewardCore
import Vapor

extension RetentionController {
    struct Row: Encodable, Sendable {
        var key: String
        var records: String
        var period: String
        var counted: String
        var basis: String
        var limits: String
        var periodField: String
        var periodValue: String
        var shortestField: String
        var shortestValue: String
        var longestField: String
        var longestValue: String
    }

    struct PageContent: Encodable, Sendable {
        /// The school whose periods these are: a trust administrator works in several.
        var school: String
        var rows: [Row]
        var canSetLimits: Bool
        /// School periods the limits sent would move, to confirm before they are saved.
        var moved: [String]
        var confirm: String
        /// Records a shorter school period would list for removal that are not listed now, to confirm first.
        var sooner: [String]
        var soonerConfirm: String
        var noticeDays = PurgePlanner.noticeDays
        var errors: FormErrors
    }

    /// The name of the school the actor is working in, for a page's heading.
    static func schoolName(_ req: Request, actor: Actor) async throws -> String {
        if let school = req.currentSchool, school.id == actor.schoolID { return school.name }
        return try await School.find(actor.schoolID, on: req.db)?.name ?? "your school"
    }

    func render(
        _ req: Request, rules: [RetentionScheduleRule], values: [String: String], errors: [FieldError],
        notice: String? = nil, status: HTTPStatus = .ok, confirm: (moved: [String], fingerprint: String)? = nil,
        sooner: (lines: [String], fingerprint: String)? = nil
    ) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let rows = rules.map { rule in
            Row(
                key: rule.key, records: rule.records,
                period: rule.untilPensionAge
                    ? "\(rule.period), or to the person's normal pension age (\(RetentionScheduleRule.normalPensionAge)) if later"
                    : "\(rule.period)",
                counted: "after \(rule.clock.title)", basis: rule.basis,
                limits: "\(rule.shortest) to \(rule.longest)",
                periodField: Self.periodField(rule.key),
                periodValue: values[Self.periodField(rule.key)] ?? "\(rule.period)",
                shortestField: Self.shortestField(rule.key),
                shortestValue: values[Self.shortestField(rule.key)] ?? "\(rule.shortest)",
                longestField: Self.longestField(rule.key),
                longestValue: values[Self.longestField(rule.key)] ?? "\(rule.longest)")
        }
        let content = PageContent(
            school: try await Self.schoolName(req, actor: actor), rows: rows,
            canSetLimits: AccessPolicy.can(actor, .manageRetentionLimits) == .allowed,
            moved: confirm?.moved ?? [], confirm: confirm?.fingerprint ?? "", sooner: sooner?.lines ?? [],
            soonerConfirm: sooner?.fingerprint ?? "", errors: FormErrors(errors))
        return try await req.page(
            "records/retention", title: "How long records are kept", content, status: status, notice: notice)
    }
}
