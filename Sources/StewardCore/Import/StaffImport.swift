// Staff imports from a school's management information system: checked whole, planned, then applied all at once.

/// One person as the import file describes them.
public struct StaffRecord: Sendable, Equatable {
    /// Optional columns a file may leave out: a column that is not there leaves that detail as it is.
    public enum Column: String, Sendable, Hashable, CaseIterable {
        case kind, jobTitle, startDate, leavingDate, lineManager
    }

    public var line: Int
    /// The optional columns this file has.
    public var columns: Set<Column> = Set(Column.allCases)
    public var forename: String
    public var surname: String
    public var email: String
    public var kind: PersonKind
    public var jobTitle: String
    public var startDate: CalendarDate?
    public var leavingDate: CalendarDate?
    public var lineManagerEmail: String?
}

/// A person already in Steward, as the planner needs them.
public struct ExistingPerson: Sendable, Equatable {
    public var email: String
    public var forename: String
    public var surname: String
    public var kind: PersonKind
    public var jobTitle: String
    public var startDate: CalendarDate?
    public var leavingDate: CalendarDate?
    public var lineManagerEmail: String?
    public var active: Bool

    public init(
        email: String, forename: String, surname: String, kind: PersonKind, jobTitle: String = "",
        startDate: CalendarDate? = nil, leavingDate: CalendarDate? = nil, lineManagerEmail: String? = nil,
        active: Bool = true
    ) {
        self.email = email
        self.forename = forename
        self.surname = surname
        self.kind = kind
        self.jobTitle = jobTitle
        self.startDate = startDate
        self.leavingDate = leavingDate
        self.lineManagerEmail = lineManagerEmail
        self.active = active
    }
}

/// What an import would do, shown before anything is written.
public struct StaffImportPlan: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public var email: String
        /// Field name → (before, after), as people read them.
        public var fields: [String: [String]]

        public init(email: String, fields: [String: [String]]) {
            self.email = email
            self.fields = fields
        }
    }

    public struct Deactivation: Sendable, Equatable {
        public var email: String
        public var reason: String

        public init(email: String, reason: String) {
            self.email = email
            self.reason = reason
        }
    }

    public var additions: [StaffRecord] = []
    public var changes: [Change] = []
    public var deactivations: [Deactivation] = []
    public var unchanged: Int = 0

    public var isEmpty: Bool { additions.isEmpty && changes.isEmpty && deactivations.isEmpty }

    public init() {}
}

public enum StaffImport {
    /// Ten megabytes: a staff file of any real school is far smaller.
    public static let maxBytes = 10 * 1024 * 1024

    static let forenameColumns = ["Legal Forename", "Forename", "First Name", "Given Name", "Preferred Forename"]
    static let surnameColumns = ["Legal Surname", "Surname", "Last Name", "Family Name"]
    static let emailColumns = ["Email", "Work Email", "Email Address", "School Email"]
    static let kindColumns = ["Staff Type", "Role", "Type", "Category"]
    static let jobColumns = ["Job Title", "Post", "Position"]
    static let startColumns = ["Start Date", "Employment Start Date", "Date Started"]
    static let leavingColumns = ["Leaving Date", "End Date", "Date Left"]
    static let managerColumns = ["Line Manager Email", "Line Manager", "Manager Email"]

    /// A problem with one line of the file.
    public struct RowError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Every problem in a file: an import with any of them writes nothing.
    public struct Rejected: Error, Sendable, Equatable {
        public var errors: [RowError]
    }

