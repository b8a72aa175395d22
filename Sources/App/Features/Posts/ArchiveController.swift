// The archive of published posts (policy 4.9): searchable by words, account and date, exportable, each with who
// wrote and approved it and what screening found.

import Fluent
import StewardCore
import Vapor

struct ArchiveController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, PostPaths.archive, action: .viewPostArchive, use: index)
        routes.on(.GET, PostPaths.archiveCSV, action: .viewPostArchive, use: csv)
        routes.on(.GET, PostPaths.archiveJSON, action: .viewPostArchive, use: json)
    }

    /// One published post as the archive keeps it.
    struct Entry: Codable, Sendable {
        var id: String
        var publishedAt: String
        var accounts: [String]
        var text: String
        var address: String
        var author: String
        var approver: String
        var approvedAt: String
        var digest: String
        var findings: [Finding]
        var overrideReason: String

        enum CodingKeys: String, CodingKey {
            case id
            case publishedAt = "published_at"
            case accounts, text, address, author, approver
            case approvedAt = "approved_at"
            case digest, findings
            case overrideReason = "override_reason"
        }
    }

    struct AccountOption: Encodable, Sendable {
        var id: String
        var title: String
        var selected: Bool
    }

    struct PageContent: Encodable, Sendable {
        var filters: Filters
        var entries: [Entry]
        var accounts: [AccountOption]
        var query: String
    }

    struct Filters: Encodable, Sendable {
        var q = ""
        var account = ""
        var from = ""
        var to = ""
    }

    /// The published posts of the actor's school that match the query's filters, newest first.
    func entries(_ req: Request) async throws -> (Filters, [Entry], [OfficialAccount]) {
        let (actor, _) = try req.requireActor()
        var filters = Filters()
        filters.q = String((req.query[String.self, at: "q"] ?? "").prefix(200))
        let accounts = try await OfficialAccount.query(on: req.db).inSchool(of: actor).sort(\.$platform)
            .sort(\.$handle).all()
        var query = Draft.query(on: req.db).inSchool(of: actor).filter(\.$state == .published)
        if let raw = req.query[String.self, at: "account"], let id = UUID(uuidString: raw),
            accounts.contains(where: { $0.id == id })
        {
            filters.account = raw
            let drafts = try await DraftAccount.query(on: req.db).inSchool(actor.schoolID).filter(\.$accountID == id)
                .all().map(\.draftID)
            query = query.filter(\.$id ~~ drafts)
        }
        let clock = Display.clock
        if let raw = req.query[String.self, at: "from"], let day = CalendarDate(parsing: raw) {
            filters.from = day.description
            query = query.filter(\.$publishedAt >= clock.startOfDay(day))
        }
        if let raw = req.query[String.self, at: "to"], let day = CalendarDate(parsing: raw) {
            filters.to = day.description
            query = query.filter(\.$publishedAt <= clock.endOfDay(day))
        }
        var drafts = try await query.sort(\.$publishedAt, .descending).all()
        if !filters.q.isEmpty {
            // Matched here, not in SQL, so that % and _ are only characters and case folds the same on both drivers.
            let needle = ScreeningContext.fold(filters.q)
            drafts = drafts.filter { ScreeningContext.fold($0.text).contains(needle) }
        }
        let ids = drafts.compactMap(\.id)
        let byDraft = try await Drafts.accountIDs(of: drafts, on: req.db)
        let approvals =
            ids.isEmpty
            ? []
            : try await DraftReview.query(on: req.db).filter(\.$draftID ~~ ids).filter(\.$decision == .approved)
                .filter(\.$voidedAt == nil).all()
        let people = try await Person.query(on: req.db).inSchool(of: actor)
            .filter(\.$id ~~ Set(drafts.map(\.authorID) + approvals.map(\.reviewerID))).all()
        func name(_ id: UUID?) -> String { people.first { $0.id == id }?.fullName ?? "" }
        let entries = drafts.map { draft in
            let approval = approvals.filter { $0.draftID == draft.id }.max { $0.createdAt < $1.createdAt }
            let mine = byDraft[draft.id ?? UUID()] ?? []
            return Entry(
                id: draft.id?.uuidString ?? "", publishedAt: Display.time(draft.publishedAt),
                accounts: accounts.filter { mine.contains($0.id ?? UUID()) }.map(\.title), text: draft.text,
                address: draft.liveAddress ?? "", author: name(draft.authorID), approver: name(approval?.reviewerID),
                approvedAt: Display.time(approval?.createdAt), digest: draft.digest,
                findings: approval?.decodedFindings ?? [], overrideReason: approval?.overrideReason ?? "")
        }
        return (filters, entries, accounts)
    }

    func index(req: Request) async throws -> Response {
        let (filters, entries, accounts) = try await entries(req)
        var items = URLComponents()
        items.queryItems = [
            URLQueryItem(name: "q", value: filters.q), URLQueryItem(name: "account", value: filters.account),
            URLQueryItem(name: "from", value: filters.from), URLQueryItem(name: "to", value: filters.to),
        ].filter { !($0.value ?? "").isEmpty }
        return try await req.page(
            "posts/archive", title: "Archive of published posts",
            PageContent(
                filters: filters, entries: entries,
                accounts: accounts.map {
                    AccountOption(
                        id: $0.id?.uuidString ?? "", title: $0.title, selected: $0.id?.uuidString == filters.account)
                }, query: items.percentEncodedQuery.map { "?" + $0 } ?? ""))
    }

    /// Records who took a copy of the archive, and with which filters.
    func audited(_ req: Request, format: String, _ filters: Filters, count: Int) async throws {
        try await req.write { _, audit in
            try await audit.append(
                "archive.exported",
                details: [
                    "format": format, "posts": String(count), "q": filters.q, "account": filters.account,
                    "from": filters.from, "to": filters.to,
                ])
        }
    }

    func csv(req: Request) async throws -> Response {
        let (filters, entries, _) = try await entries(req)
        try await audited(req, format: "csv", filters, count: entries.count)
        var writer = CSVWriter(header: [
            "published", "accounts", "text", "address", "author", "approver", "approved", "digest", "findings",
            "override reason",
        ])
        for entry in entries {
            writer.append([
                entry.publishedAt, entry.accounts.joined(separator: "; "), entry.text, entry.address, entry.author,
                entry.approver, entry.approvedAt, entry.digest,
                entry.findings.map { "\($0.severity.rawValue) \($0.category.rawValue) (clause \($0.clause))" }
                    .joined(separator: "; "), entry.overrideReason,
            ])
        }
        return CSVDownload.response(writer, filename: "published-posts-\(CSVDownload.today()).csv")
    }

    func json(req: Request) async throws -> Response {
        let (filters, entries, _) = try await entries(req)
        try await audited(req, format: "json", filters, count: entries.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let response = Response(status: .ok, body: .init(data: try encoder.encode(entries)))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"published-posts-\(CSVDownload.today()).json\"")
        return response
    }
}
