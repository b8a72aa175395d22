// Importing, publishing and acknowledging policies, shared by the pages, the API, the command line and the demo.

import Fluent
import Foundation
import SQLKit
import StewardCore
import Vapor

enum PolicyLibrary {
    /// A refusal a person can act on; nothing was written.
    struct Problem: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The policy already has a draft, which an import would replace with its questions, and replacing was not asked
    /// for: whether the policy was named or found by its title.
    struct DraftExists: Error, CustomStringConvertible {
        var policyID: UUID
        var title: String
        /// "version 3, imported 2 December 2026, with 4 questions".
        var draft: String
        var description: String {
            "\(title) already has a draft that has not been published (\(draft)); importing would replace it and its questions."
        }
    }

    static let defaultDeadlineDays = 14

    /// The Markdown as readers will see it: Windows and old Mac line endings become plain line breaks and a leading
    /// byte-order mark goes; any other invisible, reordering or control character is refused with its line, as in
    /// every other field, so that no clause reads differently from what is stored and acknowledged (issue 10).
    static func plainText(_ bytes: [UInt8], fromDocument: Bool = false) throws -> [UInt8] {
        guard let decoded = String(validating: bytes, as: UTF8.self) else { return bytes }
        var text = TextRules.unixLines(decoded)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.unicodeScalars.contains(where: { $0 != "\t" && TextRules.isHiddenOrControl($0) }) {
            // A Word document or PDF has no line numbers a person can find: name the paragraph by its first words.
            let start = String(
                String.UnicodeScalarView(line.unicodeScalars.filter { !TextRules.isHiddenOrControl($0) })
            )
            .trimmingCharacters(in: .whitespaces).prefix(40)
            let place = fromDocument ? "The paragraph beginning \"\(start)\"" : "Line \(index + 1)"
            throw Problem(
                message:
                    "\(place) contains an invisible or reordering character (such as a right-to-left override "
                    + "or a zero-width space). Remove it and import the policy again.")
        }
        return Array(text.utf8)
    }

    /// The text of a Word document or a PDF (read off the event loop: a PDF goes through pdftotext), with the notes
    /// saying how it was read; Markdown and plain text as they are.
    static func policyText(_ bytes: [UInt8]) async throws -> (text: [UInt8], notes: [String]) {
        guard PolicyFile.format(of: bytes) != .text else { return (try plainText(bytes), []) }
        let read = try await withCheckedThrowingContinuation {
            (
                continuation: CheckedContinuation<(text: String, format: PolicyFile.Format, notes: [String]), any Error>
            )
            in
            DispatchQueue.global().async { continuation.resume(with: Result { try PolicyFile.text(of: bytes) }) }
        }
        return (try plainText(Array(read.text.utf8), fromDocument: true), read.notes)
    }

