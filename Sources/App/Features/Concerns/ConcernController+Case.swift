// One case's page: what the reader sees of it, its chronology, evidence and the handling forms.

import Fluent
import StewardCore
import Vapor

extension ConcernController {
    func show(req: Request) async throws -> Response {
        try await showPage(req, errors: [])
    }

    func showPage(
        _ req: Request, errors: [FieldError], status: HTTPStatus = .ok, form: [String: String] = [:]
    ) async throws -> Response {
        let (item, visibility) = try await Cases.find(req)
        let content = try await caseContent(item, visibility, req: req, errors: errors, form: form)
        if case .full = visibility {
            let caseID = try item.requireID()
            try await req.write { _, audit in
                try await audit.append(
                    "case.opened", target: "case:\(caseID.uuidString)", schoolID: item.schoolID,
                    details: ["reference": item.reference])
            }
        }
        let entry = req.query[Int.self, at: "entry"].map(String.init) ?? ""
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "recorded" where status == .ok && !entry.isEmpty: "Recorded as entry \(entry) of the chronology."
            case "moved" where status == .ok && !entry.isEmpty:
                "The case has moved on: entry \(entry) of the chronology."
            default: nil
            }
        return try await req.page(
            "concerns/show", title: "Concern \(item.reference)", content, status: status, notice: notice)
    }

    /// Everything the case page shows of `item` to a reader with `visibility`: the reporter's status only, or the
    /// whole case with its chronology, and the summary brought up to date by the steps recorded since the report.
    func caseContent(
        _ item: Case, _ visibility: CaseVisibility, req: Request, errors: [FieldError] = [],
        form: [String: String] = [:]
    ) async throws -> ShowContent {
        let caseID = try item.requireID()
        var content = ShowContent(
            id: caseID.uuidString, reference: item.reference, category: item.category.neutralTitle,
            clauses: item.category.clauses.joined(separator: ", "), state: item.state.reporterTitle,
            reporterOnly: true, canHandle: false, reported: Display.date(item.createdAt), whatHappened: "",
            happenedOn: "", platform: "", involved: "", involvedDetail: "", subject: "", pupilLinked: false,
            blocked: "", reportedToPlatform: "", outcome: "", records: RecordsLine(), entries: [], evidence: [],
            moves: [],
            actions: [],
            reports: [],
            outcomes: [], members: [], candidates: [], errors: FormErrors(errors), form: form, steps: [])
        if case .full(let canHandle) = visibility {
            let entries = try await CaseEntry.query(on: req.db).filter(\.$caseID == caseID).sort(\.$createdAt).all()
            let evidence = try await CaseEvidence.query(on: req.db).filter(\.$caseID == caseID)
                .field(\.$id).field(\.$filename).field(\.$size).field(\.$sha256).field(\.$uploadedAt)
                .field(\.$caseID).field(\.$contentType).sort(\.$uploadedAt).all()
            let members = try await CaseMember.query(on: req.db).filter(\.$caseID == caseID).all()
            var names: [UUID: String] = [:]
            let ids = Set(entries.compactMap(\.authorID) + members.map(\.personID) + [item.reporterID])
                .union(item.subjectPersonID.map { [$0] } ?? [])
            for person in try await Person.query(on: req.db).filter(\.$id ~~ Array(ids)).all() {
                if let id = person.id { names[id] = person.fullName }
            }
            let numbered = Dictionary(
                uniqueKeysWithValues: entries.enumerated().compactMap { i, e in e.id.map { ($0, i + 1) } })
            content.reporterOnly = false
            content.canHandle = canHandle
            content.state = item.state.title
            content.whatHappened = item.whatHappened
            content.happenedOn = item.happenedOn.flatMap(CalendarDate.init(parsing:))?.longForm ?? "Not given"
            content.platform = item.platform
            content.involved = CaseReportForm.involvedKinds.first { $0.0 == item.involvedKind }?.1 ?? item.involvedKind
            content.involvedDetail = item.involvedDescription
            content.subject = item.subjectPersonID.flatMap { names[$0] } ?? ""
            content.pupilLinked = item.involvedPupilID != nil
            let published = try await PublishedReports.names(of: item.schoolID, on: req.db)
            let reports = Dictionary(published.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let steps = Self.steps(entries, numbered: numbered, reports: reports)
            content.blocked = steps.blocked ?? Self.yesNo(item.blocked)
            content.reportedToPlatform = steps.reportedToPlatform ?? Self.yesNo(item.reportedToPlatform)
            content.steps = steps.lines
            content.outcome = item.outcome?.title ?? ""
            content.records = try await Self.recordsLine(item, for: try req.requireActor().0, on: req.db)
            content.entries = entries.enumerated().map { index, entry in
                let title: String =
                    switch entry.kind {
                    case "state": "\(entry.stateFrom?.title ?? "") → \(entry.stateTo?.title ?? "")"
                    case "action": entry.action?.title ?? "Step"
                    case "correction": "Correction"
                    case "member": "Added to the case"
                    case "evidence": "Evidence added"
                    default: "Reported"
                    }
                return EntryView(
                    id: "entry-\(index + 1)", at: Display.time(entry.createdAt),
                    author: entry.authorID.flatMap { names[$0] } ?? "", title: title, text: entry.text,
                    reference: entry.externalReference ?? "", report: entry.reportID.flatMap { reports[$0] } ?? "",
                    corrects: entry.correctsID.flatMap { numbered[$0] }.map { "entry-\($0)" } ?? "",
                    correctsNumber: entry.correctsID.flatMap { numbered[$0] }.map(String.init) ?? "")
            }
            content.evidence = evidence.map {
                EvidenceView(
                    id: $0.id?.uuidString ?? "", filename: $0.filename,
                    size: ByteCountFormatter.string(fromByteCount: Int64($0.size), countStyle: .file),
                    sha256: $0.sha256,
                    uploaded: Display.time($0.uploadedAt))
            }
            content.moves = (CaseTransitions.allowed[item.state] ?? []).map {
                Option(value: $0.rawValue, title: $0.title, checked: false)
            }
            content.actions = CaseActionKind.allCases.map {
                Option(value: $0.rawValue, title: $0.title, checked: false)
            }
            content.reports = published.map { Option(value: $0.id.uuidString, title: $0.name, checked: false) }
            content.outcomes = CaseOutcome.allCases.map { Option(value: $0.rawValue, title: $0.title, checked: false) }
            content.members = members.compactMap { names[$0.personID] }
            if canHandle {
                let people = try await Person.query(on: req.db).inSchool(item.schoolID)
                    .filter(\.$active == true).sort(\.$surname).all()
                let excluded = Set(members.map(\.personID)).union(item.subjectPersonID.map { [$0] } ?? [])
                content.candidates = people.filter { !excluded.contains($0.id ?? UUID()) }.map {
                    Option(value: $0.id?.uuidString ?? "", title: $0.fullName, checked: false)
                }
            }
        }
        return content
    }
}
