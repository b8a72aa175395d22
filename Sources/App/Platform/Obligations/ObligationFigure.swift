// One obligation's coverage as a home-page figure: the same words for privacy checks, declarations and any later one.

import StewardCore

enum ObligationFigure {
    /// "80%", "12 of 15 done, 2 overdue"; "No round open" when nobody is being asked now.
    static func figure(_ title: String, _ coverage: ObligationCoverage?, href: String, closed: String) -> HomeFigure {
        guard let total = coverage?.total, total.asked > 0 else {
            return HomeFigure(title: title, value: "–", detail: closed, href: href, attention: false)
        }
        return HomeFigure(
            title: title, value: "\(total.percent)%",
            detail: "\(total.met) of \(total.asked) done, \(total.overdue) overdue", href: href,
            attention: total.overdue > 0)
    }
}
