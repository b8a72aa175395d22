// What a case's steps add up to, for its summary, and its chronology as a page to print or download for HR or the
// LADO (issue 19, item 6): every printing and download audited like an opening.

import Fluent
import StewardCore
import Vapor

extension ConcernController {
    /// The reporter's answer as the summary shows it.
    static func yesNo(_ raw: String?) -> String {
        switch raw {
        case "yes": "Yes, when it was reported"
        case "no": "Not yet, when it was reported"
        default: ""
        }
    }

    /// What the recorded steps say: whether the person was since blocked or reported to the platform, and one line per
    /// step with its date, its reference (the latest given, on the step or on a correction of it) and its entry number.
    static func steps(
        _ entries: [CaseEntry], numbered: [UUID: Int], reports: [UUID: String] = [:]
    ) -> (blocked: String?, reportedToPlatform: String?, lines: [String]) {
        var blocked: String?
        var reported: String?
        var lines: [String] = []
        for entry in entries where entry.kind == "action" {
            guard let action = entry.action, let id = entry.id else { continue }
            let number = numbered[id] ?? 0
            let later = entries.filter { $0.correctsID == id }.compactMap(\.externalReference).last
            let reference = later ?? entry.externalReference
            let report = (entries.filter { $0.correctsID == id }.compactMap(\.reportID).last ?? entry.reportID)
                .flatMap { reports[$0] }
            let when = "recorded \(Display.date(entry.createdAt)) (entry \(number))"
            switch action {
            case .platformReported: reported = "Yes, \(when)"
            case .personBlocked: blocked = "Yes, \(when)"
            default: break
            }
            var line = "\(action.title), \(when)"
            if let reference { line += ", reference \(reference)" }
            if let report { line += ", in the governors' report \(report)" }
            if action == .policeReferral && reference == nil {
                line += ": no reference yet (record a correction of entry \(number) with it when you have one)"
            }
            lines.append(line)
        }
        return (blocked, reported, lines)
    }

    /// The case's summary and chronology laid out for printing (or saving as a PDF) and, with `?download=1`, as a file.
    func chronology(req: Request) async throws -> Response {
        let (item, visibility) = try await Cases.find(req)
        guard case .full = visibility else { throw Abort(.notFound) }
        let caseID = try item.requireID()
        let content = try await caseContent(item, visibility, req: req)
        let download = req.query[String.self, at: "download"] == "1"
        try await req.write { _, audit in
            try await audit.append(
                download ? "case.chronology_downloaded" : "case.chronology_printed",
                target: "case:\(caseID.uuidString)", schoolID: item.schoolID, details: ["reference": item.reference])
        }
        let school = try await School.find(item.schoolID, on: req.db)?.name ?? ""
        let printed = ChronologyContent(
            caseContent: content, printedAt: Display.time(Date()), printedBy: (try req.requireActor()).1.fullName,
            timeZone: Display.clock.identifier, school: school)
        guard download else {
            return try await req.page("concerns/chronology", title: "Chronology of \(item.reference)", printed)
        }
        let view = try await req.view.render("concerns/chronology-file", printed)
        let response = try await view.encodeResponse(for: req)
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"\(item.reference)-chronology.html\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    struct ChronologyContent: Encodable, Sendable {
        var caseContent: ShowContent
        var printedAt: String
        var printedBy: String
        var timeZone: String
        var school: String
    }
}
