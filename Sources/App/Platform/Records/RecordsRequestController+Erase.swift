// Erasing records when a request to erase them is granted: the headteacher chooses which of the person's own records go
// (acknowledgements, declarations, self-checks), confirms, and they are removed at once, with the personal data of the
// audit entries that described them; what a legal hold keeps stays. The request keeps the counts.

import Fluent
import StewardCore
import Vapor

extension RecordsRequestController {
    static let eraseAnswered =
        "This request has been answered, so nothing is erased from it now. If the person asks again, record a new "
        + "request."

    func erase(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let request = try await req.record(RecordsRequest.self, "requestID", for: .eraseRecords)
        let requestID = try request.requireID()
        guard request.kind == .erasure else { throw Abort(.notFound) }
        let fields = try FormFields.read(req)
        let prefix = RecordsErasure.fieldPrefix
        let asked = Set(fields.values.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) })
        let confirmed = fields["confirm"] == "yes"
        func refuse(_ error: FieldError, _ status: HTTPStatus) async throws -> Response {
            try await renderShow(
                req, request, form: CloseForm(), errors: [error], status: status, erasing: asked, confirmed: confirmed)
        }
        guard request.personID != actor.personID else {
            return try await refuse(
                FieldError("erase", "This request is about you, so its records are not yours to erase."),
                .forbidden)
        }
        guard request.outcome == nil else {
            return try await refuse(FieldError("erase", Self.eraseAnswered), .conflict)
        }
        let lines = try await RecordsErasure.lines(
            about: request.personID, schoolID: request.schoolID, seenBy: actor.personID, on: req.db)
        let offered = Set(lines.map(\.rule))
        var errors: [FieldError] = []
        if asked.isEmpty {
            errors.append(FieldError("erase", "Choose which of their records to erase."))
        } else if !asked.isSubset(of: offered)
            || asked.contains(where: { fields[RecordsErasure.field($0)] != "yes" })
        {
            errors.append(FieldError("erase", "Choose which of their records to erase from the list."))
        }
        if !confirmed {
            errors.append(
                FieldError("confirm", "Confirm that these records are to be erased: it cannot be undone."))
        }
        guard errors.isEmpty else {
            return try await renderShow(
                req, request, form: CloseForm(), errors: errors, status: .badRequest, erasing: asked,
                confirmed: confirmed)
        }
        enum Result { case erased, nothing, answered }
        let personID = request.personID
        let schoolID = request.schoolID
        let result = try await req.write { db, audit -> Result in
            // Answered, or a hold placed, while the form was being filled: checked again inside the write.
            guard let fresh = try await RecordsRequest.find(requestID, on: db), fresh.outcome == nil else {
                return .answered
            }
            let counts = try await RecordsErasure.erase(
                asked, about: personID, schoolID: schoolID, by: actor.personID, request: requestID, on: db,
                audit: audit)
            guard !counts.isEmpty else { return .nothing }
            fresh.erased = RecordsErasure.adding(counts, to: fresh.erased)
            fresh.erasedAt = Date()
            fresh.erasedBy = actor.personID
            try await fresh.update(on: db)
            var details = counts.mapValues(String.init)
            details["request"] = requestID.uuidString
            try await audit.append(
                "records.erased", target: "person:\(personID.uuidString)", schoolID: schoolID, details: details)
            return .erased
        }
        switch result {
        case .answered:
            return req.redirect(to: RetentionPaths.request(requestID) + "?done=answered-first", redirectType: .normal)
        case .nothing:
            return req.redirect(to: RetentionPaths.request(requestID) + "?done=nothing-erased", redirectType: .normal)
        case .erased:
            // The removed rows are gone from the database file too, not only from its tables.
            try await RecordsPurge.reclaimSpace(req.db, logger: req.logger)
            return req.redirect(to: RetentionPaths.request(requestID) + "?done=erased", redirectType: .normal)
        }
    }

    /// Whether, for an erasure request, a legal hold `actor` may know of keeps any of the person's own records that
    /// the request could otherwise erase (a hold on a declaration's other party keeps it, as the erasure section
    /// shows): then "a legal hold" is a true answer.
    static func holdKeepsOwnRecords(
        _ request: RecordsRequest, seenBy actor: Actor, on db: any Database
    ) async throws
        -> Bool
    {
        guard request.kind == .erasure else { return false }
        return try await RecordsErasure.lines(
            about: request.personID, schoolID: request.schoolID, seenBy: actor.personID, on: db
        ).contains { $0.held > 0 }
    }
}
