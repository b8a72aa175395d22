// One personal platform staff are asked about, with its privacy-settings help.

/// One platform: a stable key, the name staff know it by, and its privacy-settings help (empty: none).
struct SocialPlatform: Codable, Sendable, Equatable {
    var key: String
    var title: String
    var help: String
}
