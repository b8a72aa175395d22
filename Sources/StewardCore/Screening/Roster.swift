// The people a draft might name: pupils with their consents, staff, and the school's own word lists.

import Foundation

/// A pupil as screening sees them.
public struct Pupil: Sendable, Equatable {
    public var upn: String?
    public var legalForename: String
    public var preferredForename: String?
    public var surname: String
    public var yearGroup: String?
    public var className: String?
    public var dateOfBirth: CalendarDate?
    public var photoInSchool: Bool
    public var photoOnWebsite: Bool
    public var photoOnSocialMedia: Bool
    public var nameOnSocialMedia: Bool

    public init(
        upn: String? = nil, legalForename: String, preferredForename: String? = nil, surname: String,
        yearGroup: String? = nil, className: String? = nil, dateOfBirth: CalendarDate? = nil,
        photoInSchool: Bool = false, photoOnWebsite: Bool = false, photoOnSocialMedia: Bool = false,
        nameOnSocialMedia: Bool = false
    ) {
        self.photoInSchool = photoInSchool
        self.photoOnWebsite = photoOnWebsite
        self.upn = upn
        self.legalForename = legalForename
        self.preferredForename = preferredForename
        self.surname = surname
        self.yearGroup = yearGroup
        self.className = className
        self.dateOfBirth = dateOfBirth
        self.photoOnSocialMedia = photoOnSocialMedia
        self.nameOnSocialMedia = nameOnSocialMedia
    }

    /// The name a teacher would write: preferred forename if there is one.
    public var displayName: String { "\(preferredForename ?? legalForename) \(surname)" }
}

/// A member of staff, whose name in a post is not a pupil's.
public struct StaffMember: Sendable, Equatable {
    public var forename: String
    public var surname: String
    public init(forename: String, surname: String) {
        self.forename = forename
        self.surname = surname
    }
}

/// The school's own additions to the built-in lists.
public struct ScreeningTerms: Sendable, Equatable {
    /// Words that are always offensive here.
    public var blocked: [String] = []
    /// Words never to flag (a local place name, say).
    public var allowed: [String] = []
    /// Terms that signal non-public matters.
    public var confidential: [String] = []

    public init(blocked: [String] = [], allowed: [String] = [], confidential: [String] = []) {
        self.blocked = blocked
        self.allowed = allowed
        self.confidential = confidential
    }

    /// Reads `kind: term` lines (`blocked`, `allowed`, `confidential`); `#` starts a comment.
    public init(parsing text: String) throws {
        for (index, raw) in TextRules.lines(text).enumerated() {
            let line =
                raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
                .map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
            if line.isEmpty { continue }
            let parts = line.split(separator: ":", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else {
                throw CSVTable.Malformed(
                    line: index + 1, message: "expected 'blocked: word', 'allowed: word' or 'confidential: term'")
            }
            switch parts[0].lowercased() {
            case "blocked", "block": blocked.append(parts[1])
            case "allowed", "allow": allowed.append(parts[1])
            case "confidential": confidential.append(parts[1])
            default:
                throw CSVTable.Malformed(
                    line: index + 1, message: "unknown list '\(parts[0])' (use blocked, allowed or confidential)")
            }
        }
    }
}

/// Reading the pupil roster and staff list from CSV, as exported for the pupil-roster import.
public enum RosterCSV {
    /// Columns of the roster, by the names schools' exports use.
    static let upn = ["UPN", "Unique Pupil Number"]
    static let legalForename = ["Legal Forename", "Forename", "First Name", "Legal First Name"]
    static let preferredForename = ["Preferred Forename", "Preferred Name", "Known As", "Preferred First Name"]
    static let surname = ["Legal Surname", "Surname", "Last Name", "Family Name"]
    static let yearGroup = ["Year Group", "Year", "NC Year"]
    static let className = ["Class", "Reg Group", "Registration Group", "Form"]
    static let dateOfBirth = ["Date of Birth", "DOB", "Birth Date"]
    static let photoInSchool = ["Photo In School", "Photo School", "School Photo Consent"]
    static let photoOnWebsite = ["Photo On Website", "Photo Website", "Website Photo Consent"]
    static let photoOnSocialMedia = ["Photo On Social Media", "Photo Social Media", "Social Media Photo Consent"]
    static let nameOnSocialMedia = ["Name On Social Media", "Name Social Media", "Social Media Name Consent"]

    /// Parses a roster; any problem is reported with its line number.
    public static func pupils(_ text: String) throws -> [Pupil] {
        switch pupilsReportingEveryRow(text) {
        case .success(let pupils): return pupils
        case .failure(let rejected): throw rejected.errors.first ?? CSVTable.Malformed(line: 1, message: "unreadable")
        }
    }

    /// Every problem in a roster, line by line: an import refuses the whole file if there is any.
    public struct Rejected: Error, Sendable, Equatable {
        public var errors: [CSVTable.Malformed]
    }

