// Concerns and confidential cases: anyone reports in a minute; the handlers run the case; the reporter sees a status;
// the person it is about never sees it (policy 3, 4.3, 4.8, 5).

import Crypto
import Fluent
import StewardCore
import Vapor

struct ConcernController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, ConcernPaths.list, action: .viewConcerns, use: index)
        routes.on(.GET, ConcernPaths.new, action: .reportConcern, use: newConcern)
        routes.on(.GET, ConcernPaths.figures, action: .viewCaseFigures, use: figures)
        routes.on(.GET, ConcernPaths.figuresCSV, action: .viewCaseFigures, use: figuresCSV)
        routes.on(.POST, ConcernPaths.list, action: .reportConcern, upload: "64mb", use: report)
        routes.on(.GET, ConcernPaths.show, action: .viewConcerns, requires: .recentSecondFactor, use: show)
        // A reason or an entry may be 4,000 and 10,000 characters, in any script: room for them, percent-encoded.
        routes.on(
            .POST, ConcernPaths.move, action: .handleConcern, body: .collect(maxSize: "160kb"),
            requires: .recentSecondFactor, use: move)
        routes.on(
            .POST, ConcernPaths.entries, action: .handleConcern, body: .collect(maxSize: "160kb"),
            requires: .recentSecondFactor, use: record)
        routes.on(.POST, ConcernPaths.members, action: .handleConcern, requires: .recentSecondFactor, use: addMember)
        routes.on(
            .POST, ConcernPaths.evidence, action: .handleConcern, upload: "21mb", requires: .recentSecondFactor,
            use: addEvidence)
        routes.on(.GET, ConcernPaths.download, action: .viewConcerns, requires: .recentSecondFactor, use: download)
        routes.on(
            .GET, ConcernPaths.chronology, action: .viewConcerns, requires: .recentSecondFactor, use: chronology)
    }
}
