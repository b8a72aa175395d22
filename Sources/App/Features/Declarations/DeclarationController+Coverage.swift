// Who has confirmed their declarations this year: figures by group for governors, and for the headteacher who is
// still to do it with their line manager; and the school's month and deadline.

import Fluent
import StewardCore
import Vapor

extension DeclarationController {
    struct CoverageContent: Encodable, Sendable {
        var year: Int
        var opened: String
        var groups: [ObligationRows.Group]
        var total: ObligationRows.Group
        var names: Bool
        var outstanding: [ObligationRows.Outstanding]
        var open: Int
        var waiting: Int
        var plans: Int
        var closedThisYear: Int
        var canManage: Bool
        var years: [YearChoice]
        /// An earlier year: its figures as they stood on 31 December.
        var past: Bool
        var csv: String
    }

    struct YearChoice: Encodable, Sendable {
        var year: Int
        var selected: Bool
    }

    /// This year's round over the school's active people, with who has met it.
    static func coverage(
        schoolID: UUID, on db: any Database, today: CalendarDate
    ) async throws -> (ObligationRound, ObligationCoverage, [UUID: Person]) {
        let round = try await DeclarationSettings.of(schoolID, on: db).round(today: today)
        // Everyone who works at the school is asked; governors and trust staff without a school role are not.
        let people = try await ObligationReminders.people(of: schoolID, holding: DeclarationRules.declarers, on: db)
        var met: [UUID: Set<Int>] = [:]
        // On an earlier day, only the confirmations made by the end of it.
        let endOfDay = Display.clock.endOfDay(today)
        for row in try await DeclarationConfirmation.query(on: db).inSchool(schoolID).filter(\.$year >= round.number)
            .filter(\.$confirmedAt < endOfDay).all()
        {
            met[row.personID, default: []].insert(row.year)
        }
        let coverage = ObligationReminders.coverage(
            round: round, people: people, met: met, today: today, starterDays: DeclarationRules.starterDays)
        return (round, coverage, people)
    }

    /// The year asked for (`?year=2025`, one since Steward began counting and not in the future), and the day its
    /// figures stand on: today in the current year, the last day of an earlier one.
    static func chosenYear(_ req: Request) -> (asOf: CalendarDate, years: [Int]) {
        let today = Display.today
        let years = Array((max(2020, today.year - 6)...today.year).reversed())
        guard let year = req.query[String.self, at: "year"].flatMap(Int.init), years.contains(year), year < today.year,
            let last = CalendarDate(year: year, month: 12, day: 31)
        else { return (today, years) }
        return (last, years)
    }

    /// The figures by group for the chosen year, as a spreadsheet.
    func coverageCSV(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let asOf = Self.chosenYear(req).asOf
        let (round, coverage, _) = try await Self.coverage(schoolID: actor.schoolID, on: req.db, today: asOf)
        let (groups, total) = ObligationRows.groups(coverage)
        return ObligationRows.csv(
            groups, total: total, met: "Confirmed", filename: "declarations-\(round.number)-as-of-\(asOf)")
    }