    /// Parses a roster, reporting every bad row rather than stopping at the first.
    public static func pupilsReportingEveryRow(_ text: String) -> Result<[Pupil], Rejected> {
        do {
            return try parsePupils(text)
        } catch let error as CSVTable.Malformed {
            return .failure(Rejected(errors: [error]))
        } catch {
            return .failure(Rejected(errors: [CSVTable.Malformed(line: 1, message: "the file could not be read")]))
        }
    }

    private static func parsePupils(_ text: String) throws -> Result<[Pupil], Rejected> {
        let table = try CSVTable(parsing: text)
        guard let forename = table.column(legalForename) else {
            throw CSVTable.Malformed(line: 1, message: "no forename column (expected 'Legal Forename')")
        }
        guard let surnameColumn = table.column(surname) else {
            throw CSVTable.Malformed(line: 1, message: "no surname column (expected 'Legal Surname')")
        }
        let columns = (
            upn: table.column(upn), preferred: table.column(preferredForename), year: table.column(yearGroup),
            className: table.column(className), dob: table.column(dateOfBirth),
            photo: table.column(photoOnSocialMedia), name: table.column(nameOnSocialMedia),
            inSchool: table.column(photoInSchool), website: table.column(photoOnWebsite)
        )
        var pupils: [Pupil] = []
        var seen: [String: Int] = [:]
        var errors: [CSVTable.Malformed] = []
        for row in table.rows {
            do {
                // Names and classes follow the rules of every other field: no line breaks, no invisible or
                // reordering characters (issue 10).
                func value(_ index: Int?) throws -> String? {
                    guard let index, index < row.fields.count else { return nil }
                    let v = row.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
                    if v.unicodeScalars.contains(where: TextRules.isHiddenOrControl) {
                        throw CSVTable.Malformed(
                            line: row.line,
                            message: "'\(table.header[index])' contains a line break or an invisible character")
                    }
                    return v.isEmpty ? nil : v
                }
                func consent(_ index: Int?, _ label: String) throws -> Bool {
                    guard let v = try value(index)?.lowercased() else { return false }
                    switch v {
                    case "yes", "y", "true", "1": return true
                    case "no", "n", "false", "0": return false
                    default: throw CSVTable.Malformed(line: row.line, message: "\(label) must be yes or no, not '\(v)'")
                    }
                }
                guard row.fields.count <= table.header.count else {
                    throw CSVTable.Malformed(line: row.line, message: "more fields than the header has columns")
                }
                guard let first = try value(forename) else {
                    throw CSVTable.Malformed(line: row.line, message: "the forename is missing")
                }
                guard let last = try value(surnameColumn) else {
                    throw CSVTable.Malformed(line: row.line, message: "the surname is missing")
                }
                var dob: CalendarDate?
                if let raw = try value(columns.dob) {
                    guard let date = CalendarDate(parsing: raw) else {
                        throw CSVTable.Malformed(line: row.line, message: "'\(raw)' is not a date")
                    }
                    dob = date
                }
                let upnValue = try value(columns.upn)?.uppercased()
                if let upnValue, !Identifiers.isValidUPN(upnValue) {
                    throw CSVTable.Malformed(line: row.line, message: "'\(upnValue)' is not a valid UPN")
                }
                let identity = upnValue ?? "\(first.lowercased())|\(last.lowercased())|\(dob?.description ?? "")"
                if let earlier = seen[identity] {
                    throw CSVTable.Malformed(line: row.line, message: "the same pupil as on line \(earlier)")
                }
                seen[identity] = row.line
                pupils.append(
                    Pupil(
                        upn: upnValue, legalForename: first, preferredForename: try value(columns.preferred),
                        surname: last, yearGroup: try value(columns.year), className: try value(columns.className),
                        dateOfBirth: dob,
                        photoInSchool: try consent(columns.inSchool, "Photo in school"),
                        photoOnWebsite: try consent(columns.website, "Photo on the website"),
                        photoOnSocialMedia: try consent(columns.photo, "Photo on social media"),
                        nameOnSocialMedia: try consent(columns.name, "Name on social media")))
            } catch let error as CSVTable.Malformed {
                errors.append(error)
            }
        }
        if table.rows.isEmpty {
            errors.append(CSVTable.Malformed(line: 2, message: "the file has a header but no pupils"))
        }
        return errors.isEmpty ? .success(pupils) : .failure(Rejected(errors: errors))
    }

    /// Parses a staff list with forename and surname columns.
    public static func staff(_ text: String) throws -> [StaffMember] {
        let table = try CSVTable(parsing: text)
        guard let forename = table.column(legalForename), let surnameColumn = table.column(surname) else {
            throw CSVTable.Malformed(line: 1, message: "expected 'Forename' and 'Surname' columns")
        }
        return try table.rows.map { row in
            guard forename < row.fields.count, surnameColumn < row.fields.count,
                !row.fields[forename].isEmpty, !row.fields[surnameColumn].isEmpty
            else { throw CSVTable.Malformed(line: row.line, message: "the name is incomplete") }
            return StaffMember(forename: row.fields[forename], surname: row.fields[surnameColumn])
        }
    }
}
