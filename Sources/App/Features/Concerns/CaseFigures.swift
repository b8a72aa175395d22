// Which cases concern figures count, wherever they are shown: the figures page, its spreadsheet, the home page and
// the governors' report all ask here, so that no two of them can be compared to learn of a case.

import Fluent
import Foundation
import StewardCore

enum CaseFigures {
    /// `query` narrowed to the cases figures count (`CaseAccess.countsInFigures`), in the database.
    static func countable(_ query: QueryBuilder<Case>, readers: Set<UUID>) -> QueryBuilder<Case> {
        query.filter(\.$aboutHeadteacher == false).group(.or) { either in
            either.filter(\.$subjectPersonID == nil)
            if !readers.isEmpty { either.filter(\.$subjectPersonID !~ readers.map { Optional($0) }) }
        }
    }

    /// Whether `item` counts in figures read by `readers`: the same rule, for cases already read.
    static func counts(_ item: Case, readers: Set<UUID>) -> Bool {
        CaseAccess.countsInFigures(
            subjectIDs: item.subjectPersonID.map { [$0] } ?? [], aboutHeadteacher: item.aboutHeadteacher,
            figureReaders: readers)
    }
}
