// One completed check: its owner's, or the headteacher's to read (audited); nobody else's, not even the lead, who
// sees only the items of a request for help on the help page.

import Fluent
import StewardCore
import Vapor

extension SelfCheckController {
    func show(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let check = try await req.record(SelfCheck.self, "checkID", for: .completeSelfCheck)
        let checkID = try check.requireID()
        let own = check.personID == actor.personID
        let headteacher = actor.rolesBySchool[check.schoolID]?.contains(.headteacher) ?? false
        guard own || headteacher else { throw Abort(.notFound) }
        let person = try await Person.query(on: req.db).inSchool(check.schoolID).filter(\.$id == check.personID)
            .first()
        if !own {
            try await req.write { _, audit in
                try await audit.append(
                    "self_check.viewed", target: "self_check:\(checkID.uuidString)", schoolID: check.schoolID,
                    details: ["person": check.personID.uuidString])
            }
        }
        // What became of any request for help: who followed it up, when, and what was done.
        let tasks = try await SelfCheckHelp.query(on: req.db).inSchool(check.schoolID).filter(\.$checkID == checkID)
            .all()
        let closers = Set(tasks.compactMap(\.closedBy))
        let people =
            closers.isEmpty
            ? [] : try await Person.query(on: req.db).inSchool(check.schoolID).filter(\.$id ~~ closers).all()
        let followUps = tasks.map { task in
            task.closedAt == nil
                ? "Your request for help is with the online-safety lead."
                : "Followed up on \(Display.date(task.closedAt)) by "
                    + "\(people.first { $0.id == task.closedBy }?.fullName ?? "the online-safety lead"): "
                    + (task.closeNote ?? "")
        }
        let content = ShowContent(
            own: own, person: person?.fullName ?? "Someone", term: check.termName,
            completed: Display.date(check.completedAt),
            platforms: Self.grouped(check.answerList, platforms: req.application.steward.platforms),
            usesNone: check.platformKeys.isEmpty, contacted: check.contacted, note: check.note, followUps: followUps)
        return try await req.page(
            "selfchecks/show",
            title: own ? "Your privacy check, \(check.termName)" : "Privacy check, \(check.termName)",
            content)
    }

    struct ShowContent: Encodable, Sendable {
        var own: Bool
        var person: String
        var term: String
        var completed: String
        var platforms: [PlatformAnswers]
        var usesNone: Bool
        var contacted: Bool
        var note: String
        var followUps: [String]
    }
}
