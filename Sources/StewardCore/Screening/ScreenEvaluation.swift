// Measuring the screening engine against a labelled corpus: precision, recall and F1 per category.

import Foundation

/// A labelled corpus and the engine's scores on it.
public enum ScreenEvaluation {
    public struct Label: Codable, Sendable {
        public var category: String
        public var start: Int
        public var end: Int
        public var text: String

        public init(category: String, start: Int, end: Int, text: String) {
            self.category = category
            self.start = start
            self.end = end
            self.text = text
        }
    }

    public struct Post: Codable, Sendable {
        public var id: String
        public var text: String
        public var labels: [Label]
        public var note: String?

        public init(id: String, text: String, labels: [Label], note: String?) {
            self.id = id
            self.text = text
            self.labels = labels
            self.note = note
        }
    }

    public struct Score: Sendable, Equatable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0

        public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
            self.truePositives = truePositives
            self.falsePositives = falsePositives
            self.falseNegatives = falseNegatives
        }

        public var precision: Double {
            truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
        }
        public var recall: Double {
            truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
        }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }

    public struct Result: Sendable {
        public var posts: Int
        public var scores: [FindingCategory: Score]
        public var overall: Score
        /// What went wrong, for people improving the engine: `p012 missed pupil-name "Jack Smith"`.
        public var mistakes: [String]
    }

    /// The categories the corpus labels.
    public static let categories: [FindingCategory] = [
        .pupilName, .personalData, .offensiveLanguage, .negativeRemark, .confidential, .personalContent, .hiddenText,
    ]

    /// The floors the test suite holds the engine to: (precision, recall).
    public static let floors: [FindingCategory: (Double, Double)] = [
        .pupilName: (0.97, 0.97), .personalData: (0.97, 0.97), .offensiveLanguage: (0.97, 0.93),
        .negativeRemark: (0.85, 0.85), .hiddenText: (0.97, 0.97),
    ]

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads `posts.jsonl`, `roster.csv`, and if present `staff.csv` and `terms.txt`, from a corpus directory.
    public static func load(directory: URL) throws -> (Screener, [Post]) {
        func read(_ name: String, required: Bool) throws -> String? {
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                if required { throw Problem(description: "\(url.path) is missing") }
                return nil
            }
            return String(decoding: data, as: UTF8.self)
        }
        let pupils = try read("roster.csv", required: false).map(RosterCSV.pupils) ?? []
        let staff = try read("staff.csv", required: false).map(RosterCSV.staff) ?? []
        let terms = try read("terms.txt", required: false).map(ScreeningTerms.init(parsing:)) ?? ScreeningTerms()
        guard let lines = try read("posts.jsonl", required: true) else {
            return (Screener(context: ScreeningContext()), [])
        }
        var posts: [Post] = []
        for (number, line) in lines.split(separator: "\n").enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                posts.append(try JSONDecoder().decode(Post.self, from: Data(line.utf8)))
            } catch {
                throw Problem(description: "posts.jsonl line \(number + 1) is not a post: \(error)")
            }
        }
        return (Screener(context: ScreeningContext(pupils: pupils, staff: staff, terms: terms)), posts)
    }

    /// Scores findings at warn or block against the labels: a finding and a label of the same category match when
    /// their spans overlap.
    public static func evaluate(_ screener: Screener, posts: [Post]) -> Result {
        var scores: [FindingCategory: Score] = [:]
        var mistakes: [String] = []
        for post in posts {
            let findings = screener.screen(post.text).filter { $0.severity >= .warn }
            for category in categories {
                var predicted = findings.filter { $0.category == category }
                let labels = post.labels.filter { $0.category == category.rawValue }
                var score = scores[category] ?? Score()
                for label in labels {
                    if let index = predicted.firstIndex(where: { $0.start < label.end && label.start < $0.end }) {
                        predicted.remove(at: index)
                        score.truePositives += 1
                    } else {
                        score.falseNegatives += 1
                        mistakes.append("\(post.id) missed \(category.rawValue) \"\(label.text)\" in: \(post.text)")
                    }
                }
                for extra in predicted {
                    // A second finding inside an already matched label (a name's parts) is not a false alarm.
                    if labels.contains(where: { extra.start < $0.end && $0.start < extra.end }) { continue }
                    score.falsePositives += 1
                    mistakes.append(
                        "\(post.id) wrongly flagged \(category.rawValue) \"\(extra.text)\" in: \(post.text)")
                }
                scores[category] = score
            }
        }
        var overall = Score()
        for score in scores.values {
            overall.truePositives += score.truePositives
            overall.falsePositives += score.falsePositives
            overall.falseNegatives += score.falseNegatives
        }
        return Result(posts: posts.count, scores: scores, overall: overall, mistakes: mistakes)
    }

    /// The table `steward screen-eval` prints.
    public static func report(_ result: Result, verbose: Bool) -> String {
        func row(_ name: String, _ s: Score, _ floor: (Double, Double)?) -> String {
            let verdict = floor.map { s.precision >= $0.0 && s.recall >= $0.1 ? "ok" : "BELOW FLOOR" } ?? ""
            let floorText = floor.map { String(format: "P>=%.2f R>=%.2f ", $0.0, $0.1) + verdict } ?? ""
            func pad(_ text: String, _ width: Int) -> String {
                text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
            }
            func num(_ n: Int) -> String { String(repeating: " ", count: max(0, 5 - String(n).count)) + String(n) }
            return pad(name, 20) + num(s.truePositives) + " " + num(s.falsePositives) + " " + num(s.falseNegatives)
                + String(format: "   %.3f     %.3f   %.3f   ", s.precision, s.recall, s.f1) + floorText
        }
        var lines = ["\(result.posts) posts", "category               TP    FP    FN   precision recall    F1"]
        for category in categories {
            lines.append(row(category.rawValue, result.scores[category] ?? Score(), floors[category]))
        }
        lines.append(row("overall", result.overall, nil))
        if verbose && !result.mistakes.isEmpty {
            lines.append("")
            lines += result.mistakes
        }
        return lines.joined(separator: "\n")
    }

    /// Whether every category with a floor reaches it.
    public static func meetsFloors(_ result: Result) -> Bool {
        floors.allSatisfy { category, floor in
            let s = result.scores[category] ?? Score()
            return s.precision >= floor.0 && s.recall >= floor.1
        }
    }
}
