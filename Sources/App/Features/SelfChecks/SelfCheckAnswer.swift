// One answer of a privacy self-check: a platform, an item, and exactly one of done, not applicable or I need help.

import Foundation

struct SelfCheckAnswer: Codable, Sendable, Equatable {
    /// What someone may answer to an item.
    enum Choice: String, Codable, Sendable, CaseIterable {
        case done
        case notApplicable = "not_applicable"
        case help

        var title: String {
            switch self {
            case .done: "Done"
            case .notApplicable: "Not applicable"
            case .help: "I need help"
            }
        }
    }

    var platform: String
    var item: SelfCheckItem
    var answer: Choice

    static func encode(_ answers: [SelfCheckAnswer]) -> String {
        (try? JSONEncoder().encode(answers)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// Stored answers read back; a damaged value reads as none.
    static func decode(_ stored: String) -> [SelfCheckAnswer] {
        (try? JSONDecoder().decode([SelfCheckAnswer].self, from: Data(stored.utf8))) ?? []
    }
}