    /// Imports a policy (Markdown, plain text, Word or PDF) as a draft version: of the policy `policyID`, or of the school's policy with the same title,
    /// or of a new policy. A draft replaces any earlier draft of the same policy; publishing is a separate step.
    static func importDraft(
        _ bytes: [UInt8], schoolID: UUID, policyID: UUID?, createdBy: UUID?, replacingDraft: Bool = false,
        on db: any Database, audit: AuditWriter
    ) async throws -> (Policy, PolicyVersion) {
        var result: PolicyImporter.Result
        let text: [UInt8]
        do {
            let read = try await Self.policyText(bytes)
            text = read.text
            result = try PolicyImporter.import(text)
            result.notes.insert(contentsOf: read.notes, at: 0)
        } catch let refused as PolicyImporter.Refused {
            throw Problem(message: refused.message)
        }
        let document = result.document
        let slug = Self.slug(document.title)
        let policy: Policy
        if let policyID {
            guard
                let existing = try await Policy.query(on: db).filter(\.$id == policyID)
                    .inSchool(schoolID).first()
            else { throw Abort(.notFound) }
            policy = existing
        } else if let existing = try await Policy.query(on: db).inSchool(schoolID)
            .filter(\.$slug == slug).first()
        {
            policy = existing
        } else {
            policy = Policy(schoolID: schoolID, slug: slug, title: document.title)
            try await policy.create(on: db)
        }
        let policyID = try policy.requireID()
        let versions = try await PolicyVersion.query(on: db).filter(\.$policy.$id == policyID).all()
        if let current = versions.first(where: { $0.id == policy.currentVersionID }),
            current.contentHash == document.contentHash
        {
            throw Problem(
                message:
                    "This is word for word the current version (version \(current.number)); there is nothing new to publish."
            )
        }
        if !replacingDraft, let draft = versions.first(where: { !$0.isPublished }) {
            let questions = draft.questions.count
            throw DraftExists(
                policyID: policyID, title: policy.title,
                draft: "version \(draft.number), imported \(Display.date(draft.createdAt)), with "
                    + (questions == 0 ? "no questions" : questions == 1 ? "1 question" : "\(questions) questions"))
        }
        for draft in versions where !draft.isPublished { try await draft.delete(on: db) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let version = PolicyVersion()
        version.$policy.id = policyID
        version.schoolID = schoolID
        version.number = (versions.filter(\.isPublished).map(\.number).max() ?? 0) + 1
        version.contentHash = document.contentHash
        version.title = document.title
        version.documentJSON = String(decoding: try encoder.encode(document), as: UTF8.self)
        // What was read: the file's own text, or the text of a Word document or PDF as Steward read it.
        version.source = String(decoding: text, as: UTF8.self)
        version.notesJSON = String(decoding: try encoder.encode(result.notes), as: UTF8.self)
        // The current version's questions carry over; the headteacher can change them before publishing.
        version.questionsJSON = versions.first { $0.id == policy.currentVersionID }?.questionsJSON ?? "[]"
        version.requiresAcknowledgement = true
        version.deadlineDays = defaultDeadlineDays
        version.audience = Set(PersonKind.allCases)
        version.createdAt = Date()
        version.createdBy = createdBy
        try await version.create(on: db)
        try await audit.append(
            "policy.imported", target: "policy:\(policyID.uuidString)", schoolID: schoolID,
            details: [
                "title": document.title, "version": String(version.number), "hash": document.contentHash,
                "clauses": String(document.clauses.count), "notes": String(result.notes.count),
            ])
        return (policy, version)
    }

    /// Publishes a draft: it becomes the version everyone reads, and is never changed again.
    static func publish(
        _ version: PolicyVersion, material: Bool, reason: String?, deadlineDays: Int, audience: Set<PersonKind>,
        by personID: UUID?, on db: any Database, audit: AuditWriter, now: Date = Date()
    ) async throws {
        guard !version.isPublished else { throw Problem(message: "Version \(version.number) is already published.") }
        guard let policy = try await Policy.find(version.$policy.id, on: db), let versionID = version.id else {
            throw Abort(.notFound)
        }
        let isFirst = policy.currentVersionID == nil
        version.requiresAcknowledgement = material || isFirst
        version.changeReason = reason
        version.deadlineDays = deadlineDays
        version.audience = audience
        version.publishedAt = now
        version.publishedBy = personID
        try await version.update(on: db)
        policy.currentVersionID = versionID
        policy.title = version.title
        try await policy.update(on: db)
        try await Features.tell(
            .policyPublished(policyID: try policy.requireID(), schoolID: version.schoolID), on: db, audit: audit)
        try await audit.append(
            "policy.published", target: "policy:\(try policy.requireID().uuidString)", schoolID: version.schoolID,
            details: [
                "version": String(version.number), "hash": version.contentHash,
                "change": isFirst ? "first" : (material ? "material" : "minor"), "reason": reason ?? "",
                "deadline_days": String(deadlineDays),
                "audience": PersonKind.allCases.filter(audience.contains).map(\.rawValue).joined(separator: ","),
            ])
    }

    /// Some questions were not answered rightly; nothing was recorded.
    struct WrongAnswers: Error, CustomStringConvertible {
        var questions: [Int]
        var description: String {
            questions.count == 1
                ? "The answer to question \(questions[0]) is not right. Read the policy again and try once more."
                : "The answers to questions \(questions.map(String.init).joined(separator: ", ")) are not right. "
                    + "Read the policy again and try once more."
        }
    }

    enum Acknowledged: Equatable {
        case recorded
        case already
    }

    /// Records that `person` has read and understood `version`, which must be the current one.
    static func acknowledge(
        _ version: PolicyVersion, person: Person, method: String, address: String, userAgent: String?,
        answers: [Int?]? = nil, on db: any Database, audit: AuditWriter, now: Date = Date()
    ) async throws -> Acknowledged {
        guard let policy = try await Policy.find(version.$policy.id, on: db), let versionID = version.id else {
            throw Abort(.notFound)
        }
        guard version.isPublished, policy.currentVersionID == versionID else {
            throw Problem(
                message: "That version has been replaced. Read the current version and acknowledge that instead.")
        }
        let personID = try person.requireID()
        if try await PolicyAcknowledgement.query(on: db).filter(\.$person.$id == personID)
            .filter(\.$version.$id == versionID).first() != nil
        {
            return .already
        }
        let questions = version.questions
        if !questions.isEmpty, let answers {
            let wrong = PolicyQuestions.wrong(questions, answers: answers)
            if !wrong.isEmpty { throw WrongAnswers(questions: wrong) }
        } else if !questions.isEmpty {
            throw WrongAnswers(questions: Array(1...questions.count))
        }
        let record = PolicyAcknowledgement()
        record.schoolID = version.schoolID
        record.$policy.id = try policy.requireID()
        record.$version.id = versionID
        record.versionNumber = version.number
        record.versionHash = version.contentHash
        record.$person.id = personID
        record.acknowledgedAt = now
        record.clientAddress = address
        record.userAgent = userAgent.map { String($0.prefix(300)) }
        record.method = method
        try await record.create(on: db)
        try await audit.append(
            "policy.acknowledged", target: "policy:\(try policy.requireID().uuidString)", schoolID: version.schoolID,
            details: [
                "person": personID.uuidString, "version": String(version.number), "hash": version.contentHash,
                "method": method,
            ])
        return .recorded
    }

    /// The published versions of `policyID`, for the rules.
    static func published(_ policyID: UUID, on db: any Database) async throws -> [PolicyVersion] {
        try await PolicyVersion.query(on: db).filter(\.$policy.$id == policyID).filter(\.$publishedAt != nil)
            .sort(\.$number).all()
    }

    /// Where `person` stands with each of the school's published policies.
    static func statuses(
        for person: Person, in schoolID: UUID? = nil, on db: any Database, today: CalendarDate = Display.today
    )
        async throws -> [(Policy, PolicyVersion, AcknowledgementStatus)]
    {
        let school = schoolID ?? person.$school.id
        return try await statuses(for: [person], in: school, on: db, today: today)[try person.requireID()] ?? []
    }

    /// Where each of `people` stands with each published policy of `schoolID`, by person: three queries however
    /// many people. Only their own school's policies ask anything of them.
    static func statuses(
        for people: [Person], in schoolID: UUID, on db: any Database, today: CalendarDate = Display.today
    )
        async throws -> [UUID: [(Policy, PolicyVersion, AcknowledgementStatus)]]
    {
        let personIDs = try people.map { try $0.requireID() }
        guard !personIDs.isEmpty else { return [:] }
        let policies = try await publishedPolicies(of: schoolID, on: db)
        let versions = try await publishedVersions(of: policies.compactMap(\.id), on: db)
        let acks = try await PolicyAcknowledgement.query(on: db).filter(\.$person.$id ~~ personIDs).all()
        let versionsByPolicy = Dictionary(grouping: versions, by: \.$policy.id)
        var acknowledged: [UUID: [UUID: Set<Int>]] = [:]
        for ack in acks {
            acknowledged[ack.$person.id, default: [:]][ack.$policy.id, default: []].insert(ack.versionNumber)
        }
        var result: [UUID: [(Policy, PolicyVersion, AcknowledgementStatus)]] = [:]
        for (person, personID) in zip(people, personIDs) {
            let ownSchool = schoolID == person.$school.id
            let start = person.startDate.flatMap(CalendarDate.init(parsing:))
            result[personID] = policies.compactMap { policy in
                guard let policyID = policy.id else { return nil }
                let mine = versionsByPolicy[policyID] ?? []
                guard let current = mine.first(where: { $0.id == policy.currentVersionID }) else { return nil }
                guard ownSchool else { return (policy, current, .notRequired) }
                let status = PolicyCompliance.status(
                    versions: mine.compactMap(\.published), acknowledged: acknowledged[personID]?[policyID] ?? [],
                    kind: person.kind, startDate: start, today: today)
                return (policy, current, status)
            }
        }
        return result
    }

    /// The figures for `policy` over the school's active people, and those people by id; on an earlier `today`, as
    /// they stood at the end of that day (the versions published and the acknowledgements made by then).
    static func coverage(
        of policy: Policy, on db: any Database, today: CalendarDate = Display.today
    )
        async throws -> (PolicyCoverage, [UUID: Person])
    {
        let policyID = try policy.requireID()
        let (all, people) = try await coverage(of: [policy], in: policy.$school.id, on: db, today: today)
        guard let coverage = all[policyID] else { throw Abort(.internalServerError) }
        return (coverage, people)
    }

    /// The figures for each of `policies` (all of `schoolID`) over the school's active people, and those people by
    /// id: four queries however many policies there are.
    static func coverage(
        of policies: [Policy], in schoolID: UUID, on db: any Database, today: CalendarDate = Display.today
    )
        async throws -> ([UUID: PolicyCoverage], [UUID: Person])
    {
        let (byDay, people) = try await coverage(of: policies, in: schoolID, on: db, days: [today])
        return (byDay[today] ?? [:], people)
    }

    /// The coverage of `policies` as it stood at the end of each of `days` (a report's weeks), read from the database
    /// once: the published versions, the people, and the acknowledgements up to the last of the days.
    static func coverage(
        of policies: [Policy], in schoolID: UUID, on db: any Database, days: [CalendarDate]
    )
        async throws -> ([CalendarDate: [UUID: PolicyCoverage]], [UUID: Person])
    {
        let policyIDs = try policies.map { try $0.requireID() }
        guard !policyIDs.isEmpty, let last = days.max() else { return ([:], [:]) }
        let versions = try await publishedVersions(of: policyIDs, on: db)
        let people = try await Person.active(in: schoolID, on: db)
        let acks = try await PolicyAcknowledgement.query(on: db).filter(\.$policy.$id ~~ policyIDs)
            .filter(\.$acknowledgedAt < Display.clock.endOfDay(last)).all()
        let versionsByPolicy = Dictionary(grouping: versions, by: \.$policy.id)
        var byDay: [CalendarDate: [UUID: PolicyCoverage]] = [:]
        for today in Set(days) {
            let endOfDay = Display.clock.endOfDay(today)
            var byPolicyAndPerson: [UUID: [UUID: Set<Int>]] = [:]
            for ack in acks where ack.acknowledgedAt < endOfDay {
                byPolicyAndPerson[ack.$policy.id, default: [:]][ack.$person.id, default: []].insert(ack.versionNumber)
            }
            var result: [UUID: PolicyCoverage] = [:]
            for policyID in policyIDs {
                let published = (versionsByPolicy[policyID] ?? []).compactMap(\.published).filter {
                    $0.publishedOn <= today
                }
                let met = byPolicyAndPerson[policyID] ?? [:]
                result[policyID] = PolicyCoverage(
                    versions: published,
                    people: people.compactMap { person in
                        person.id.map {
                            PolicyCoverage.Person(
                                id: $0, kind: person.kind,
                                startDate: person.startDate.flatMap(CalendarDate.init(parsing:)), met: met[$0] ?? [])
                        }
                    }, today: today)
            }
            byDay[today] = result
        }
        return (byDay, Dictionary(people.compactMap { p in p.id.map { ($0, p) } }, uniquingKeysWith: { a, _ in a }))
    }

    /// The school's published policies by title (shared by the parts of one page: `ReadMemo`).
    static func publishedPolicies(of schoolID: UUID, on db: any Database) async throws -> [Policy] {
        try await ReadMemo.value("policies.published.\(schoolID)") {
            try await Policy.query(on: db).inSchool(schoolID).filter(\.$currentVersionID != nil).sort(\.$title).all()
        }
    }

    /// The published versions of `policyIDs`, oldest first (shared by the parts of one page: `ReadMemo`).
    static func publishedVersions(of policyIDs: [UUID], on db: any Database) async throws -> [PolicyVersion] {
        guard !policyIDs.isEmpty else { return [] }
        let key = "policy_versions.published." + policyIDs.map(\.uuidString).joined(separator: ",")
        return try await ReadMemo.value(key) {
            try await PolicyVersion.query(on: db).filter(\.$policy.$id ~~ policyIDs).filter(\.$publishedAt != nil)
                .sort(\.$number).all()
        }
    }

    /// "Use of Social Media Policy" → "use-of-social-media-policy".
    static func slug(_ title: String) -> String {
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        let words = folded.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        let slug = words.joined(separator: "-")
        return slug.isEmpty ? "policy" : String(slug.prefix(60))
    }
}
