// This term's privacy checks by group: figures for governors; with who is outstanding and their line managers for
// the headteacher. Never anyone's answers.

import Fluent
import StewardCore
import Vapor

extension SelfCheckController {
    /// A term in the figures' term list.
    struct TermChoice: Encodable, Sendable {
        var value: String
        var title: String
        var selected: Bool
    }

    struct CoverageContent: Encodable, Sendable {
        var term: String
        var deadline: String
        var groups: [ObligationRows.Group]
        var total: ObligationRows.Group
        var openHelp: Int
        var contacts: Int
        var names: Bool
        var outstanding: [ObligationRows.Outstanding]
        /// The terms so far, newest first, the one shown selected.
        var terms: [TermChoice]
        /// A term that is over: its figures as they stood at its end.
        var past: Bool
        var csv: String
    }

    /// The term asked for (`?term=2026-09-01`, its first day), or the current one; and the day its figures stand on:
    /// today within it, its last day once it is over.
    static func chosenTerm(
        _ req: Request, settings: SelfCheckSettings
    ) -> (term: SchoolTerm?, asOf: CalendarDate, chosen: String) {
        let today = Display.today
        let typed = req.query[String.self, at: "term"] ?? ""
        if let term = settings.termList.first(where: { $0.starts.description == typed }), term.starts <= today {
            return (term, min(today, term.ends), typed)
        }
        let current = settings.termList.last { settings.round(on: today)?.opensOn == $0.starts }
        return (current, today, current?.starts.description ?? "")
    }

    func coverage(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let settings = try await SelfCheckSettings.of(actor.schoolID, on: req.db)
        let (term, asOf, chosen) = Self.chosenTerm(req, settings: settings)
        let (round, coverage, people) = try await SelfChecks.coverage(
            of: actor.schoolID, settings: settings, today: asOf, on: req.db)
        let names = AccessPolicy.can(actor, .viewObligationCoverage) == .allowed && asOf == Display.today
        let rows =
            names
            ? try await ObligationRows.outstanding(coverage, people: people, schoolID: actor.schoolID, on: req.db) : []
        var contacts = 0
        if let round {
            contacts = try await SelfCheck.query(on: req.db).inSchool(of: actor).filter(\.$round == round.number)
                .filter(\.$contacted == true).count()
        }
        let openHelp = try await SelfCheckHelp.query(on: req.db).inSchool(of: actor).filter(\.$closedAt == nil).count()
        let today = Display.today
        let content = CoverageContent(
            term: term?.name ?? "", deadline: round.map { $0.opensOn.adding(days: $0.deadlineDays).longForm } ?? "",
            groups: ObligationRows.groups(coverage).groups, total: ObligationRows.groups(coverage).total,
            openHelp: openHelp, contacts: contacts, names: names,
            outstanding: rows,
            terms: settings.termList.filter { $0.starts <= today }.reversed().map {
                TermChoice(value: $0.starts.description, title: $0.name, selected: $0.starts.description == chosen)
            }, past: asOf != today, csv: SelfCheckPaths.coverageCSV() + (chosen.isEmpty ? "" : "?term=\(chosen)"))
        return try await req.page("selfchecks/coverage", title: "Privacy checks by term", content)
    }

    /// The figures by group for the chosen term, as a spreadsheet.
    func coverageCSV(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let settings = try await SelfCheckSettings.of(actor.schoolID, on: req.db)
        let (term, asOf, _) = Self.chosenTerm(req, settings: settings)
        let (_, coverage, _) = try await SelfChecks.coverage(
            of: actor.schoolID, settings: settings, today: asOf, on: req.db)
        let (groups, total) = ObligationRows.groups(coverage)
        return ObligationRows.csv(
            groups, total: total, met: "Done",
            filename: "privacy-checks-\(term.map { PolicyLibrary.slug($0.name) } ?? "no-term")-as-of-\(asOf)")
    }
}
