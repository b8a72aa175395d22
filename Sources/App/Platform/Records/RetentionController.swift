// The retention schedule's page: each school's headteacher sees it and sets its periods; the trust administrator
// sets the limits those periods must lie within. Every change is audited.

import Fluent
import StewardCore
import Vapor

struct RetentionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, RetentionPaths.schedule, action: .manageRetention, use: page)
        routes.on(.POST, RetentionPaths.schedule, action: .manageRetention, use: savePeriods)
        routes.on(.POST, RetentionPaths.limits, action: .manageRetentionLimits, use: saveLimits)
        routes.on(.GET, RetentionPaths.due, action: .manageRetention, use: due)
    }

    /// The school the actor works in and its trust.
    static func school(_ req: Request) async throws -> (actor: Actor, school: School) {
        let (actor, _) = try req.requireActor()
        guard let school = try await School.find(actor.schoolID, on: req.db) else { throw Abort(.notFound) }
        return (actor, school)
    }

    func page(req: Request) async throws -> Response {
        let (_, school) = try await Self.school(req)
        let rules = try await RetentionSchedules.rules(
            schoolID: try school.requireID(), trustID: school.$trust.id, on: req.db)
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "periods": "The school's retention periods are saved."
            case "limits": "The trust's limits are saved."
            case "unchanged": "Nothing changed: every period is as it was."
            default: nil
            }
        return try await render(req, rules: rules, values: [:], errors: [], notice: notice)
    }

    /// The headteacher's periods: every line at once, each within the trust's limits, or nothing saved.
    func savePeriods(req: Request) async throws -> Response {
        let (actor, school) = try await Self.school(req)
        let schoolID = try school.requireID()
        let rules = try await RetentionSchedules.rules(schoolID: schoolID, trustID: school.$trust.id, on: req.db)
        let form = try FormFields.read(req).values
        var errors: [FieldError] = []
        var changes: [(rule: RetentionScheduleRule, to: RetentionPeriod)] = []
        var sent = 0
        for rule in rules {
            let field = Self.periodField(rule.key)
            guard let text = form[field] else { continue }
            sent += 1
            guard let period = RetentionPeriod(parsing: text) else {
                errors.append(FieldError(field, Self.unreadable(text, rule: rule)))
                continue
            }
            if let problem = rule.problem(with: period) {
                errors.append(FieldError(field, "\(rule.records): \(problem)."))
            } else if period != rule.period {
                changes.append((rule, period))
            }
        }
        if sent == 0 { errors.append(FieldError("periods", Self.noneSent)) }
        guard errors.isEmpty else {
            return try await render(req, rules: rules, values: form, errors: errors, status: .badRequest)
        }
        guard !changes.isEmpty else {
            return req.redirect(to: RetentionPaths.schedule() + "?done=unchanged", redirectType: .normal)
        }
        // A shorter period can put records on the list at once: the headteacher sees how many, and from when, and
        // confirms before anything is saved (shown again if the answer has changed since).
        let sooner = try await Self.listedSooner(by: changes, actor: actor, school: school, on: req.db)
        let fingerprint = Secrets.sha256(sooner.joined(separator: "\n"))
        if !sooner.isEmpty, form["confirm"] != fingerprint {
            return try await render(req, rules: rules, values: form, errors: [], sooner: (sooner, fingerprint))
        }
        do {
            let chosen = changes
            let trustID = school.$trust.id
            try await req.write { db, audit in
                // Checked again inside the write, which writers take one at a time: limits a trust administrator saved
                // a moment ago, or a period a colleague saved, are what this change is measured against.
                let current = Dictionary(
                    try await RetentionSchedules.rules(schoolID: schoolID, trustID: trustID, on: db).map {
                        ($0.key, $0)
                    },
                    uniquingKeysWith: { first, _ in first })
                for change in chosen {
                    guard let now = current[change.rule.key], now.problem(with: change.to) == nil else {
                        throw Abort(.conflict, reason: Self.changedMeanwhile)
                    }
                    let setting =
                        try await RetentionSetting.query(on: db).inSchool(schoolID)
                        .filter(\.$rule == change.rule.key).first()
                        ?? RetentionSetting(
                            schoolID: schoolID, rule: change.rule.key, months: 0, changedBy: actor.personID)
                    setting.months = change.to.months
                    setting.changedBy = actor.personID
                    setting.changedAt = Date()
                    try await setting.save(on: db)
                    try await audit.append(
                        "retention.period_changed", target: "retention:\(change.rule.key)",
                        details: [
                            "rule": change.rule.key, "from_months": String(now.period.months),
                            "to_months": String(change.to.months),
                        ])
                }
                try await RecordsPurge.refreshList(schoolID: schoolID, on: db)
            }
        }
        return req.redirect(to: RetentionPaths.schedule() + "?done=periods", redirectType: .normal)
    }

    /// The trust administrator's limits for every line at once: both ends from nothing to a century, the shortest no
    /// longer than the longest; the school periods outside them count as the nearest limit from then on.
    func saveLimits(req: Request) async throws -> Response {
        let (actor, school) = try await Self.school(req)
        let trustID = school.$trust.id
        let rules = try await RetentionSchedules.rules(
            schoolID: try school.requireID(), trustID: trustID, on: req.db)
        let form = try FormFields.read(req).values
        var errors: [FieldError] = []
        var changes: [(rule: RetentionScheduleRule, shortest: RetentionPeriod, longest: RetentionPeriod)] = []
        var sent = 0
        for rule in rules {
            let (shortField, longField) = (Self.shortestField(rule.key), Self.longestField(rule.key))
            guard let shortText = form[shortField], let longText = form[longField] else { continue }
            let shortest = RetentionPeriod(parsing: shortText)
            let longest = RetentionPeriod(parsing: longText)
            sent += 1
            if shortest == nil { errors.append(FieldError(shortField, Self.unreadable(shortText, rule: rule))) }
            if longest == nil { errors.append(FieldError(longField, Self.unreadable(longText, rule: rule))) }
            guard let shortest, let longest else { continue }
            if let problem = rule.limitsProblem(shortest: shortest, longest: longest) {
                errors.append(FieldError(shortField, "\(rule.records): \(problem)."))
            } else if shortest != rule.shortest || longest != rule.longest {
                changes.append((rule, shortest, longest))
            }
        }
        if sent == 0 { errors.append(FieldError("limits", Self.noneSent)) }
        guard errors.isEmpty else {
            return try await render(req, rules: rules, values: form, errors: errors, status: .badRequest)
        }
        guard !changes.isEmpty else {
            return req.redirect(to: RetentionPaths.schedule() + "?done=unchanged", redirectType: .normal)
        }
        // A school's period outside the new limits counts as the nearest limit from then on: the administrator sees
        // which schools that changes, and confirms, before anything is saved. What is confirmed is what happens: if
        // the list has changed since it was shown, it is shown again.
        let moved = try await Self.periodsMoved(by: changes, trustID: trustID, on: req.db)
        let fingerprint = Secrets.sha256(moved.map(\.line).joined(separator: "\n"))
        if !moved.isEmpty, form["confirm"] != fingerprint {
            return try await render(
                req, rules: rules, values: form, errors: [], confirm: (moved.map(\.line), fingerprint))
        }
        do {
            let chosen = changes
            try await req.write { db, audit in
                // A school period saved since the list was worked out would be moved without anyone seeing it.
                let now = try await Self.periodsMoved(by: chosen, trustID: trustID, on: db)
                guard now.map(\.line) == moved.map(\.line) else {
                    throw Abort(.conflict, reason: Self.changedMeanwhile)
                }
                for change in chosen {
                    let limit =
                        try await RetentionLimit.query(on: db).filter(\.$trustID == trustID)
                        .filter(\.$rule == change.rule.key).first()
                        ?? RetentionLimit(
                            trustID: trustID, rule: change.rule.key, shortest: 0, longest: 0,
                            changedBy: actor.personID)
                    limit.shortestMonths = change.shortest.months
                    limit.longestMonths = change.longest.months
                    limit.changedBy = actor.personID
                    limit.changedAt = Date()
                    try await limit.save(on: db)
                    try await audit.appendTrustWide(
                        "retention.limits_changed", target: "retention:\(change.rule.key)",
                        details: [
                            "rule": change.rule.key, "trust": trustID.uuidString,
                            "shortest_months": String(change.shortest.months),
                            "longest_months": String(change.longest.months),
                        ])
                }
                // Each school whose period the limits moved has it on its own log, where its headteacher looks.
                for period in moved {
                    try await audit.append(
                        "retention.period_moved_by_trust", target: "retention:\(period.rule)",
                        schoolID: period.schoolID,
                        details: [
                            "rule": period.rule, "from_months": String(period.from), "to_months": String(period.to),
                        ])
                }
            }
        }
        return req.redirect(to: RetentionPaths.schedule() + "?done=limits", redirectType: .normal)
    }

    /// For each line whose new, shorter period would list records for removal that are not listed now: how many,
    /// and the first day one would go. Only records the reader may know of are counted.
    static func listedSooner(
        by changes: [(rule: RetentionScheduleRule, to: RetentionPeriod)], actor: Actor, school: School,
        on db: any Database
    ) async throws -> [String] {
        let shortened = changes.filter { $0.to < $0.rule.period }
        guard !shortened.isEmpty else { return [] }
        let schoolID = try school.requireID()
        let today = school.clock.date(of: Date())
        let now = try await RecordsPurge.plan(schoolID: schoolID, today: today, on: db)
        let then = try await RecordsPurge.plan(
            schoolID: schoolID, today: today, on: db,
            periods: Dictionary(changes.map { ($0.rule.key, $0.to) }, uniquingKeysWith: { first, _ in first }))
        func going(_ plan: RecordsPurge.Plan) -> [(record: RetainedRecord, day: CalendarDate)] {
            plan.listed.map { ($0.record, $0.removeOn) } + plan.due.map { ($0, today) }
        }
        let before = Set(going(now).map { "\($0.record.rule) \($0.record.id)" })
        let added = going(then).filter { !before.contains("\($0.record.rule) \($0.record.id)") }
        let known = try await CaseSideDoors.knowable(
            Set(added.compactMap(\.record.caseID)), to: actor.workingIn(schoolID), on: db)
        let shown = added.filter { $0.record.caseID.map(known.contains) ?? true }
        return shortened.compactMap { change in
            let mine = shown.filter { $0.record.rule == change.rule.key }
            guard let first = mine.map(\.day).min() else { return nil }
            let count = mine.count == 1 ? "1 more record" : "\(mine.count) more records"
            return "\(change.rule.records), \(change.to): \(count) to be removed, the first on \(first.longForm)"
        }
    }

    /// A school period that new limits would move.
    struct MovedPeriod: Sendable {
        var schoolID: UUID
        var line: String
        var rule: String
        var from: Int
        var to: Int
    }

    /// Each school period that new limits would move, school by school in name order.
    static func periodsMoved(
        by changes: [(rule: RetentionScheduleRule, shortest: RetentionPeriod, longest: RetentionPeriod)], trustID: UUID,
        on db: any Database
    ) async throws -> [MovedPeriod] {
        let schools = try await School.query(on: db).filter(\.$trust.$id == trustID).sort(\.$name).all()
        var moved: [MovedPeriod] = []
        for school in schools {
            let schoolID = try school.requireID()
            let settings = Dictionary(
                try await RetentionSetting.query(on: db).inSchool(schoolID).all().map { ($0.rule, $0.months) },
                uniquingKeysWith: { first, _ in first })
            for change in changes {
                // A school without a period of its own follows Steward's default (the rule here is the admin's own
                // school's, with its period).
                let fallback = RetentionScheduleRule.named(change.rule.key)?.period ?? change.rule.period
                let months = settings[change.rule.key] ?? fallback.months
                let before = min(max(months, change.rule.shortest.months), change.rule.longest.months)
                let after = min(max(months, change.shortest.months), change.longest.months)
                if before != after {
                    moved.append(
                        MovedPeriod(
                            schoolID: schoolID,
                            line: "\(school.name): \(change.rule.records), from \(RetentionPeriod(months: before)) "
                                + "to \(RetentionPeriod(months: after))", rule: change.rule.key, from: before,
                            to: after))
                }
            }
        }
        return moved
    }

    /// The message for a period Steward cannot read, quoting what was typed (shortened) and how to write one.
    static func unreadable(_ text: String, rule: RetentionScheduleRule) -> String {
        if let months = RetentionPeriod.months(in: text), months > RetentionPeriod.longest.months {
            return "\(rule.records): a period can be at most 100 years."
        }
        let typed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let quoted = typed.count > 30 ? String(typed.prefix(30)) + "…" : typed
        let what = typed.isEmpty ? "Enter a period" : "Steward could not read “\(quoted)”: write it"
        return "\(rule.records): \(what) as a number of years and months, such as 6 years, 18 months, 1 year 6 "
            + "months or 0 for at once, up to 100 years."
    }

    static let changedMeanwhile =
        "The schedule changed while you were saving, so nothing was saved. Go back to the page, check it and send it "
        + "again."

    static let noneSent = "The form held no periods, so nothing was saved. Reload the page and try again."

    static func periodField(_ key: String) -> String { "period-\(key)" }
    static func shortestField(_ key: String) -> String { "shortest-\(key)" }
    static func longestField(_ key: String) -> String { "longest-\(key)" }
}
