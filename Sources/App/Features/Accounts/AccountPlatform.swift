// The platforms a school's official account can be on.

/// Where an official account lives (policy 4.9 names "twitter, Facebook, etc.").
enum AccountPlatform: String, CaseIterable, Codable, Sendable {
    case facebook
    case x
    case instagram
    case youtube
    case tiktok
    case linkedin
    case website
    case other

    var title: String {
        switch self {
        case .facebook: "Facebook page"
        case .x: "X (Twitter)"
        case .instagram: "Instagram"
        case .youtube: "YouTube"
        case .tiktok: "TikTok"
        case .linkedin: "LinkedIn"
        case .website: "School website news"
        case .other: "Other"
        }
    }

    /// The same platform as the concern form names it.
    var concernPlatform: String {
        switch self {
        case .facebook: "Facebook"
        case .x: "X (Twitter)"
        case .instagram: "Instagram"
        case .youtube: "YouTube"
        case .tiktok: "TikTok"
        case .linkedin, .website, .other: "Other"
        }
    }
}
