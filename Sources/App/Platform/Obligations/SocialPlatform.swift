// One personal platform staff are asked about, with a link to its own privacy-settings help.

import Foundation

/// One platform: a stable key, the name staff know it by, and its privacy-settings help (empty: none).
struct SocialPlatform: Codable, Sendable, Equatable {
    var key: String
    var title: String
    var help: String
}
