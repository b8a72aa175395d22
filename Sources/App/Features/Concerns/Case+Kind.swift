// Cases selected by kind: what decides whether someone handles a case, or counts it, without reading each case.

import Fluent
import Foundation

extension Case {
    /// The facts about a case on which handling it and counting it depend (see `ConcernsFeature.kinds`).
    struct Kind: Equatable, Sendable {
        var aboutHeadteacher: Bool
        /// Whether the case is about the person looking.
        var aboutViewer: Bool
    }
}

extension QueryBuilder where Model == Case {
    /// The cases of any of `kinds`, as seen by `viewer`; none when `kinds` is empty.
    func ofKinds(_ kinds: [Case.Kind], viewer: UUID) -> Self {
        // No kind: a condition no case meets.
        guard !kinds.isEmpty else { return filter(\.$aboutHeadteacher == true).filter(\.$aboutHeadteacher == false) }
        return group(.or) { any in
            for kind in kinds {
                any.group(.and) { this in
                    this.filter(\.$aboutHeadteacher == kind.aboutHeadteacher)
                    if kind.aboutViewer {
                        this.filter(\.$subjectPersonID == viewer)
                    } else {
                        this.group(.or) { notMine in
                            notMine.filter(\.$subjectPersonID == nil).filter(\.$subjectPersonID != viewer)
                        }
                    }
                }
            }
        }
    }

    /// Only what a home page's list shows: the reference, state and dates. Other fields of the rows read are empty.
    func listing() -> Self {
        field(\.$id).field(\.$reference).field(\.$state).field(\.$createdAt).field(\.$lastEntryAt)
    }
}
