// How an obligation's coverage reads on a page: figures by group, and (for those allowed names) everyone still to do
// it with their status and line manager. Declarations and the privacy check show the same table.

import Fluent
import StewardCore
import Vapor

enum ObligationRows {
    /// One group's figures.
    struct Group: Encodable, Sendable {
        var group: String
        var asked: Int
        var met: Int
        var due: Int
        var overdue: Int
        var percent: Int

        init(_ group: String, _ figures: ObligationCoverage.Figures) {
            self.group = group
            asked = figures.asked
            met = figures.met
            due = figures.due
            overdue = figures.overdue
            percent = figures.percent
        }
    }

    /// One person still to do it.
    struct Outstanding: Encodable, Sendable {
        var id: String
        var name: String
        var group: String
        var status: String
        var overdue: Bool
        var lineManager: String
    }

    /// The groups staff obligations ask (governors are not asked), and everyone.
    static let kinds: [PersonKind] = [.employee, .volunteer]

    static func groups(_ coverage: ObligationCoverage) -> (groups: [Group], total: Group) {
        (kinds.map { Group($0.title + "s", coverage.byKind[$0] ?? .init()) }, Group("Everyone", coverage.total))
    }

    /// The figures by group as a spreadsheet, the done column named as the page names it ("Confirmed").
    static func csv(_ groups: [Group], total: Group, met: String, filename: String) -> Response {
        var csv = CSVWriter(header: ["Group", "Asked", met, "Still to do", "Overdue", "% \(met.lowercased())"])
        for row in groups + [total] {
            csv.append([
                row.group, String(row.asked), String(row.met), String(row.due), String(row.overdue),
                String(row.percent),
            ])
        }
        return CSVDownload.response(csv, filename: "\(filename).csv")
    }

    /// Everyone still to do it, most overdue first, with their line manager (looked up when not among `people`).
    static func outstanding(
        _ coverage: ObligationCoverage, people: [UUID: Person], schoolID: UUID, on db: any Database
    ) async throws -> [Outstanding] {
        let missing = Set(coverage.outstanding.compactMap { people[$0.id]?.$lineManager.id }).filter {
            people[$0] == nil
        }
        let others =
            missing.isEmpty ? [] : try await Person.query(on: db).inSchool(schoolID).filter(\.$id ~~ missing).all()
        func manager(_ id: UUID?) -> String {
            guard let id else { return "" }
            return people[id]?.fullName ?? others.first { $0.id == id }?.fullName ?? ""
        }
        return coverage.outstanding.compactMap { entry in
            guard let person = people[entry.id] else { return nil }
            return Outstanding(
                id: entry.id.uuidString, name: "\(person.surname), \(person.forename)", group: person.kind.title,
                status: PolicyController.describeForOthers(entry.status), overdue: entry.status.isOverdue,
                lineManager: manager(person.$lineManager.id))
        }
    }
}
