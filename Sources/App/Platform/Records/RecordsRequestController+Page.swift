// The pages of requests about records: the list with the form to record one, and one request with its export and
// its answer.

import Fluent
import StewardCore
import Vapor

extension RecordsRequestController {
    struct Row: Encodable, Sendable {
        var id: String
        var who: String
        var kind: String
        var received: String
        var due: String
        var late: Bool
        var outcome: String?
    }

    struct ListContent: Encodable, Sendable {
        var open: [Row]
        var closed: [Row]
        var people: [RecordsChoice]
        var kinds: [RecordsChoice]
        var received: String
        var details: String
        var errors: FormErrors
    }

    struct HeldLine: Encodable, Sendable {
        var title: String
        var count: Int
        var note: String
    }

    struct ErasureLine: Encodable, Sendable {
        var field: String
        var title: String
        var erasable: Int
        var held: Int
        var chosen: Bool
    }

    /// The erasure section of an erasure request's page: what has been erased, and, for the headteacher while it
    /// waits for an answer, what could go now and what a hold keeps.
    struct ErasureContent: Encodable, Sendable {
        var erased: String?
        var mayErase: Bool
        var mine: Bool
        var answered: Bool
        var lines: [ErasureLine]
        var anyErasable: Bool
        var anyHeld: Bool
        var confirmed: Bool
    }

    struct ShowContent: Encodable, Sendable {
        var id: String
        var who: String
        var kind: String
        var isAccess: Bool
        var isRectification: Bool
        var isErasure: Bool
        var erasure: ErasureContent?
        var received: String
        var due: String
        var late: Bool
        var details: String
        var recorded: String
        var exported: String?
        var held: [HeldLine]
        var casesNeedCode: Bool
        var canExport: Bool
        var canAnswer: Bool
        var answered: String?
        var outcomes: [RecordsChoice]
        var bases: [RecordsChoice]
        var reason: String
        var errors: FormErrors
    }

    static func day(_ text: String) -> String { CalendarDate(parsing: text)?.longForm ?? text }

    func renderList(
        _ req: Request, form: NewForm, errors: [FieldError], notice: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let requests = try await RecordsRequest.query(on: req.db).inSchool(actor.schoolID)
            .sort(\.$dueOn).limit(1000).all()
        let people = try await Person.query(on: req.db).inSchool(actor.schoolID).all()
        let names = Dictionary(
            people.compactMap { person in person.id.map { ($0, person.fullName) } }, uniquingKeysWith: { a, _ in a })
        let today = try await School.find(actor.schoolID, on: req.db)?.clock.date(of: Date()) ?? CalendarDate(Date())
        let rows = requests.compactMap { request -> Row? in
            guard let id = request.id else { return nil }
            return Row(
                id: id.uuidString, who: names[request.personID] ?? "someone no longer listed",
                kind: request.kind.shortTitle, received: Self.day(request.receivedOn), due: Self.day(request.dueOn),
                late: request.outcome == nil && (CalendarDate(parsing: request.dueOn).map { $0 < today } ?? false),
                outcome: request.outcome?.title)
        }
        let content = ListContent(
            open: rows.filter { $0.outcome == nil },
            closed: Array(rows.filter { $0.outcome != nil }.reversed().prefix(50)),
            people: try await RecordsChoice.people(of: actor.schoolID, selected: form.person, on: req.db),
            kinds: RecordsRequestKind.allCases.map {
                RecordsChoice(value: $0.rawValue, title: $0.title, selected: form.kind == $0.rawValue)
            },
            received: form.received ?? today.description, details: form.details ?? "", errors: FormErrors(errors))
        return try await req.page(
            "records/requests", title: "Requests about records", content, status: status, notice: notice)
    }

