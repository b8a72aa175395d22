// The labelled corpus in tests/corpus: the engine must stay above its floors in every category.

import Foundation
import StewardCore
import Testing

@Suite("Screening corpus")
struct CorpusTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("tests/corpus")

    @Test("The corpus has at least 400 posts with hard negatives, and every label slices its own text")
    func corpusIsWellFormed() throws {
        let (_, posts) = try ScreenEvaluation.load(directory: Self.directory)
        #expect(posts.count >= 400)
        #expect(posts.filter { $0.labels.isEmpty }.count >= 150)
        for post in posts {
            let scalars = Array(post.text.unicodeScalars)
            for label in post.labels {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[label.start..<label.end])
                #expect(String(view) == label.text, "\(post.id)")
            }
        }
    }

    @Test("Every category reaches its precision and recall floor")
    func floors() throws {
        let (screener, posts) = try ScreenEvaluation.load(directory: Self.directory)
        let result = ScreenEvaluation.evaluate(screener, posts: posts)
        for (category, floor) in ScreenEvaluation.floors {
            let score = result.scores[category] ?? ScreenEvaluation.Score()
            #expect(score.precision >= floor.0, "\(category) precision \(score.precision)")
            #expect(score.recall >= floor.1, "\(category) recall \(score.recall)")
        }
        #expect(ScreenEvaluation.meetsFloors(result), "\(ScreenEvaluation.report(result, verbose: true))")
    }

    @Test("The evaluation counts a miss and a false alarm")
    func scoring() {
        let screener = Screener(context: ScreeningContext(pupils: [Pupil(legalForename: "Jack", surname: "Smith")]))
        let posts = [
            ScreenEvaluation.Post(id: "a", text: "Well done Jack Smith", labels: [], note: nil),
            ScreenEvaluation.Post(
                id: "b", text: "A lovely day",
                labels: [ScreenEvaluation.Label(category: "pupil-name", start: 2, end: 8, text: "lovely")], note: nil),
        ]
        let result = ScreenEvaluation.evaluate(screener, posts: posts)
        #expect(
            result.scores[.pupilName] == ScreenEvaluation.Score(truePositives: 0, falsePositives: 1, falseNegatives: 1))
        #expect(!ScreenEvaluation.meetsFloors(result))
    }
}
