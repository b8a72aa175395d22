// A few questions the headteacher writes, which a reader must answer rightly before acknowledging (policy 3,
// headteacher a: "make sure that staff … understand the policy").

/// One multiple-choice question with exactly one right answer.
public struct PolicyQuestion: Codable, Sendable, Equatable {
    public var text: String
    public var options: [String]
    public var answer: Int

    public init(text: String, options: [String], answer: Int) {
        self.text = text
        self.options = options
        self.answer = answer
    }
}

public enum PolicyQuestions {
    public static let maxQuestions = 10

    /// Reads the plain format the headteacher types:
    ///
    ///     Q: Who must you tell if a pupil messages you on social media?
    ///     - Nobody
    ///     * Your line manager
    ///     - The pupil's parents
    ///
    /// `*` marks the right answer. Returns the questions, or every problem with its line number.
    public static func parse(_ text: String) -> Result<[PolicyQuestion], InvalidInput> {
        var questions: [PolicyQuestion] = []
        var errors: [FieldError] = []
        var current: (text: String, line: Int, options: [String], answers: [Int])?
        func close() {
            guard let q = current else { return }
            if q.options.count < 2 {
                errors.append(FieldError("questions", "Question on line \(q.line) needs at least two answers."))
            } else if q.answers.count != 1 {
                errors.append(
                    FieldError(
                        "questions", "Question on line \(q.line) needs exactly one right answer, marked with *."))
            } else {
                questions.append(PolicyQuestion(text: q.text, options: q.options, answer: q.answers[0]))
            }
            current = nil
        }
        for (index, raw) in TextRules.lines(text).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let number = index + 1
            if line.lowercased().hasPrefix("q:") {
                close()
                let question = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
                if question.isEmpty { errors.append(FieldError("questions", "Line \(number) has an empty question.")) }
                current = (question, number, [], [])
            } else if line.hasPrefix("-") || line.hasPrefix("*") {
                let option = line.dropFirst().trimmingCharacters(in: .whitespaces)
                guard current != nil else {
                    errors.append(
                        FieldError("questions", "Line \(number) is an answer before any question (start with Q:)."))
                    continue
                }
                if option.isEmpty {
                    errors.append(FieldError("questions", "Line \(number) is an empty answer."))
                    continue
                }
                let position = current?.options.count ?? 0
                if line.hasPrefix("*") { current?.answers.append(position) }
                current?.options.append(option)
            } else {
                errors.append(
                    FieldError(
                        "questions",
                        "Line \(number) is neither a question (Q: …) nor an answer (- wrong, * right)."))
            }
        }
        close()
        if questions.count > maxQuestions {
            errors.append(FieldError("questions", "Keep it to \(maxQuestions) questions or fewer."))
        }
        return errors.isEmpty ? .success(questions) : .failure(InvalidInput(errors))
    }

    /// The questions back in the format `parse` reads.
    public static func format(_ questions: [PolicyQuestion]) -> String {
        questions.map { q in
            (["Q: \(q.text)"] + q.options.enumerated().map { ($0.offset == q.answer ? "* " : "- ") + $0.element })
                .joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    /// The 1-based numbers of the questions answered wrongly (or not at all).
    public static func wrong(_ questions: [PolicyQuestion], answers: [Int?]) -> [Int] {
        questions.enumerated().compactMap { index, q in
            index < answers.count && answers[index] == q.answer ? nil : index + 1
        }
    }
}
