// What a case's page shows: the view model, as the template reads it.

import Fluent
import StewardCore
import Vapor

extension ConcernController {
    struct EntryView: Encodable, Sendable {
        var id: String
        var at: String
        var author: String
        var title: String
        var text: String
        var reference: String
        /// The governors' report the step names, or "".
        var report: String
        var corrects: String
        /// The number of the entry it corrects, as the chronology numbers them ("3"), or "".
        var correctsNumber: String
    }

    struct EvidenceView: Encodable, Sendable {
        var id: String
        var filename: String
        var size: String
        var sha256: String
        var uploaded: String
    }

    struct ShowContent: Encodable, Sendable {
        var id: String
        var reference: String
        var category: String
        var clauses: String
        var state: String
        var reporterOnly: Bool
        var canHandle: Bool
        var reported: String
        var whatHappened: String
        var happenedOn: String
        var platform: String
        var involved: String
        var involvedDetail: String
        var subject: String
        var pupilLinked: Bool
        var blocked: String
        var reportedToPlatform: String
        var outcome: String
        /// How long the case is kept: a hold, the day it is listed to go, or the schedule.
        var records: RecordsLine
        var entries: [EntryView]
        var evidence: [EvidenceView]
        var moves: [Option]
        var actions: [Option]
        /// The school's published governors' reports, for a "governors informed" step.
        var reports: [Option]
        var outcomes: [Option]
        var members: [String]
        var candidates: [Option]
        var errors: FormErrors
        /// What the handler typed into a form that was refused, by field, so nothing typed is lost.
        var form: [String: String]
        /// The steps recorded so far, one line each ("Referred to the police on 3 December 2026, reference 4417").
        var steps: [String]
    }
}
