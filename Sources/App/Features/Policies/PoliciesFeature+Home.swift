// What the policy library puts on home pages: what a person still has to read, who is overdue, and the figures.

import Fluent
import StewardCore
import Vapor

extension PoliciesFeature {
    /// The person's own policies to read (policy 1.1), each with its deadline; for the headteacher and the
    /// safeguarding lead, each policy with people still to acknowledge it (the lead by the numbers only); for a line
    /// manager, their people who are overdue.
    func work(for actor: Actor, person: Person, on db: any Database) async throws -> [WorkItem] {
        var items: [WorkItem] = []
        for (policy, version, status) in try await PolicyLibrary.statuses(for: person, in: actor.schoolID, on: db)
        where status.isOutstanding {
            items.append(
                WorkItem(
                    title: "Read and acknowledge \(policy.title)", href: PolicyPaths.show(try policy.requireID()),
                    status: PolicyController.describe(status), urgent: status.isOverdue, at: version.publishedAt))
        }
        let names = AccessPolicy.can(actor, .viewPolicyCoverage) == .allowed
        if names || actor.roles.contains(.safeguardingLead) {
            for (policy, coverage) in try await Self.coverage(of: actor.schoolID, on: db)
            where coverage.total.due + coverage.total.overdue > 0 {
                let total = coverage.total
                items.append(
                    WorkItem(
                        title: "\(policy.title): \(total.percent)% acknowledged",
                        href: names
                            ? PolicyPaths.coverage(try policy.requireID()) : PolicyPaths.show(try policy.requireID()),
                        status: total.overdue > 0
                            ? "\(total.overdue) overdue, \(total.due) still within the deadline"
                            : "\(total.due) still within the deadline, none overdue",
                        urgent: total.overdue > 0))
            }
        }
        items += try await overdueOfMyPeople(actor: actor, person: person, on: db)
        return items
    }

    /// A line manager's people who are overdue with a policy: the reminders tell the line manager after 14 days; the
    /// home page shows them every day.
    private func overdueOfMyPeople(actor: Actor, person: Person, on db: any Database) async throws -> [WorkItem] {
        let personID = try person.requireID()
        let mine = try await Person.query(on: db).inSchool(actor.schoolID).filter(\.$lineManager.$id == personID)
            .filter(\.$active == true).sort(\.$surname).sort(\.$forename).all()
        let statuses = try await PolicyLibrary.statuses(for: mine, in: actor.schoolID, on: db)
        var items: [WorkItem] = []
        for colleague in mine {
            for (policy, _, status) in statuses[try colleague.requireID()] ?? [] where status.isOverdue {
                items.append(
                    WorkItem(
                        title: "\(colleague.fullName) has not yet acknowledged \(policy.title)",
                        href: PolicyPaths.show(try policy.requireID()),
                        status: "You manage them. \(PolicyController.describeForOthers(status))", urgent: true))
            }
        }
        return items
    }

    /// The share of everyone asked who has acknowledged the current version of every published policy, and how many
    /// are overdue (policy 3: the governing body makes sure the policy is followed).
    func figures(for actor: Actor, schoolID: UUID, on db: any Database) async throws -> [HomeFigure] {
        guard AccessPolicy.can(actor, .viewPolicyFigures, .schoolRecord(schoolID: schoolID)) == .allowed else {
            return []
        }
        let all = try await Self.coverage(of: schoolID, on: db)
        guard !all.isEmpty else {
            return [
                HomeFigure(
                    title: "Policies acknowledged", value: "None published", detail: "", href: PolicyPaths.list(),
                    attention: false)
            ]
        }
        var total = PolicyCoverage.Figures()
        for (_, coverage) in all {
            total.asked += coverage.total.asked
            total.met += coverage.total.met
            total.due += coverage.total.due
            total.overdue += coverage.total.overdue
        }
        let href = all.count == 1 ? PolicyPaths.coverage(try all[0].0.requireID()) : PolicyPaths.list()
        return [
            HomeFigure(
                title: "Policies acknowledged", value: "\(total.percent)%",
                detail: "\(total.met) of \(total.asked) acknowledgements, \(total.overdue) overdue", href: href,
                attention: total.overdue > 0)
        ]
    }

    /// Each published policy of the school with its coverage today.
    static func coverage(of schoolID: UUID, on db: any Database) async throws -> [(Policy, PolicyCoverage)] {
        try await ReadMemo.value("policies.coverage.\(schoolID).\(Display.today)") {
            let policies = try await PolicyLibrary.publishedPolicies(of: schoolID, on: db)
            let (all, _) = try await PolicyLibrary.coverage(of: policies, in: schoolID, on: db)
            return policies.compactMap { policy in policy.id.flatMap { all[$0] }.map { (policy, $0) } }
        }
    }
}
