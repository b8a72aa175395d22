// The termly privacy self-check (policy 4.1–4.3): completing it, one's own checks, the online-safety lead's
// requests for help, coverage for the headteacher and governors, and the school's terms and lead.

import Fluent
import StewardCore
import Vapor

struct SelfCheckController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SelfCheckPaths.list, action: .completeSelfCheck, use: index)
        routes.on(.GET, SelfCheckPaths.new, action: .completeSelfCheck, use: newCheck)
        routes.on(.POST, SelfCheckPaths.list, action: .completeSelfCheck, use: create)
        routes.on(.GET, SelfCheckPaths.help, action: .followUpSelfCheckHelp, use: helpList)
        routes.on(.POST, SelfCheckPaths.closeHelp, action: .followUpSelfCheckHelp, use: closeHelp)
        routes.on(.GET, SelfCheckPaths.coverage, action: .viewObligationFigures, use: coverage)
        routes.on(.GET, SelfCheckPaths.coverageCSV, action: .viewObligationFigures, use: coverageCSV)
        routes.on(.GET, SelfCheckPaths.settings, action: .manageObligations, use: settingsPage)
        routes.on(.POST, SelfCheckPaths.settings, action: .manageObligations, use: saveSettings)
        routes.on(.GET, SelfCheckPaths.show, action: .completeSelfCheck, use: show)
    }

    /// The term open today in the actor's school, with its round's number.
    static func openTerm(_ settings: SelfCheckSettings, today: CalendarDate) -> (term: SchoolTerm, round: Int)? {
        settings.openTerm(on: today).map { ($0, $0.starts.dayNumber) }
    }

    /// A person's status in this term's round, in words.
    static func describe(_ status: ObligationStatus) -> String {
        switch status {
        case .notRequired: "Not asked"
        case .met: "Done"
        case .due(let deadline): "Due by \(deadline.longForm)"
        case .overdue(let deadline, let days):
            "Overdue by \(days) day\(days == 1 ? "" : "s") (due \(deadline.longForm))"
        }
    }

    /// Platform titles with their privacy-settings help, for pages that show answers.
    struct PlatformAnswers: Encodable, Sendable {
        struct Line: Encodable, Sendable {
            var question: String
            var clause: String
            var answer: String
            var help: Bool
        }
        var title: String
        var help: String
        var lines: [Line]
    }

    static func grouped(_ answers: [SelfCheckAnswer], platforms: SocialPlatforms) -> [PlatformAnswers] {
        var order: [String] = []
        for answer in answers where !order.contains(answer.platform) { order.append(answer.platform) }
        return order.map { key in
            let platform = platforms.platform(key)
            return PlatformAnswers(
                title: platform?.title ?? key, help: platform?.help ?? "",
                lines: answers.filter { $0.platform == key }.map {
                    .init(
                        question: $0.item.question, clause: $0.item.clause, answer: $0.answer.title,
                        help: $0.answer == .help)
                })
        }
    }
}
