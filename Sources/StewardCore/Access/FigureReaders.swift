// Who reads a school's figures, and so whom figures must tell nothing: one group for every page of figures and for the
// governors' report.

import Foundation

/// The readers of a school's anonymous figures: whoever may see any page of figures or read the governors' report.
/// Figures are the same for all of them, so that no two readers, and no reader with two pages, can learn anything
/// from a difference; what one reader must not know of (a concern or a declaration about them) is therefore counted
/// for none.
public enum FigureReaders {
    public static var roles: Set<Role> {
        [Action.viewCaseFigures, .viewObligationFigures, .viewPolicyFigures, .viewReports, .viewTrustReport].reduce(
            into: []) {
                $0.formUnion(AccessPolicy.roles(for: $1))
            }
    }
}
