// The subject-access export: one ZIP holding a readable summary (summary.html), every kind of record as JSON in a
// folder that says how it may go out (release, check-before-release, safeguarding-decide), and a manifest.

import Foundation
import StewardCore
import Vapor
import ZIPFoundation

enum SubjectAccessExport {
    struct Section: Encodable, Sendable {
        var feature: String
        var title: String
        var note: String
        var file: String
        var columns: [String]
        var rows: [[String]]
        var count: Int
    }

    struct Summary: Encodable, Sendable {
        var person: String
        var school: String
        var kind: String
        var received: String
        var due: String
        var producedAt: String
        var producedBy: String
        var release: [Section]
        var review: [Section]
        var decide: [Section]
    }

    struct Manifest: Encodable, Sendable {
        var person: String
        var personID: String
        var request: String
        var received: String
        var due: String
        var producedAt: String
        var producedBy: String
        var files: [String: Int]
        var note: String
    }

    struct RecordsFile: Encodable, Sendable {
        var feature: String
        var title: String
        var handling: String
        var records: [[String: String]]
    }

    /// The archive's bytes for `subject`, from `held` (read as the producer may see it).
    static func make(
        _ req: Request, subject: Person, request: RecordsRequest, held: [HeldRecords], producedBy: String
    ) async throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var files: [(String, Data)] = []
        var sections: [(SubjectAccessHandling, Section)] = []
        var used = Set<String>()
        for item in held where !item.rows.isEmpty {
            var name = "\(item.handling.folder)/\(slug(item.feature))-\(slug(item.title)).json"
            var n = 2
            while !used.insert(name).inserted {
                name = "\(item.handling.folder)/\(slug(item.feature))-\(slug(item.title))-\(n).json"
                n += 1
            }
            files.append(
                (
                    name,
                    try encoder.encode(
                        RecordsFile(
                            feature: item.feature, title: item.title, handling: item.handling.note,
                            records: item.rows))
                ))
            let columns = Array(Set(item.rows.flatMap(\.keys))).sorted()
            sections.append(
                (
                    item.handling,
                    Section(
                        feature: item.feature, title: item.title, note: item.handling.note, file: name,
                        columns: columns.map(heading),
                        rows: item.rows.map { row in columns.map { readable(row[$0] ?? "") } }, count: item.rows.count)
                ))
        }
        let school = try await School.find(request.schoolID, on: req.db)?.name ?? ""
        let at = Display.time(Date())
        let received = CalendarDate(parsing: request.receivedOn)?.longForm ?? request.receivedOn
        let due = CalendarDate(parsing: request.dueOn)?.longForm ?? request.dueOn
        let summary = Summary(
            person: subject.fullName, school: school, kind: request.kind.shortTitle, received: received, due: due,
            producedAt: at, producedBy: producedBy,
            release: sections.filter { $0.0 == .release }.map(\.1),
            review: sections.filter { if case .review = $0.0 { true } else { false } }.map(\.1),
            decide: sections.filter { if case .decide = $0.0 { true } else { false } }.map(\.1))
        let view = try await req.view.render("records/export-summary", summary)
        files.insert(("summary.html", Data(view.data.readableBytesView)), at: 0)
        let manifest = Manifest(
            person: subject.fullName, personID: try subject.requireID().uuidString,
            request: try request.requireID().uuidString, received: request.receivedOn, due: request.dueOn,
            producedAt: at, producedBy: producedBy,
            files: Dictionary(uniqueKeysWithValues: files.map { ($0.0, $0.1.count) }),
            note: "Everything Steward holds about the person that the person who produced this may see. Records in "
                + "check-before-release name other people; records in safeguarding-decide are for a decision and "
                + "are not to be released automatically.")
        files.append(("manifest.json", try encoder.encode(manifest)))
        return try zip(files)
    }

    /// A ZIP of `files` (deflated), in order.
    static func zip(_ files: [(String, Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, data) in files {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<min(Int(position) + size, data.count))
            }
        }
        guard let bytes = archive.data else { throw Abort(.internalServerError, reason: "The export was not made.") }
        return bytes
    }

    /// A column's heading for a person to read: `whatHappened` and `received_on` as "What happened", "Received on".
    /// The JSON files keep the keys as they are.
    static func heading(_ key: String) -> String {
        var words: [String] = []
        var word = ""
        for character in key {
            if character == "_" || character == "-" || character == " " {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else if character.isUppercase, !word.isEmpty, word.last?.isUppercase == false {
                words.append(word)
                word = String(character)
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { words.append(word) }
        let text = words.map { $0.count > 1 && $0.allSatisfy(\.isUppercase) ? $0 : $0.lowercased() }
            .joined(separator: " ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// A cell for a person to read: a stored day (`2026-12-01`) or moment (`2026-12-01T08:13:53Z`) as the pages show
    /// them; anything else as it is.
    static func readable(_ cell: String) -> String {
        if cell.count == 10, let day = CalendarDate(parsing: cell) { return day.longForm }
        if cell.count >= 19, cell.count <= 30, cell.dropFirst(10).first == "T",
            CalendarDate(parsing: String(cell.prefix(10))) != nil
        {
            return Display.time(auditTimestamp: cell)
        }
        return cell
    }

    /// A file name's part from a title: lower case letters and digits, words joined by hyphens.
    static func slug(_ text: String) -> String {
        let words = text.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return words.isEmpty ? "records" : words.joined(separator: "-")
    }
}