    func renderShow(
        _ req: Request, _ request: RecordsRequest, form: CloseForm, errors: [FieldError], notice: String? = nil,
        status: HTTPStatus = .ok, held known: [HeldRecords]? = nil, erasing: Set<String> = [], confirmed: Bool = false
    ) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let id = try request.requireID()
        let who = try await Person.find(request.personID, on: req.db)?.fullName ?? "someone no longer listed"
        let recordedBy = try await Person.find(request.recordedBy, on: req.db)?.fullName ?? "someone"
        let today = try await School.find(request.schoolID, on: req.db)?.clock.date(of: Date()) ?? CalendarDate(Date())
        var held: [HeldLine] = []
        var casesNeedCode = false
        let mine = request.personID == actor.personID
        if request.kind == .access, request.outcome == nil, !mine {
            var found: [HeldRecords]
            if let known {
                found = known
            } else {
                found = try await Features.heldRecords(about: request.personID, viewer: actor, on: req.db)
            }
            found = found.filter { !$0.rows.isEmpty }
            // A form sent back with an error after the 15 minutes does not count case records either.
            if Self.holdsCaseRecords(found), !StepUp.isSatisfied(req) {
                found = found.filter { if case .decide = $0.handling { false } else { true } }
                casesNeedCode = true
            }
            held = found.map { HeldLine(title: $0.title, count: $0.rows.count, note: $0.handling.note) }
        }
        var answered: String?
        if let outcome = request.outcome {
            let by = try await request.closedBy.asyncMap { try await Person.find($0, on: req.db)?.fullName } ?? nil
            var text = "\(outcome.title), \(Display.date(request.closedAt)) by \(by ?? "someone")"
            // Answered under a hold, a request about the reader shows no basis or reason: a hold on them, or on a case
            // about them, is not theirs to learn here; whoever answered it tells them why.
            let hidden = mine && request.basis == RecordsRequestRules.legalHoldBasis
            switch hidden ? nil : request.basis {
            case nil: break
            case RecordsRequestRules.legalHoldBasis: text += ". A legal hold applies"
            case RecordsRequestRules.accurateBasis: text += ". The record is accurate as it stands"
            case RecordsRequestRules.unfoundedBasis: text += ". The request is manifestly unfounded or excessive"
            case let basis?:
                text += ". The retention schedule applies: \(RetentionScheduleRule.named(basis)?.records ?? basis)"
            }
            if let reason = request.reason, !hidden {
                // The page adds the full stop: "…noted." not "…noted..".
                var trimmed = Substring(reason)
                while let last = trimmed.last, last == "." || last.isWhitespace { trimmed = trimmed.dropLast() }
                text += ". \(trimmed)"
            }
            answered = text
        }
        var erasure: ErasureContent?
        if request.kind == .erasure {
            erasure = try await Self.erasure(
                of: request, for: actor, mine: mine, erasing: erasing, confirmed: confirmed, on: req.db)
        }
        let content = ShowContent(
            id: id.uuidString, who: who, kind: request.kind.title, isAccess: request.kind == .access,
            isRectification: request.kind == .rectification, isErasure: request.kind == .erasure, erasure: erasure,
            received: Self.day(request.receivedOn), due: Self.day(request.dueOn),
            late: request.outcome == nil && (CalendarDate(parsing: request.dueOn).map { $0 < today } ?? false),
            details: request.details, recorded: "\(Display.date(request.recordedAt)) by \(recordedBy)",
            exported: mine ? nil : request.exportedAt.map { Display.time($0) }, held: held,
            casesNeedCode: casesNeedCode,
            canExport: request.kind == .access && !mine && request.outcome == nil, canAnswer: !mine,
            answered: answered,
            outcomes: RecordsRequestOutcome.allCases.map {
                RecordsChoice(value: $0.rawValue, title: $0.title, selected: form.outcome == $0.rawValue)
            },
            bases: Self.bases(
                for: request.kind, selected: form.basis,
                mayNameHold: AccessPolicy.can(actor, .manageLegalHolds) == .allowed),
            reason: form.reason ?? "", errors: FormErrors(errors))
        return try await req.page(
            "records/request", title: request.kind.shortTitle, content, status: status, notice: notice)
    }

    /// The erasure section: what the request has erased; and, for someone who may erase (the headteacher, not about
    /// themselves) while it waits for an answer, each line of the person's own records with how many could go now and
    /// how many a hold keeps (which only those who manage holds see).
    static func erasure(
        of request: RecordsRequest, for actor: Actor, mine: Bool, erasing: Set<String>, confirmed: Bool,
        on db: any Database
    ) async throws -> ErasureContent {
        var erased: String?
        if let summary = RecordsErasure.summary(request.erased) {
            let by = try await request.erasedBy.asyncMap { try await Person.find($0, on: db)?.fullName } ?? nil
            // What was erased, line by line, beside what is still there, would tell whoever may not see the holds that
            // one keeps the rest: they read only that records were erased.
            let seesHolds = AccessPolicy.can(actor, .manageLegalHolds) == .allowed && !mine
            let when = "\(Display.date(request.erasedAt)) by \(by ?? "someone")"
            erased = seesHolds ? "Erased so far: \(summary). Last erased \(when)" : "Records were erased \(when)"
        }
        let mayErase = request.outcome == nil && !mine && AccessPolicy.can(actor, .eraseRecords) == .allowed
        var lines: [ErasureLine] = []
        if mayErase {
            lines = try await RecordsErasure.lines(
                about: request.personID, schoolID: request.schoolID, seenBy: actor.personID, on: db
            ).map {
                ErasureLine(
                    field: RecordsErasure.field($0.rule), title: $0.title, erasable: $0.erasable.count, held: $0.held,
                    chosen: erasing.contains($0.rule))
            }
        }
        return ErasureContent(
            erased: erased, mayErase: mayErase, mine: mine, answered: request.outcome != nil, lines: lines,
            anyErasable: lines.contains { $0.erasable > 0 },
            anyHeld: lines.contains { $0.held > 0 }, confirmed: confirmed)
    }

    /// What may be named when a request is refused or done in part: for a correction, that the record is accurate;
    /// for an erasure, the line of the schedule or the legal hold that keeps it; for either, that it is manifestly
    /// unfounded or excessive.
    static func bases(for kind: RecordsRequestKind, selected: String?, mayNameHold: Bool) -> [RecordsChoice] {
        var choices: [(String, String)] = []
        switch kind {
        case .access: return []
        case .rectification:
            choices.append(
                (RecordsRequestRules.accurateBasis, "The record is accurate: it stays as it is, with their view noted"))
        case .erasure:
            choices += RetentionScheduleRule.defaults.map {
                ($0.key, "It must be kept under the retention schedule: \($0.records)")
            }
            // Only those who may see the holds may name one: HR could otherwise learn of a hold by trying.
            if mayNameHold {
                choices.append((RecordsRequestRules.legalHoldBasis, "It must be kept under a legal hold"))
            }
        }
        choices.append((RecordsRequestRules.unfoundedBasis, "The request is manifestly unfounded or excessive"))
        return choices.map { RecordsChoice(value: $0.0, title: $0.1, selected: selected == $0.0) }
    }
}
