// Writing a draft report: the headteacher's words per section, publishing (which freezes it with the hash of its
// content), correcting a published report with a new version, and discarding a draft.

import Fluent
import StewardCore
import Vapor

extension ReportController {
    struct NarrativeForm: Content {
        var section: String?
        var text: String?
    }

    /// The longest narrative of one section.
    static let narrativeLength = 5_000

    func saveNarrative(req: Request) async throws -> Response {
        let report = try await Self.report(req, for: .draftReports)
        guard report.state == .draft else { throw Abort(.conflict, reason: "A published report cannot change.") }
        let form = try req.content.decode(NarrativeForm.self)
        let keys = Set(try await Self.published(report, req).content.sections.map(\.key))
        guard let section = form.section, keys.contains(section) else {
            throw Abort(.badRequest, reason: "That section is not in this report.")
        }
        let text: String
        switch TextRules.paragraph(
            form.text, field: "text", label: "What you write", required: false, maxLength: Self.narrativeLength)
        {
        case .failure(let error):
            return try await showPage(req, report: report, errors: [error], section: section, typed: form.text ?? "")
        case .success(let valid): text = valid
        }
        let id = try report.requireID()
        try await req.write { db, audit in
            // Read again inside the write: a report published meanwhile keeps the words it was published with.
            guard let current = try await GovernorsReport.find(id, on: db), current.state == .draft else {
                throw Abort(.conflict, reason: "This report was published meanwhile: a published report cannot change.")
            }
            var list = current.narrativeList
            list[section] = text.isEmpty ? nil : text
            current.narrativeList = list
            try await current.update(on: db)
            try await audit.append(
                "report.narrative_saved", target: "report:\(try report.requireID().uuidString)",
                details: ["section": section, "characters": String(text.count)])
        }
        return req.redirect(
            to: ReportPaths.show(try report.requireID()) + "?done=saved#section-\(section)", redirectType: .normal)
    }

    func publish(req: Request) async throws -> Response {
        let report = try await Self.report(req, for: .draftReports)
        guard report.state == .draft else { throw Abort(.conflict, reason: "This report is already published.") }
        var document = try await Self.published(report, req)
        let now = Date()
        document.publishedOn = Display.clock.date(of: now).longForm
        let json = String(decoding: try document.canonicalJSON(), as: UTF8.self)
        let id = try report.requireID()
        let narratives = document.narratives
        try await req.write { db, audit in
            // Read again inside the write: only a draft is published, once, and with the words it has now (a
            // comment saved meanwhile, or a discard, is not lost behind the figures counted above).
            guard let current = try await GovernorsReport.find(id, on: db), current.state == .draft else {
                throw Abort(.conflict, reason: "This report is already published, or was discarded.")
            }
            guard current.narrativeList == narratives else {
                throw Abort(.conflict, reason: "The comments changed while it was being published: publish it again.")
            }
            report.content = json
            report.contentHash = ReportContent.hash(Data(json.utf8))
            report.state = .published
            report.publishedAt = now
            report.narratives = current.narratives
            try await report.update(on: db)
            try await audit.append(
                "report.published", target: "report:\(try report.requireID().uuidString)",
                details: ["version": String(report.version), "sha256": report.contentHash])
        }
        return req.redirect(to: ReportPaths.show(try report.requireID()) + "?done=published", redirectType: .normal)
    }

    func correct(req: Request) async throws -> Response {
        let report = try await Self.report(req, for: .draftReports)
        guard report.state == .published else {
            throw Abort(.conflict, reason: "Only a published report is corrected.")
        }
        let latest = try await GovernorsReport.query(on: req.db).inSchool(report.schoolID)
            .filter(\.$seriesID == report.seriesID).sort(\.$version, .descending).first()
        // A correction already started (or published) is the one to work on.
        if let latest, latest.version > report.version {
            return req.redirect(to: ReportPaths.show(try latest.requireID()), redirectType: .normal)
        }
        guard let person = req.currentPerson else { throw Abort(.unauthorized) }
        let next = GovernorsReport(
            schoolID: report.schoolID, seriesID: report.seriesID, version: report.version + 1, title: report.title,
            from: report.from, to: report.to, preparedBy: person)
        next.narratives = report.narratives
        let series = report.seriesID
        let existing: UUID? = try await req.write { db, audit in
            // Looked for again inside the write: two presses at once make one correction, not a clash.
            if let started = try await GovernorsReport.query(on: db).filter(\.$seriesID == series)
                .filter(\.$version > report.version).sort(\.$version, .descending).first()
            {
                return try started.requireID()
            }
            try await next.create(on: db)
            try await audit.append(
                "report.correction_started", target: "report:\(try next.requireID().uuidString)",
                details: ["corrects": try report.requireID().uuidString, "version": String(next.version)])
            return nil
        }
        if let existing { return req.redirect(to: ReportPaths.show(existing), redirectType: .normal) }
        return req.redirect(to: ReportPaths.show(try next.requireID()) + "?done=corrected", redirectType: .normal)
    }

    func discard(req: Request) async throws -> Response {
        let report = try await Self.report(req, for: .draftReports)
        guard report.state == .draft else { throw Abort(.conflict, reason: "A published report is kept.") }
        let id = try report.requireID()
        try await req.write { db, audit in
            // Only while still a draft: a report published meanwhile is kept.
            guard try await GovernorsReport.query(on: db).filter(\.$id == id).filter(\.$state == .draft).count() == 1
            else { throw Abort(.conflict, reason: "This report was published meanwhile, and is kept.") }
            try await GovernorsReport.query(on: db).filter(\.$id == id).filter(\.$state == .draft).delete()
            try await audit.append(
                "report.discarded", target: "report:\(try report.requireID().uuidString)",
                details: ["title": report.title, "version": String(report.version)])
        }
        return req.redirect(to: ReportPaths.list(), redirectType: .normal)
    }
}
