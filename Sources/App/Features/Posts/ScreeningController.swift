// The school's screening settings: its own words, the clause each kind of finding cites, and how long an approval
// lasts.

import Fluent
import StewardCore
import Vapor

struct ScreeningController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, PostPaths.screening, action: .manageScreening, use: show)
        routes.on(
            .POST, PostPaths.screeningTerms, action: .manageScreening, body: .collect(maxSize: "200kb"), use: saveTerms)
        routes.on(.POST, PostPaths.screeningClauses, action: .manageScreening, use: saveClauses)
        routes.on(.POST, PostPaths.screeningApproval, action: .manageScreening, use: saveApproval)
        routes.on(.POST, PostPaths.screeningWebhook, action: .manageScreening, use: saveWebhook)
    }

    /// The longest terms list accepted.
    static let maximumTerms = 20_000

    struct ClauseRow: Encodable, Sendable {
        var field: String
        var category: String
        var title: String
        var subject: String
        var clause: String
        var standard: String
        var href: String?
    }

    struct PolicyOption: Encodable, Sendable {
        var id: String
        var title: String
        var selected: Bool
    }

    struct PageContent: Encodable, Sendable {
        var terms: String
        var clauses: [ClauseRow]
        var policies: [PolicyOption]
        var policyChosen: Bool
        var edited: Bool
        var approvalDays: String
        var minDays: Int
        var maxDays: Int
        var webhookURL: String
        /// The secret the receiver checks signatures with, shown only to those who keep these settings.
        var webhookSecret: String
        var errors: FormErrors
    }

    func page(
        _ req: Request, settings: ScreeningSettings, terms: String? = nil, clauses: [String: String]? = nil,
        days: String? = nil, webhook: String? = nil, errors: [FieldError] = [], notice: String? = nil
    ) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let policies = try await Policy.query(on: req.db).inSchool(of: actor).filter(\.$currentVersionID != nil)
            .sort(\.$title).all()
        let map = settings.clauses
        let links = try await DraftScreening.clauseLinks(
            policyID: settings.policyID, schoolID: actor.schoolID, on: req.db)
        let rows = FindingCategory.allCases.map { category in
            let number = clauses?[category.rawValue] ?? map.clause(for: category)
            return ClauseRow(
                field: "clause-\(category.rawValue)", category: category.rawValue, title: category.title,
                subject: category.subject, clause: number,
                standard: ClauseMap.standard.clause(for: category), href: links[number])
        }
        let content = PageContent(
            terms: terms ?? settings.terms, clauses: rows,
            policies: policies.map {
                PolicyOption(id: $0.id?.uuidString ?? "", title: $0.title, selected: $0.id == settings.policyID)
            }, policyChosen: settings.policyID != nil, edited: settings.clausesEdited,
            approvalDays: days ?? String(settings.approvalDays), minDays: DraftRules.approvalDaysRange.lowerBound,
            maxDays: DraftRules.approvalDaysRange.upperBound, webhookURL: webhook ?? settings.webhookURL ?? "",
            webhookSecret: settings.webhookSecret.flatMap {
                try? Secrets.open($0, key: req.application.steward.secretKey, purpose: "webhook")
            }.map { String(decoding: $0, as: UTF8.self) } ?? "", errors: FormErrors(errors))
        return try await req.page(
            "posts/screening", title: "Screening settings", content, status: errors.isEmpty ? .ok : .badRequest,
            notice: notice)
    }

    func show(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let settings = try await SchoolScreening.settings(for: actor.schoolID, on: req.db)
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "terms": "The word lists were saved. Drafts are screened with them from now on."
            case "clauses": "Saved. Findings now cite these clauses."
            case "suggested": "Suggested from the policy's text. Check each clause and change any that are wrong."
            case "approval": "Saved."
            case "webhook": "Saved. Approved posts will be sent to this address, signed with the secret shown."
            case "webhook-off": "Approved posts are no longer sent anywhere."
            default: nil
            }
        return try await page(req, settings: settings, notice: notice)
    }

    struct TermsForm: Content { var terms: String? }

    func saveTerms(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let settings = try await SchoolScreening.settings(for: actor.schoolID, on: req.db)
        let raw = TextRules.unixLines(try req.content.decode(TermsForm.self).terms ?? "")
        var errors: [FieldError] = []
        if raw.count > Self.maximumTerms {
            errors.append(FieldError("terms", "The list must be \(Self.maximumTerms) characters or fewer."))
        } else if raw.unicodeScalars.contains(where: { $0 != "\n" && $0 != "\t" && TextRules.isHiddenOrControl($0) }) {
            errors.append(FieldError("terms", "The list contains an invisible or control character."))
        } else {
            // Every bad line, quoted, so they can all be put right at once.
            var bad: [String] = []
            for (index, line) in raw.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard (try? ScreeningTerms(parsing: String(line))) == nil else { continue }
                let shown = line.count > 40 ? line.prefix(40) + "…" : line
                bad.append("line \(index + 1) (“\(shown)”)")
            }
            if !bad.isEmpty {
                let listed =
                    bad.prefix(10).joined(separator: ", ") + (bad.count > 10 ? " and \(bad.count - 10) more" : "")
                errors.append(
                    FieldError(
                        "terms",
                        "Write each line as “blocked: word”, “allowed: word” or “confidential: term”. Not understood: \(listed)."
                    ))
            }
        }
        guard errors.isEmpty else { return try await page(req, settings: settings, terms: raw, errors: errors) }
        let parsed = (try? ScreeningTerms(parsing: raw)) ?? ScreeningTerms()
        try await req.write { db, audit in
            settings.terms = raw
            settings.generation += 1
            settings.updatedAt = Date()
            settings.updatedBy = actor.personID
            try await settings.update(on: db)
            try await audit.append(
                "screening.terms_saved",
                details: [
                    "blocked": String(parsed.blocked.count), "allowed": String(parsed.allowed.count),
                    "confidential": String(parsed.confidential.count),
                ])
        }
        return req.redirect(to: PostPaths.screening() + "?done=terms", redirectType: .normal)
    }

    func saveApproval(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let settings = try await SchoolScreening.settings(for: actor.schoolID, on: req.db)
        let raw = (req.content[String.self, at: "approval_days"] ?? "").trimmingCharacters(in: .whitespaces)
        guard let days = Int(raw), DraftRules.approvalDaysRange.contains(days) else {
            return try await page(
                req, settings: settings, days: raw,
                errors: [
                    FieldError(
                        "approval_days",
                        "Enter a whole number of days from \(DraftRules.approvalDaysRange.lowerBound) to \(DraftRules.approvalDaysRange.upperBound)."
                    )
                ])
        }
        try await req.write { db, audit in
            let before = settings.approvalDays
            settings.approvalDays = days
            settings.updatedAt = Date()
            settings.updatedBy = actor.personID
            try await settings.update(on: db)
            try await audit.append("screening.approval_days", details: ["days": "\(before) → \(days)"])
        }
        return req.redirect(to: PostPaths.screening() + "?done=approval", redirectType: .normal)
    }
}
