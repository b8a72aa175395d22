// The add/edit person form: what it accepts and how each field is checked.

import StewardCore
import Vapor

struct PersonForm: Content {
    var forename: String?
    var surname: String?
    var email: String?
    var kind: String?
    var jobTitle: String?
    var lineManager: String?
    var startDate: String?
    var leavingDate: String?
    var roles: [String]?
    var password: String?

    /// The checked values, ready to store.
    struct Valid: Sendable {
        var forename: String
        var surname: String
        var email: String
        var kind: PersonKind
        var jobTitle: String
        var lineManagerID: UUID?
        var startDate: CalendarDate?
        var leavingDate: CalendarDate?
        var roles: Set<Role>
        var password: String?
    }

    /// Checks every field and reports every problem; `lineManagers` are the people who may be chosen.
    func validate(lineManagers: Set<UUID>, editing personID: UUID?) -> Result<Valid, InvalidInput> {
        var errors: [FieldError] = []
        func take<T>(_ result: Result<T, FieldError>, default value: T) -> T {
            switch result {
            case .success(let v): return v
            case .failure(let e):
                errors.append(e)
                return value
            }
        }
        let forename = take(TextRules.line(forename, field: "forename", label: "First name"), default: "")
        let surname = take(TextRules.line(surname, field: "surname", label: "Last name"), default: "")
        let email = take(TextRules.email(email), default: "")
        let kind = PersonKind(rawValue: kind ?? "")
        if kind == nil {
            errors.append(FieldError("kind", "Choose whether they are an employee, governor or volunteer."))
        }
        let jobTitle = take(
            TextRules.line(jobTitle, field: "jobTitle", label: "Job title", required: false), default: "")
        var lineManagerID: UUID?
        if let raw = lineManager, !raw.isEmpty {
            if let id = UUID(uuidString: raw), lineManagers.contains(id), id != personID {
                lineManagerID = id
            } else {
                errors.append(FieldError("lineManager", "Choose a line manager from the list."))
            }
        }
        let start = take(
            TextRules.date(startDate, field: "startDate", label: "Start date", required: false), default: nil)
        let leaving = take(
            TextRules.date(leavingDate, field: "leavingDate", label: "Leaving date", required: false), default: nil)
        if let start, let leaving, leaving < start {
            errors.append(FieldError("leavingDate", "Leaving date must be on or after the start date."))
        }
        var roleSet = Set<Role>()
        for raw in roles ?? [] {
            guard let role = Role(rawValue: raw) else {
                errors.append(FieldError("roles", "Choose roles from the list."))
                break
            }
            roleSet.insert(role)
        }
        var password: String?
        if let raw = self.password, !raw.isEmpty {
            password = take(TextRules.newPassword(raw).map { Optional($0) }, default: nil)
        }
        guard errors.isEmpty, let kind else { return .failure(InvalidInput(errors)) }
        return .success(
            Valid(
                forename: forename, surname: surname, email: email, kind: kind, jobTitle: jobTitle,
                lineManagerID: lineManagerID, startDate: start, leavingDate: leaving, roles: roleSet, password: password
            ))
    }
}
