// The personal platforms staff are asked about (declarations 1.5, the privacy self-check 4.1–4.3), each with a link
// to its own privacy-settings help: one data file, `Resources/privacy-help.json`, which a school overrides with a
// copy in its data directory.

import Foundation
import StewardCore

/// The platforms, in the order the file gives them.
struct SocialPlatforms: Sendable, Equatable {
    var all: [SocialPlatform]

    /// The built-in list, used when no file can be read (tests, a missing resource): the keys only matter.
    static let builtIn = SocialPlatforms(all: [
        SocialPlatform(key: "facebook", title: "Facebook", help: ""),
        SocialPlatform(key: "instagram", title: "Instagram", help: ""),
        SocialPlatform(key: "whatsapp", title: "WhatsApp", help: ""),
        SocialPlatform(key: "x", title: "X (Twitter)", help: ""),
        SocialPlatform(key: "tiktok", title: "TikTok", help: ""),
        SocialPlatform(key: "snapchat", title: "Snapchat", help: ""),
        SocialPlatform(key: "linkedin", title: "LinkedIn", help: ""),
        SocialPlatform(key: "youtube", title: "YouTube", help: ""),
        SocialPlatform(key: "other", title: "Another platform", help: ""),
    ])

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    private struct File: Decodable {
        var platforms: [SocialPlatform]
    }

    /// Reads and checks a data file: at least one platform, keys of lower-case letters, digits and hyphens used
    /// once each, a title of at most 60 characters, and a help link that is empty or an https address.
    static func parse(_ data: Data) throws -> SocialPlatforms {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw Invalid(description: "privacy-help.json is not a list of platforms: \(error)")
        }
        guard !file.platforms.isEmpty, file.platforms.count <= 50 else {
            throw Invalid(description: "privacy-help.json must list between 1 and 50 platforms.")
        }
        var seen: Set<String> = []
        var platforms: [SocialPlatform] = []
        for var platform in file.platforms {
            platform.key = platform.key.trimmingCharacters(in: .whitespaces)
            platform.title = platform.title.trimmingCharacters(in: .whitespacesAndNewlines)
            platform.help = platform.help.trimmingCharacters(in: .whitespaces)
            let keyOK =
                (1...30).contains(platform.key.count)
                && platform.key.unicodeScalars.allSatisfy {
                    ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
                }
            guard keyOK, seen.insert(platform.key).inserted else {
                throw Invalid(
                    description: "privacy-help.json: the key \"\(platform.key)\" is not a new key of a–z, 0–9 and -.")
            }
            guard (1...60).contains(platform.title.count) else {
                throw Invalid(description: "privacy-help.json: \(platform.key) needs a title of 1 to 60 characters.")
            }
            if !platform.help.isEmpty {
                guard case .success(let address) = WebAddress.check(platform.help, field: "help", label: "Help"),
                    address.lowercased().hasPrefix("https://")
                else {
                    throw Invalid(description: "privacy-help.json: \(platform.key)'s help must be an https:// address.")
                }
                platform.help = address
            }
            platforms.append(platform)
        }
        return SocialPlatforms(all: platforms)
    }

    /// The school's copy in the data directory when there is one, else the shipped file, else the built-in list. A
    /// copy that cannot be read stops start-up with the reason, rather than asking about the wrong platforms.
    static func load(dataDirectory: URL, resourcesDirectory: String) throws -> SocialPlatforms {
        let own = dataDirectory.appendingPathComponent("privacy-help.json")
        if let data = FileManager.default.contents(atPath: own.path) { return try parse(data) }
        if let data = FileManager.default.contents(atPath: resourcesDirectory + "privacy-help.json") {
            return try parse(data)
        }
        return builtIn
    }

    func platform(_ key: String) -> SocialPlatform? { all.first { $0.key == key } }

    /// The titles of `keys`, in the file's order; unknown keys (a platform since removed) by their key.
    func titles(_ keys: [String]) -> [String] {
        let known = all.filter { keys.contains($0.key) }.map(\.title)
        return known + keys.filter { key in !all.contains { $0.key == key } }
    }
}
