// Producing the subject-access export of a request: only while it waits for an answer, only by someone else, with a
// code entered in the last 15 minutes when it holds case records, and each case read recorded on the case's trail.

import Fluent
import StewardCore
import Vapor

extension RecordsRequestController {
    static let answeredExport =
        "This request has been answered, so no export is produced from it now. If the person asks again, record a new "
        + "request."

    /// The subject-access export: a ZIP of JSON and a readable summary of everything the actor may see about the
    /// person, sorted into what may be released, what names other people, and safeguarding records for a decision.
    /// Nobody produces their own. Audited, and each case in it audited on that case's own trail.
    func export(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let request = try await req.record(RecordsRequest.self, "requestID", for: .handleRecordsRequests)
        let requestID = try request.requireID()
        guard request.kind == .access else { throw Abort(.notFound) }
        guard request.personID != actor.personID else {
            return try await renderShow(
                req, request, form: CloseForm(),
                errors: [
                    FieldError(
                        "export", "A request about yourself must be answered by someone else: HR or the headteacher.")
                ], status: .forbidden)
        }
        guard request.outcome == nil else {
            return try await renderShow(
                req, request, form: CloseForm(), errors: [FieldError("export", Self.answeredExport)],
                status: .conflict)
        }
        guard let subject = try await Person.find(request.personID, on: req.db) else { throw Abort(.notFound) }
        let held = try await Features.heldRecords(about: request.personID, viewer: actor, on: req.db)
        // A case's text needs a code entered in the last 15 minutes on its own page: the export is no side door.
        if Self.holdsCaseRecords(held), !StepUp.isSatisfied(req) { return try await StepUp.answer(req) }
        let cases = try await Self.casesIn(
            about: request.personID, seenBy: actor, schoolID: request.schoolID, on: req.db)
        let archive = try await SubjectAccessExport.make(
            req, subject: subject, request: request, held: held, producedBy: person.fullName)
        let at = Date()
        let made = try await req.write { db, audit -> Bool in
            // Answered while the file was being made: no export goes out from it.
            guard let fresh = try await RecordsRequest.find(requestID, on: db), fresh.outcome == nil else {
                return false
            }
            fresh.exportedAt = at
            try await fresh.update(on: db)
            try await audit.append(
                "records.access_exported", target: "person:\(request.personID.uuidString)",
                schoolID: request.schoolID,
                // The request alone: how much was in it would tell its subject what others hold about them.
                details: ["request": requestID.uuidString])
            for item in cases {
                try await audit.append(
                    "case.exported", target: "case:\(try item.requireID().uuidString)", schoolID: item.schoolID,
                    details: ["reference": item.reference, "request": requestID.uuidString])
            }
            return true
        }
        guard made else {
            return try await renderShow(
                req, request, form: CloseForm(), errors: [FieldError("export", Self.answeredExport)],
                status: .conflict)
        }
        let response = Response(status: .ok, body: .init(data: archive))
        response.headers.replaceOrAdd(name: .contentType, value: "application/zip")
        let name = SubjectAccessExport.slug(subject.fullName)
        response.headers.replaceOrAdd(
            name: .contentDisposition,
            value: "attachment; filename=\"subject-access-\(name)-\(CalendarDate(at).description).zip\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Whether any of `held` is a case's record (handled for a safeguarding decision), which only a reader who
    /// entered a code lately may have.
    static func holdsCaseRecords(_ held: [HeldRecords]) -> Bool {
        held.contains { item in
            if case .decide = item.handling { !item.rows.isEmpty } else { false }
        }
    }

    /// The cases `actor` sees in full that name `personID` anywhere an export reads: as reporter, subject, author of
    /// an entry, member, or the one who added a member.
    static func casesIn(
        about personID: UUID, seenBy actor: Actor, schoolID: UUID, on db: any Database
    ) async throws -> [Case] {
        let visible = try await CaseSideDoors.visibleCaseIDs(to: actor, in: [schoolID], on: db)
        guard !visible.isEmpty else { return [] }
        var named = Set(
            try await Case.query(on: db).filter(\.$id ~~ Array(visible)).group(.or) {
                $0.filter(\.$reporterID == personID).filter(\.$subjectPersonID == personID)
            }.all().compactMap(\.id))
        named.formUnion(
            try await CaseEntry.query(on: db).filter(\.$authorID == personID).filter(\.$caseID ~~ Array(visible))
                .all().map(\.caseID))
        named.formUnion(
            try await CaseMember.query(on: db).group(.or) {
                $0.filter(\.$personID == personID).filter(\.$addedBy == personID)
            }.filter(\.$caseID ~~ Array(visible)).all().map(\.caseID))
        guard !named.isEmpty else { return [] }
        return try await Case.query(on: db).filter(\.$id ~~ Array(named)).sort(\.$createdAt).all()
    }
}