    func coverage(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let (today, years) = Self.chosenYear(req)
        let (round, coverage, people) = try await Self.coverage(schoolID: actor.schoolID, on: req.db, today: today)
        let past = today != Display.today
        let names = AccessPolicy.can(actor, .viewObligationCoverage) == .allowed && !past
        let rows =
            names
            ? try await ObligationRows.outstanding(coverage, people: people, schoolID: actor.schoolID, on: req.db) : []
        // Figures about the declarations themselves: counts only, the same for everyone who may see this page and
        // in the governors' report; never a declaration about one of them (`DeclarationRules.countsInFigures`).
        let readers = try await FigureReaders.people(of: actor.schoolID, on: req.db)
        let all = try await Declaration.query(on: req.db).inSchool(of: actor).all()
            .filter { DeclarationRules.countsInFigures(otherParty: $0.partyPersonID, figureReaders: readers) }
        let yearStart = round.opensOn.description
        let content = CoverageContent(
            year: round.number, opened: round.opensOn.longForm,
            groups: ObligationRows.groups(coverage).groups, total: ObligationRows.groups(coverage).total, names: names,
            outstanding: rows,
            open: all.filter { !$0.isClosed }.count,
            waiting: all.filter { !$0.isClosed && $0.outcome == nil }.count,
            plans: all.filter { !$0.isClosed && $0.outcome == .plan }.count,
            closedThisYear: all.filter { ($0.closedOn ?? "") >= yearStart && ($0.closedOn ?? "") <= today.description }
                .count,
            canManage: AccessPolicy.can(actor, .manageObligations) == .allowed,
            years: years.map { YearChoice(year: $0, selected: $0 == round.number) }, past: past,
            csv: DeclarationPaths.coverageCSV() + (past ? "?year=\(round.number)" : ""))
        return try await req.page("declarations/coverage", title: "Declarations confirmed in \(round.number)", content)
    }

    // MARK: - Settings

    struct SettingsForm: Content {
        var month: String?
        var deadlineDays: String?
    }

    struct SettingsContent: Encodable, Sendable {
        var months: [Option]
        var deadlineDays: String
        var range: String
        var errors: FormErrors
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    func settingsPage(
        _ req: Request, month: String, deadlineDays: String, errors: [FieldError]
    ) async throws -> Response {
        let content = SettingsContent(
            months: Self.monthNames.enumerated().map {
                Option(value: String($0.offset + 1), title: $0.element, selected: month == String($0.offset + 1))
            }, deadlineDays: deadlineDays,
            range: "\(DeclarationSettings.deadlineRange.lowerBound) to \(DeclarationSettings.deadlineRange.upperBound)",
            errors: FormErrors(errors))
        return try await req.page(
            "declarations/settings", title: "When staff confirm their declarations", content,
            status: errors.isEmpty ? .ok : .badRequest)
    }

    func settings(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let current = try await DeclarationSettings.of(actor.schoolID, on: req.db)
        return try await settingsPage(
            req, month: String(current.month), deadlineDays: String(current.deadlineDays), errors: [])
    }

    func saveSettings(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let form = try req.content.decode(SettingsForm.self)
        var errors: [FieldError] = []
        let month = Int((form.month ?? "").trimmingCharacters(in: .whitespaces)).flatMap {
            (1...12).contains($0) ? $0 : nil
        }
        if month == nil { errors.append(FieldError("month", "Choose a month.")) }
        let days = Int((form.deadlineDays ?? "").trimmingCharacters(in: .whitespaces)).flatMap {
            DeclarationSettings.deadlineRange.contains($0) ? $0 : nil
        }
        if days == nil {
            errors.append(
                FieldError(
                    "deadlineDays",
                    "Days to confirm must be a whole number from \(DeclarationSettings.deadlineRange.lowerBound) to "
                        + "\(DeclarationSettings.deadlineRange.upperBound)."))
        }
        guard errors.isEmpty, let month, let days else {
            return try await settingsPage(
                req, month: form.month ?? "", deadlineDays: form.deadlineDays ?? "", errors: errors)
        }
        try await req.write { db, audit in
            let settings =
                try await DeclarationSettings.query(on: db).inSchool(of: actor).first()
                ?? DeclarationSettings(schoolID: actor.schoolID)
            let before = "\(settings.month)/\(settings.deadlineDays)"
            settings.month = month
            settings.deadlineDays = days
            settings.updatedBy = actor.personID
            settings.updatedAt = Date()
            try await settings.save(on: db)
            try await audit.append(
                "declaration.settings_changed", details: ["before": before, "after": "\(month)/\(days)"])
        }
        return req.redirect(to: DeclarationPaths.list() + "?done=settings", redirectType: .normal)
    }
}
