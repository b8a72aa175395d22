// Browsing the audit log, filtered, for headteachers (their school) and trust administrators (their trust).

import Fluent
import StewardCore
import Vapor

struct AuditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, AuditPaths.log, action: .viewAudit, use: index)
    }

    static let pageSize = 50

    /// People named by their current name rather than their id, so the log reads as a record of events.
    static func targetNames(_ entries: [AuditEntry], on db: any Database) async throws -> [String: String] {
        let ids = Set(
            entries.compactMap { $0.target }.filter { $0.hasPrefix("person:") }
                .compactMap { UUID(uuidString: String($0.dropFirst("person:".count))) })
        guard !ids.isEmpty else { return [:] }
        let people = try await Person.query(on: db).filter(\.$id ~~ Array(ids)).all()
        var names: [String: String] = [:]
        for person in people { if let id = person.id { names["person:\(id.uuidString)"] = person.fullName } }
        return names
    }

    /// `{"method":"totp","email":"x"}` as `email: x; method: totp`.
    static func readable(_ details: String) -> String {
        guard let data = details.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], !object.isEmpty
        else { return details == "{}" ? "" : details }
        return object.keys.sorted().map { "\($0.replacingOccurrences(of: "_", with: " ")): \(object[$0] ?? "")" }
            .joined(separator: "; ")
    }

    func index(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let actionFilter = String(
            (req.query[String.self, at: "action"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        let actorFilter = String(
            (req.query[String.self, at: "actor"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        let fromRaw = req.query[String.self, at: "from"] ?? ""
        let toRaw = req.query[String.self, at: "to"] ?? ""
        // Pages are counted within what this reader may see, never by entry number: numbers with gaps would show
        // where entries they may not see (about a hidden case) lie.
        let page = min(max(req.query[Int.self, at: "page"] ?? 1, 1), 10_000)
        var errors: [FieldError] = []
        // A control character matches nothing anyone typed (a NUL would cut the pattern short in SQLite): said, not
        // searched for.
        for (field, label, text) in [("action", "Action starts with", actionFilter), ("actor", "Person", actorFilter)]
        where text.unicodeScalars.contains(where: TextRules.isHiddenOrControl) {
            errors.append(FieldError(field, "\(label) contains an invisible or control character."))
        }
        let from: CalendarDate?
        switch TextRules.date(fromRaw, field: "from", label: "From date", required: false) {
        case .success(let d): from = d
        case .failure(let e): errors.append(e); from = nil
        }
        let to: CalendarDate?
        switch TextRules.date(toRaw, field: "to", label: "To date", required: false) {
        case .success(let d): to = d
        case .failure(let e): errors.append(e); to = nil
        }
        // Entries of the current school; a trust administrator also sees entries with no school (sign-ins, tokens).
        var query = AuditEntry.query(on: req.db)
        query =
            actor.roles.contains(.trustAdmin) ? query.inSchoolOrNone(actor.schoolID) : query.inSchool(actor.schoolID)
        // Entries about a case follow the case's own rule: a headteacher facing a concern about themselves, or a
        // trust administrator, sees none of its entries.
        query = try await CaseSideDoors.auditFilter(query, actor: actor, schoolIDs: [actor.schoolID], on: req.db)
        // So do entries about a declaration: never shown to its other party, whatever their role.
        query = try await DeclarationSideDoors.auditFilter(
            query, actor: actor, schoolIDs: [actor.schoolID], on: req.db)
        // And entries about privacy checks and requests for help: only for the headteacher.
        query = SelfCheckSideDoors.auditFilter(query, actor: actor, schoolIDs: [actor.schoolID])
        // And entries about a hold on the reader, or the handling of a request about them: never theirs to read.
        query = RecordsSideDoors.auditFilter(query, actor: actor)
        if !actionFilter.isEmpty {
            query = query.filter(TypedMatch.codeOrWords(AuditEntry.schema, "action", startsWith: actionFilter))
        }
        if !actorFilter.isEmpty {
            query = query.filter(TypedMatch.filter(AuditEntry.schema, "actor_name", .contains, actorFilter))
        }
        // The days asked for are the school's days: from its midnight to its next.
        if let from { query = query.filter(\.$occurredAt >= AuditRecord.timestamp(Display.clock.startOfDay(from))) }
        if let to { query = query.filter(\.$occurredAt < AuditRecord.timestamp(Display.clock.endOfDay(to))) }
        var entries =
            errors.isEmpty
            ? try await query.sort(\.$id, .descending).offset((page - 1) * Self.pageSize).limit(Self.pageSize + 1).all()
            : []
        let hasOlder = entries.count > Self.pageSize
        // The filters as typed, escaped whole: a name with "&" or "+" is still the filter on the next page.
        func pagePath(_ number: Int) -> String {
            let filters = [("action", actionFilter), ("actor", actorFilter), ("from", fromRaw), ("to", toRaw)]
            return AuditPaths.log() + "?"
                + FormFields.encode(filters.filter { !$0.1.isEmpty } + [("page", String(number))])
        }
        entries = Array(entries.prefix(Self.pageSize))
        let names = try await Self.targetNames(entries, on: req.db)
        let rows = entries.map { entry in
            Row(
                at: Display.time(auditTimestamp: entry.occurredAt),
                actor: entry.actorName ?? "—", action: entry.action, what: Self.describe(entry.action),
                target: entry.target.map { names[$0] ?? $0 } ?? "", client: entry.clientAddress ?? "",
                details: Self.readable(entry.details))
        }
        let content = Content(
            rows: rows, action: actionFilter, actor: actorFilter, from: fromRaw, to: toRaw,
            older: hasOlder ? pagePath(page + 1) : nil, newer: page > 1 ? pagePath(page - 1) : nil,
            errors: FormErrors(errors))
        return try await req.page(
            "audit/index", title: "Audit log", content, status: errors.isEmpty ? .ok : .badRequest)
    }
}
