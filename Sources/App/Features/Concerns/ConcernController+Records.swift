// What a case's page says about how long the case is kept: under a legal hold, listed for removal, or kept by the
// retention schedule (issue 17), so the handling team learns it on the case rather than from a list elsewhere.

import Fluent
import StewardCore
import Vapor

extension ConcernController {
    /// The case's "Records" entry: the text, and where it names the list of what will be removed, that list's name
    /// (a link for a reader who may open the list, quoted for anyone else) and the text after it.
    struct RecordsLine: Encodable, Sendable {
        var text = ""
        var list = ""
        var linksList = false
        var after = ""
    }

    /// The line for the case's "Records" entry, for a reader who sees the case in full.
    static func recordsLine(_ item: Case, for reader: Actor, on db: any Database) async throws -> RecordsLine {
        let caseID = try item.requireID()
        let linksList = AccessPolicy.can(reader, .manageRetention) == .allowed
        // A hold on the case, or on a person it is about (never one on the reader, which is not theirs to learn).
        let people = [item.reporterID] + (item.subjectPersonID.map { [$0] } ?? [])
        let holds = try await LegalHold.query(on: db).inSchool(item.schoolID).filter(\.$liftedAt == nil).group(.or) {
            $0.filter(\.$caseID == caseID).filter(\.$personID ~~ people)
        }.all().filter { $0.personID != reader.personID }
        if let hold = holds.min(by: { $0.placedAt < $1.placedAt }) {
            return RecordsLine(
                text: "Kept under a legal hold placed \(Display.date(hold.placedAt)): nothing of it is removed until "
                    + "the hold is lifted.")
        }
        let listed = try await PurgeNotice.query(on: db).inSchool(item.schoolID).filter(\.$caseID == caseID)
            .sort(\.$removeOn).all()
        if let first = listed.first, let day = CalendarDate(parsing: first.removeOn) {
            let whole = listed.contains { $0.recordID == caseID }
            return RecordsLine(
                text: whole
                    ? "To be removed on \(day.longForm) under the retention schedule, and listed on "
                    : "Some of its records are to be removed from \(day.longForm) under the retention schedule, "
                        + "and are listed on ",
                list: "What will be removed", linksList: linksList,
                after: ". A legal hold keeps it if it must be kept longer.")
        }
        if item.state == .closed {
            return RecordsLine(
                text: "Kept under the retention schedule. It is listed on ", list: "What will be removed",
                linksList: linksList,
                after: " at least \(PurgePlanner.noticeDays) days before anything of it goes.")
        }
        return RecordsLine(
            text: "Kept while the case is open; the retention schedule's period starts when it is closed.")
    }
}
