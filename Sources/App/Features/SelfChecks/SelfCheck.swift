// One person's privacy self-check for one term (policy 4.1–4.3): the platforms they use, an answer to each item
// for each platform, and whether a pupil or a pupil's family contacted them.

import Fluent
import Foundation

final class SelfCheck: Model, @unchecked Sendable {
    static let schema = "self_checks"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "person_id") var personID: UUID
    /// The term's round: its first day's number (`SchoolTerms.round`).
    @Field(key: "round") var round: Int
    /// The term's name when the check was made ("Autumn 2026").
    @Field(key: "term_name") var termName: String
    /// Keys of the platforms they use, comma-separated; empty: "I don't use any".
    @Field(key: "platforms") var platforms: String
    /// The answers as JSON: `[{"platform": "facebook", "item": "private", "answer": "done"}]`.
    @Field(key: "answers") var answers: String
    /// "Has a pupil or a pupil's family contacted you on social media since your last check?"
    @Field(key: "contacted") var contacted: Bool
    /// Whether any answer was "I need help".
    @Field(key: "needs_help") var needsHelp: Bool
    /// Anything they wanted the online-safety lead to know.
    @Field(key: "note") var note: String
    @Field(key: "completed_at") var completedAt: Date

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $schoolID, $personID, $round, $termName, $platforms, $answers, $contacted, $needsHelp, $note,
            $completedAt,
        ]
    }

    init() {}

    init(
        schoolID: UUID, personID: UUID, round: Int, termName: String, platforms: [String],
        answers: [SelfCheckAnswer], contacted: Bool, note: String, at: Date = Date()
    ) {
        self.schoolID = schoolID
        self.personID = personID
        self.round = round
        self.termName = termName
        self.platforms = platforms.joined(separator: ",")
        self.answers = SelfCheckAnswer.encode(answers)
        self.contacted = contacted
        self.needsHelp = answers.contains { $0.answer == .help }
        self.note = note
        self.completedAt = at
    }

    var platformKeys: [String] { platforms.split(separator: ",").map(String.init) }
    var answerList: [SelfCheckAnswer] { SelfCheckAnswer.decode(answers) }
}

extension SelfCheck: SchoolOwned { var owningSchoolID: UUID { schoolID } }
