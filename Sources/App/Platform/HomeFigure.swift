// One figure about a school, without names, for the home pages of those who watch it.

/// One figure about a school (no names): governors see their school's on their home page, a trust administrator every
/// school's side by side.
struct HomeFigure: Encodable, Equatable, Sendable {
    /// What it counts, the same for every school ("Policies acknowledged").
    var title: String
    /// The figure itself ("92%", "3").
    var value: String
    /// What lies behind it ("4 overdue", "1 open for over 30 days").
    var detail: String
    /// Where the full figures are, in the school the figure is about.
    var href: String
    /// Whether something in it is overdue.
    var attention: Bool
}
