// The headteacher's settings for the privacy check: the school's terms, the days staff have after a term starts, and
// the online-safety lead who follows up requests for help (open requests move to a new lead).

import Fluent
import StewardCore
import Vapor

extension SelfCheckController {
    struct TermRow: Encodable, Sendable {
        var index: Int
        var name: String
        var starts: String
        var ends: String
    }

    struct SettingsContent: Encodable, Sendable {
        var terms: [TermRow]
        var deadlineDays: String
        var leads: [Option]
        var defaultLead: String
        var errors: FormErrors
    }

    func settingsPage(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let settings = try await SelfCheckSettings.of(actor.schoolID, on: req.db)
        let form = SelfCheckSettingsForm(
            terms: settings.termList, deadlineDays: settings.deadlineDays, lead: settings.leadID)
        let notice: String? = req.query[String.self, at: "done"] == "saved" ? "Saved." : nil
        return try await settingsForm(req, form: form, errors: [], notice: notice)
    }

    func settingsForm(
        _ req: Request, form: SelfCheckSettingsForm, errors: [FieldError], notice: String? = nil
    ) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let staff = try await SelfChecks.staff(of: actor.schoolID, on: req.db).values
            .sorted { ($0.surname, $0.forename) < ($1.surname, $1.forename) }
        let defaults = try await SelfChecks.leads(
            of: actor.schoolID, settings: SelfCheckSettings(schoolID: actor.schoolID), on: req.db)
        // Two empty rows for new terms: no script is needed to add one.
        let rows = form.rows + [("", "", ""), ("", "", "")]
        let content = SettingsContent(
            terms: rows.enumerated().map {
                TermRow(index: $0.offset + 1, name: $0.element.0, starts: $0.element.1, ends: $0.element.2)
            },
            deadlineDays: form.deadlineDays ?? "",
            leads: staff.map {
                Option(
                    id: "", value: $0.id?.uuidString ?? "", title: "\($0.fullName), \($0.jobTitle)",
                    checked: form.lead == $0.id?.uuidString)
            }, defaultLead: defaults.map(\.fullName).joined(separator: " and "), errors: FormErrors(errors))
        return try await req.page(
            "selfchecks/settings", title: "Privacy check settings", content, status: errors.isEmpty ? .ok : .badRequest,
            notice: notice)
    }

    func saveSettings(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let form = (try? req.content.decode(SelfCheckSettingsForm.self)) ?? SelfCheckSettingsForm(terms: [])
        let staff = try await SelfChecks.staff(of: actor.schoolID, on: req.db)
        let valid: SelfCheckSettingsForm.Valid
        switch form.validate(staff: Set(staff.keys)) {
        case .failure(let invalid): return try await settingsForm(req, form: form, errors: invalid.errors)
        case .success(let v): valid = v
        }
        let schoolID = actor.schoolID
        let settings = try await SelfCheckSettings.of(schoolID, on: req.db)
        let leadChanged = settings.leadID != valid.leadID
        settings.setTerms(valid.terms)
        settings.deadlineDays = valid.deadlineDays
        settings.leadID = valid.leadID
        settings.updatedBy = actor.personID
        settings.updatedAt = Date()
        try await req.write { db, audit in
            try await settings.save(on: db)
            try await audit.append(
                "self_check.settings_changed", target: "school:\(schoolID.uuidString)", schoolID: schoolID,
                details: [
                    "terms": valid.terms.terms.map { "\($0.name) \($0.starts)–\($0.ends)" }.joined(separator: "; "),
                    "deadline_days": String(valid.deadlineDays), "lead": valid.leadID?.uuidString ?? "default",
                ])
            guard leadChanged else { return }
            // Open requests follow the lead, so none waits with someone no longer asked to help.
            let leads = try await SelfChecks.leads(of: schoolID, settings: settings, on: db)
            guard let leadID = leads.first?.id else { return }
            let open = try await SelfCheckHelp.query(on: db).inSchool(schoolID).filter(\.$closedAt == nil)
                .filter(\.$leadID != leadID).all()
            for task in open {
                task.leadID = leadID
                try await task.update(on: db)
            }
            if !open.isEmpty {
                try await audit.append(
                    "self_check.help_reassigned", target: "school:\(schoolID.uuidString)", schoolID: schoolID,
                    details: ["lead": leadID.uuidString, "requests": String(open.count)])
            }
        }
        return req.redirect(to: SelfCheckPaths.settings() + "?done=saved", redirectType: .normal)
    }
}
