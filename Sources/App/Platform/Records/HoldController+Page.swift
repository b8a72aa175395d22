// The legal holds page: the holds standing and lately lifted, and the form to place one.

import Fluent
import StewardCore
import Vapor

extension HoldController {
    /// How many lifted holds the page lists, most lately lifted first.
    static let liftedShown = 50

    struct HoldRow: Encodable, Sendable {
        var id: String
        var what: String
        var reason: String
        var placed: String
        /// For a lifted hold: the day, who lifted it and why; empty for one that stands.
        var liftedOn: String
        var liftedBy: String
        var liftReason: String
        var liftField: String
    }

    struct PageContent: Encodable, Sendable {
        var standing: [HoldRow]
        var lifted: [HoldRow]
        var liftedShown: Int
        var people: [RecordsChoice]
        var onCase: Bool
        var onPerson: Bool
        var reference: String
        var reason: String
        var errors: FormErrors
    }

    /// The school's holds the actor may know of (a hold on a case they may not know exists is not shown), newest
    /// first, with the form.
    func render(
        _ req: Request, form: PlaceForm, errors: [FieldError], notice: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let (actor, _) = try req.requireActor()
        // Every standing hold, however many; the most lately lifted.
        let standing = try await LegalHold.query(on: req.db).inSchool(actor.schoolID).filter(\.$liftedAt == nil)
            .sort(\.$placedAt, .descending).all()
        let lifted = try await LegalHold.query(on: req.db).inSchool(actor.schoolID).filter(\.$liftedAt != nil)
            .sort(\.$liftedAt, .descending).limit(Self.liftedShown).all()
        let holds = standing + lifted
        let known = try await CaseSideDoors.knowable(
            Set(holds.compactMap(\.caseID)), to: actor.workingIn(actor.schoolID), on: req.db)
        let cases = try await Case.query(on: req.db).inSchool(actor.schoolID).filter(\.$id ~~ Array(known)).all()
        let references = Dictionary(
            cases.compactMap { item in item.id.map { ($0, item.reference) } }, uniquingKeysWith: { a, _ in a })
        let people = try await Person.query(on: req.db).inSchool(actor.schoolID).all()
        var names = Dictionary(
            people.compactMap { person in person.id.map { ($0, person.fullName) } }, uniquingKeysWith: { a, _ in a })
        for id in Set(holds.flatMap { [$0.placedBy] + ($0.liftedBy.map { [$0] } ?? []) }) where names[id] == nil {
            names[id] = try await Person.find(id, on: req.db)?.fullName ?? "someone no longer listed"
        }
        // The one filter for both lists: a hold on the reader themselves is not theirs to read or lift, as one on a
        // case about them is not; nor is a hold on a case they may not know of.
        let row = { (hold: LegalHold) -> HoldRow? in
            guard let id = hold.id, hold.personID != actor.personID else { return nil }
            let what: String
            if let caseID = hold.caseID {
                guard let reference = references[caseID] else { return nil }
                what = "Case \(reference)"
            } else {
                what = "Everything about \(hold.personID.flatMap { names[$0] } ?? "someone no longer listed")"
            }
            return HoldRow(
                id: id.uuidString, what: what, reason: hold.reason,
                placed: "\(Display.date(hold.placedAt)) by \(names[hold.placedBy] ?? "someone")",
                liftedOn: Display.date(hold.liftedAt),
                liftedBy: hold.liftedAt == nil ? "" : hold.liftedBy.flatMap { names[$0] } ?? "someone",
                liftReason: hold.liftReason ?? "", liftField: "lift-\(id.uuidString)")
        }
        let content = PageContent(
            standing: standing.compactMap(row), lifted: lifted.compactMap(row), liftedShown: Self.liftedShown,
            people: try await RecordsChoice.people(of: actor.schoolID, selected: form.person, on: req.db),
            onCase: form.on == "case", onPerson: form.on == "person", reference: form.reference ?? "",
            reason: form.reason ?? "", errors: FormErrors(errors))
        return try await req.page("records/holds", title: "Legal holds", content, status: status, notice: notice)
    }
}