    /// Reads and checks a whole file. Every bad row is reported; if there is any, nothing is returned to import.
    /// `knownEmails` are people already in Steward, who may be named as line managers; `emailsElsewhere` belong to
    /// people of other schools, whom an import must never move silently.
    public static func parse(
        _ bytes: [UInt8], knownEmails: Set<String> = [], emailsElsewhere: Set<String> = []
    ) -> Result<[StaffRecord], Rejected> {
        if bytes.isEmpty { return .failure(Rejected(errors: [RowError(line: 1, message: "the file is empty")])) }
        if bytes.count > maxBytes {
            return .failure(Rejected(errors: [RowError(line: 1, message: "the file is larger than 10 MB")]))
        }
        let text: String
        do {
            text = try TextDecoding.decode(bytes).0
        } catch {
            return .failure(Rejected(errors: [RowError(line: 1, message: "this is not a CSV text file")]))
        }
        let table: CSVTable
        do {
            table = try CSVTable(parsing: text)
        } catch let error as CSVTable.Malformed {
            return .failure(Rejected(errors: [RowError(line: error.line, message: error.message)]))
        } catch {
            return .failure(Rejected(errors: [RowError(line: 1, message: "the file could not be read as CSV")]))
        }
        var missing: [String] = []
        let forename = table.column(forenameColumns)
        let surname = table.column(surnameColumns)
        let email = table.column(emailColumns)
        if forename == nil { missing.append("a forename column (e.g. 'Legal Forename')") }
        if surname == nil { missing.append("a surname column (e.g. 'Legal Surname')") }
        if email == nil { missing.append("an email column (e.g. 'Email')") }
        guard let forename, let surname, let email else {
            return .failure(
                Rejected(errors: [RowError(line: 1, message: "the header has no " + missing.joined(separator: ", no "))]
                ))
        }
        let kind = table.column(kindColumns)
        let job = table.column(jobColumns)
        let start = table.column(startColumns)
        let leaving = table.column(leavingColumns)
        let manager = table.column(managerColumns)
        var present = Set<StaffRecord.Column>()
        if kind != nil { present.insert(.kind) }
        if job != nil { present.insert(.jobTitle) }
        if start != nil { present.insert(.startDate) }
        if leaving != nil { present.insert(.leavingDate) }
        if manager != nil { present.insert(.lineManager) }

        var errors: [RowError] = []
        var records: [StaffRecord] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            /// A field on one line: a line break inside quotes (as exports wrap long titles) becomes a space.
            func value(_ index: Int?) -> String {
                guard let index, index < row.fields.count else { return "" }
                return row.fields[index].split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                    .map { String($0).trimmingSpaces() }.joined(separator: " ").trimmingSpaces()
            }
            var problems: [String] = []
            if row.fields.count > table.header.count { problems.append("it has more fields than the header") }
            let first = value(forename)
            let last = value(surname)
            if first.isEmpty || last.isEmpty { problems.append("the name is missing") }
            var address = ""
            switch TextRules.email(value(email)) {
            case .success(let e): address = e
            case .failure: problems.append("'\(value(email))' is not a valid email address")
            }
            if emailsElsewhere.contains(address) {
                problems.append("\(address) already belongs to someone at another school")
            }
            if !address.isEmpty, let earlier = seen[address] {
                problems.append("\(address) is also on line \(earlier)")
            } else if !address.isEmpty {
                seen[address] = row.line
            }
            let personKind = kindOf(value(kind))
            if personKind == nil {
                problems.append("'\(value(kind))' is not a staff type (employee, governor or volunteer)")
            }
            var dates: [CalendarDate?] = []
            for (column, label) in [(start, "start date"), (leaving, "leaving date")] {
                let raw = value(column)
                if raw.isEmpty {
                    dates.append(nil)
                } else if let date = CalendarDate(parsing: raw) {
                    dates.append(date)
                } else {
                    dates.append(nil)
                    problems.append("the \(label) '\(raw)' is not a real date")
                }
            }
            if let s = dates[0], let l = dates[1], l < s {
                problems.append("the leaving date is before the start date")
            }
            let managerEmail = value(manager).lowercased()
            for line in [first, last, value(job)] where line.unicodeScalars.contains(where: TextRules.isHiddenOrControl)
            {
                problems.append("'\(line)' contains a control or invisible character")
            }
            if !problems.isEmpty {
                errors.append(RowError(line: row.line, message: problems.joined(separator: "; ")))
                continue
            }
            records.append(
                StaffRecord(
                    line: row.line, columns: present, forename: first, surname: last, email: address,
                    kind: personKind ?? .employee,
                    jobTitle: value(job), startDate: dates[0], leavingDate: dates[1],
                    lineManagerEmail: managerEmail.isEmpty ? nil : managerEmail))
        }
        // Line managers must be in the file or already in Steward.
        let inFile = Set(records.map(\.email))
        for record in records {
            if let managerEmail = record.lineManagerEmail, !inFile.contains(managerEmail),
                !knownEmails.contains(managerEmail)
            {
                errors.append(RowError(line: record.line, message: "the line manager \(managerEmail) is not known"))
            }
        }
        if table.rows.isEmpty { errors.append(RowError(line: 2, message: "the file has a header but no people")) }
        errors.sort { $0.line < $1.line }
        return errors.isEmpty ? .success(records) : .failure(Rejected(errors: errors))
    }

    /// Maps the staff types schools' exports use onto the policy's three groups (1.1).
    static func kindOf(_ raw: String) -> PersonKind? {
        let value = raw.lowercased()
        if value.isEmpty { return .employee }
        if value.contains("governor") || value.contains("trustee") { return .governor }
        if value.contains("volunteer") { return .volunteer }
        let employees = [
            "employee", "teacher", "teaching", "support", "staff", "admin", "office", "leader", "head", "assistant",
            "caretaker", "cleaner", "cook", "lunchtime", "midday", "supply", "senco", "bursar", "manager", "it",
        ]
        return employees.contains(where: { value.contains($0) }) ? .employee : nil
    }

    /// What importing `records` over `existing` would change. With `fullImport`, anyone active and missing from the
    /// file is deactivated; anyone whose leaving date has passed is deactivated either way. Governors and volunteers
    /// are left alone by a full import whose file has no column saying who is what: an MIS staff export usually lists
    /// employees only, and its silence about the governors does not mean they have gone.
    public static func plan(
        _ records: [StaffRecord], existing: [ExistingPerson], fullImport: Bool, today: CalendarDate
    ) -> StaffImportPlan {
        var plan = StaffImportPlan()
        let byEmail = Dictionary(existing.map { ($0.email, $0) }, uniquingKeysWith: { first, _ in first })
        for record in records {
            let left = record.leavingDate.map { $0 < today } ?? false
            guard let person = byEmail[record.email] else {
                plan.additions.append(record)
                continue
            }
            var fields: [String: [String]] = [:]
            func compare(_ name: String, _ before: String, _ after: String) {
                if before != after { fields[name] = [before, after] }
            }
            compare("forename", person.forename, record.forename)
            compare("surname", person.surname, record.surname)
            let has = record.columns
            if has.contains(.kind) { compare("type", person.kind.rawValue, record.kind.rawValue) }
            if has.contains(.jobTitle) { compare("job title", person.jobTitle, record.jobTitle) }
            if has.contains(.startDate) {
                compare("start date", person.startDate?.description ?? "", record.startDate?.description ?? "")
            }
            if has.contains(.leavingDate) {
                compare("leaving date", person.leavingDate?.description ?? "", record.leavingDate?.description ?? "")
            }
            if has.contains(.lineManager) {
                compare("line manager", person.lineManagerEmail ?? "", record.lineManagerEmail ?? "")
            }
            if !fields.isEmpty { plan.changes.append(.init(email: record.email, fields: fields)) }
            if left && person.active {
                plan.deactivations.append(
                    .init(email: record.email, reason: "leaving date \(record.leavingDate?.longForm ?? "") has passed"))
            }
            if fields.isEmpty && !(left && person.active) { plan.unchanged += 1 }
        }
        if fullImport {
            let inFile = Set(records.map(\.email))
            let saysWhoIsWhat = records.contains { $0.columns.contains(.kind) }
            for person in existing
            where person.active && !inFile.contains(person.email) && (saysWhoIsWhat || person.kind == .employee) {
                plan.deactivations.append(.init(email: person.email, reason: "not in the full staff import"))
            }
        }
        plan.deactivations.sort { $0.email < $1.email }
        return plan
    }
}
