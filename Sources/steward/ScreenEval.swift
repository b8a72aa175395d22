// `steward screen-eval`: the screening engine measured against a labelled corpus.

import ArgumentParser
import Foundation
import StewardCore

extension Steward {
    /// `steward screen-eval CORPUS_DIR [--verbose]`.
    struct ScreenEval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure screening against a labelled corpus: precision, recall and F1 per category.",
            discussion: """
                Exit status: 0 when every category meets its floor, 1 when one does not, 64 when the corpus cannot be \
                read.
                """)

        @Argument(help: ArgumentHelp("The labelled corpus, such as tests/corpus.", valueName: "corpus-dir"))
        var corpus: String

        @Flag(help: "List every missed and wrong finding.")
        var verbose = false

        func run() throws {
            let result: ScreenEvaluation.Result
            do {
                let (screener, posts) = try ScreenEvaluation.load(directory: URL(fileURLWithPath: corpus))
                result = ScreenEvaluation.evaluate(screener, posts: posts)
            } catch {
                FileHandle.standardError.write(Data("steward screen-eval: \(error)\n".utf8))
                throw ExitCode(64)
            }
            print(ScreenEvaluation.report(result, verbose: verbose))
            if !ScreenEvaluation.meetsFloors(result) { throw ExitCode(1) }
        }
    }
}
