// One version of a school's termly report for governors (policy 3, 5.4): a draft the headteacher writes, or a
// published version that never changes.

import Fluent
import Foundation
import StewardCore

final class GovernorsReport: Model, @unchecked Sendable {
    static let schema = "governors_reports"

    enum State: String, Codable, Sendable {
        case draft, published
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    /// Shared by a report and its corrections: version 1, 2 … of one report.
    @Field(key: "series_id") var seriesID: UUID
    @Field(key: "version") var version: Int
    /// "Autumn 2026", or the dates when no term was chosen.
    @Field(key: "title") var title: String
    @Field(key: "period_from") var periodFrom: String
    @Field(key: "period_to") var periodTo: String
    @Field(key: "state") var state: State
    /// The headteacher's words for each section, as JSON keyed by section (`{"concerns": "…"}`).
    @Field(key: "narratives") var narratives: String
    /// The figures and words as published, as JSON (`PublishedReport`); empty for a draft, whose figures are counted
    /// afresh each time it is read.
    @Field(key: "content") var content: String
    /// The SHA-256 of `content`, printed on the report.
    @Field(key: "content_hash") var contentHash: String
    @Field(key: "prepared_by") var preparedBy: UUID
    @Field(key: "prepared_by_name") var preparedByName: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "published_at") var publishedAt: Date?

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $schoolID, $seriesID, $version, $title, $periodFrom, $periodTo, $state, $narratives, $content,
            $contentHash, $preparedBy, $preparedByName, $createdAt, $publishedAt,
        ]
    }

    init() {}

    init(
        schoolID: UUID, seriesID: UUID = UUID(), version: Int = 1, title: String, from: CalendarDate,
        to: CalendarDate, preparedBy: Person, now: Date = Date()
    ) {
        self.schoolID = schoolID
        self.seriesID = seriesID
        self.version = version
        self.title = title
        self.periodFrom = from.description
        self.periodTo = to.description
        self.state = .draft
        self.narratives = "{}"
        self.content = ""
        self.contentHash = ""
        self.preparedBy = preparedBy.id ?? UUID()
        self.preparedByName = preparedBy.fullName
        self.createdAt = now
    }

    var from: CalendarDate { CalendarDate(parsing: periodFrom) ?? CalendarDate(Date(timeIntervalSince1970: 0)) }
    var to: CalendarDate { CalendarDate(parsing: periodTo) ?? from }

    /// The narrative of each section; a damaged value reads as none.
    var narrativeList: [String: String] {
        get { (try? JSONDecoder().decode([String: String].self, from: Data(narratives.utf8))) ?? [:] }
        set {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            narratives = (try? encoder.encode(newValue)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
    }
}
