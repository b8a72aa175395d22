// Turning a policy document and its questions into what a page shows.

import Fluent
import StewardCore
import Vapor

extension PolicyController {
    // MARK: - Questions

    struct OptionView: Encodable, Sendable {
        var id: String
        var value: Int
        var text: String
        var checked: Bool
    }

    struct QuestionView: Encodable, Sendable {
        var number: Int
        var name: String
        var text: String
        var options: [OptionView]
    }

    static func questionViews(_ questions: [PolicyQuestion], answers: [Int?] = []) -> [QuestionView] {
        questions.enumerated().map { index, q in
            QuestionView(
                number: index + 1, name: "answer-\(index + 1)", text: q.text,
                options: q.options.enumerated().map { o, text in
                    OptionView(
                        id: "answer-\(index + 1)-\(o)", value: o, text: text,
                        checked: index < answers.count && answers[index] == o)
                })
        }
    }

    /// The answers a form sent, in question order (nil where none was chosen).
    static func answers(_ req: Request, count: Int) -> [Int?] {
        (0..<count).map { req.content[String.self, at: "answer-\($0 + 1)"].flatMap { Int($0) } }
    }

    // MARK: - Rendering a document

    struct Block: Encodable, Sendable {
        var kind: String
        var text: String = ""
        var items: [String] = []
        var number: String = ""
        var label: String = ""
        var anchor: String = ""
    }

    struct SectionView: Encodable, Sendable {
        var number: String
        var title: String
        var anchor: String
        var blocks: [Block]
        var clauseCount: Int
    }

    /// Sections as the page shows them: consecutive bullets as one list, clauses with their anchors.
    static func sections(_ document: PolicyDocument) -> [SectionView] {
        document.sections.map { section in
            var blocks: [Block] = []
            for item in section.items {
                switch item {
                case .clause(let clause):
                    blocks.append(
                        Block(
                            kind: "clause", text: clause.text, number: clause.number,
                            label: clause.label.contains(")") ? clause.label : clause.number, anchor: clause.anchor))
                case .block(let block) where block.kind == .bullet:
                    if blocks.last?.kind == "list" {
                        blocks[blocks.count - 1].items.append(block.text)
                    } else {
                        blocks.append(Block(kind: "list", items: [block.text]))
                    }
                case .block(let block):
                    blocks.append(Block(kind: block.kind.rawValue, text: block.text))
                }
            }
            return SectionView(
                number: section.number, title: section.title, anchor: section.anchor, blocks: blocks,
                clauseCount: section.clauses.count)
        }
    }

    static func preamble(_ document: PolicyDocument) -> [Block] {
        document.preamble.filter { $0.text != document.title }.map { Block(kind: $0.kind.rawValue, text: $0.text) }
    }
}
