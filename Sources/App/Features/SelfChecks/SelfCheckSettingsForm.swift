// The privacy check's settings as the form sends them, and their checks: terms that neither overlap nor end before
// they start, a deadline within range, and a lead from the school's active staff.

import Foundation
import StewardCore
import Vapor

struct SelfCheckSettingsForm: Content, Sendable {
    var termName: [String]?
    var termStarts: [String]?
    var termEnds: [String]?
    var deadlineDays: String?
    /// A person's id, or empty for the default (the designated safeguarding lead).
    var lead: String?

    enum CodingKeys: String, CodingKey {
        case termName = "term_name"
        case termStarts = "term_starts"
        case termEnds = "term_ends"
        case deadlineDays = "deadline_days"
        case lead
    }

    /// The most terms a school keeps at once (several years' worth).
    static let maximumTerms = 30

    struct Valid: Sendable {
        var terms: SchoolTerms
        var deadlineDays: Int
        var leadID: UUID?
    }

    init(terms: [SchoolTerm] = [], deadlineDays: Int = SelfCheckSettings.defaultDeadlineDays, lead: UUID? = nil) {
        termName = terms.map(\.name)
        termStarts = terms.map(\.starts.description)
        termEnds = terms.map(\.ends.description)
        self.deadlineDays = String(deadlineDays)
        self.lead = lead?.uuidString ?? ""
    }

    /// The rows as typed, padded to the longest column.
    var rows: [(name: String, starts: String, ends: String)] {
        let names = termName ?? []
        let starts = termStarts ?? []
        let ends = termEnds ?? []
        let count = max(names.count, starts.count, ends.count)
        return (0..<count).map { index in
            (
                index < names.count ? names[index] : "", index < starts.count ? starts[index] : "",
                index < ends.count ? ends[index] : ""
            )
        }
    }

    func validate(staff: Set<UUID>) -> Result<Valid, InvalidInput> {
        var errors: [FieldError] = []
        var terms: [SchoolTerm] = []
        let filled = rows.enumerated().filter { !($0.element.name + $0.element.starts + $0.element.ends).isEmpty }
        if filled.count > Self.maximumTerms {
            errors.append(FieldError("terms", "Keep at most \(Self.maximumTerms) terms."))
        }
        for (index, row) in filled.prefix(Self.maximumTerms) {
            let label = "Term \(index + 1)"
            // Each message links to its own box: the first name box carries the group's id, the rest their own.
            let nameField = index == 0 ? "terms" : "term-name-\(index + 1)"
            let name = TextRules.line(row.name, field: nameField, label: "\(label)'s name", maxLength: 60)
            let starts = TextRules.date(
                row.starts, field: "term-starts-\(index + 1)", label: "\(label)'s first day", required: true)
            let ends = TextRules.date(
                row.ends, field: "term-ends-\(index + 1)", label: "\(label)'s last day", required: true)
            switch (name, starts, ends) {
            case (.success(let name), .success(.some(let starts)), .success(.some(let ends))):
                terms.append(SchoolTerm(name: name, starts: starts, ends: ends))
            default:
                for result in [name.map { _ in () }, starts.map { _ in () }, ends.map { _ in () }] {
                    if case .failure(let error) = result { errors.append(error) }
                }
            }
        }
        var schoolTerms: SchoolTerms?
        if errors.isEmpty {
            do { schoolTerms = try SchoolTerms(terms) } catch {
                errors.append(FieldError("terms", "\(error.message) Change their dates so each term is separate."))
            }
        }
        let days = Int((deadlineDays ?? "").trimmingCharacters(in: .whitespaces))
        if days.map({ !SelfCheckSettings.deadlineRange.contains($0) }) ?? true {
            errors.append(
                FieldError(
                    "deadline_days",
                    "Enter a number of days from \(SelfCheckSettings.deadlineRange.lowerBound) to "
                        + "\(SelfCheckSettings.deadlineRange.upperBound)."))
        }
        var leadID: UUID?
        if let raw = lead, !raw.isEmpty {
            if let id = UUID(uuidString: raw), staff.contains(id) {
                leadID = id
            } else {
                errors.append(FieldError("lead", "Choose someone from the school's active staff, or the default."))
            }
        }
        guard errors.isEmpty, let schoolTerms, let days else { return .failure(InvalidInput(errors)) }
        return .success(Valid(terms: schoolTerms, deadlineDays: days, leadID: leadID))
    }
}
