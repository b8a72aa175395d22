// The policy library's pages: reading and acknowledging (everyone), importing, comparing and publishing versions
// (the headteacher) — policy 1.1 and 3 (governing body a–b, headteacher a–b).

import Fluent
import StewardCore
import Vapor

struct PolicyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, PolicyPaths.list, action: .viewPolicies, use: index)
        routes.on(.GET, PolicyPaths.new, action: .managePolicies, use: newPolicy)
        routes.on(.POST, PolicyPaths.list, action: .managePolicies, body: .collect(maxSize: "2mb"), use: importPolicy)
        routes.on(.GET, PolicyPaths.show, action: .viewPolicies, use: show)
        routes.on(.POST, PolicyPaths.acknowledge, action: .acknowledgePolicy, use: acknowledge)
        routes.on(.POST, PolicyPaths.publicity, action: .managePolicies, use: setPublic)
        routes.on(.GET, PolicyPaths.publicPolicy, action: .readPublicPolicy, use: publicPage)
        routes.on(.GET, PolicyPaths.coverage, action: .viewPolicyFigures, use: coverage)
        routes.on(.GET, PolicyPaths.coverageCSV, action: .viewPolicyCoverage, use: coverageCSV)
        routes.on(.GET, PolicyPaths.versions, action: .viewPolicies, use: versions)
        routes.on(.GET, PolicyPaths.newVersion, action: .managePolicies, use: newVersion)
        routes.on(.GET, PolicyPaths.version, action: .viewPolicies, use: version)
        routes.on(.POST, PolicyPaths.publish, action: .managePolicies, use: publish)
        routes.on(.POST, PolicyPaths.discard, action: .managePolicies, use: discard)
        routes.on(.POST, PolicyPaths.questions, action: .managePolicies, use: saveQuestions)
    }

    // MARK: - Finding records in the caller's school

    static func policy(_ req: Request, action: Action) async throws -> Policy {
        try await req.record(Policy.self, "policyID", for: action, within: .currentSchool)
    }

    /// A version of `policy`; drafts only for those who may manage policies.
    static func version(_ req: Request, of policy: Policy) async throws -> PolicyVersion {
        let (actor, _) = try req.requireActor()
        guard let id = req.parameters.get("versionID", as: UUID.self),
            let version = try await PolicyVersion.query(on: req.db).filter(\.$id == id)
                .filter(\.$policy.$id == (try policy.requireID())).first(),
            version.isPublished || AccessPolicy.can(actor, .managePolicies) == .allowed
        else { throw Abort(.notFound) }
        return version
    }

    // MARK: - Questions

    struct OptionView: Encodable, Sendable {
        var id: String
        var value: Int
        var text: String
        var checked: Bool
    }

    struct QuestionView: Encodable, Sendable {
        var number: Int
        var name: String
        var text: String
        var options: [OptionView]
    }

    static func questionViews(_ questions: [PolicyQuestion], answers: [Int?] = []) -> [QuestionView] {
        questions.enumerated().map { index, q in
            QuestionView(
                number: index + 1, name: "answer-\(index + 1)", text: q.text,
                options: q.options.enumerated().map { o, text in
                    OptionView(
                        id: "answer-\(index + 1)-\(o)", value: o, text: text,
                        checked: index < answers.count && answers[index] == o)
                })
        }
    }

    /// The answers a form sent, in question order (nil where none was chosen).
    static func answers(_ req: Request, count: Int) -> [Int?] {
        (0..<count).map { req.content[String.self, at: "answer-\($0 + 1)"].flatMap { Int($0) } }
    }

    // MARK: - Rendering a document

    struct Block: Encodable, Sendable {
        var kind: String
        var text: String = ""
        var items: [String] = []
        var number: String = ""
        var label: String = ""
        var anchor: String = ""
    }

    struct SectionView: Encodable, Sendable {
        var number: String
        var title: String
        var anchor: String
        var blocks: [Block]
        var clauseCount: Int
    }

    /// Sections as the page shows them: consecutive bullets as one list, clauses with their anchors.
    static func sections(_ document: PolicyDocument) -> [SectionView] {
        document.sections.map { section in
            var blocks: [Block] = []
            for item in section.items {
                switch item {
                case .clause(let clause):
                    blocks.append(
                        Block(
                            kind: "clause", text: clause.text, number: clause.number,
                            label: clause.label.contains(")") ? clause.label : clause.number, anchor: clause.anchor))
                case .block(let block) where block.kind == .bullet:
                    if blocks.last?.kind == "list" {
                        blocks[blocks.count - 1].items.append(block.text)
                    } else {
                        blocks.append(Block(kind: "list", items: [block.text]))
                    }
                case .block(let block):
                    blocks.append(Block(kind: block.kind.rawValue, text: block.text))
                }
            }
            return SectionView(
                number: section.number, title: section.title, anchor: section.anchor, blocks: blocks,
                clauseCount: section.clauses.count)
        }
    }

    static func preamble(_ document: PolicyDocument) -> [Block] {
        document.preamble.filter { $0.text != document.title }.map { Block(kind: $0.kind.rawValue, text: $0.text) }
    }

    // MARK: - The list

    struct Row: Encodable, Sendable {
        var id: String
        var title: String
        var version: Int
        var published: String
        var status: String
        var outstanding: Bool
        var overdue: Bool
        var hasDraft: Bool
    }

    static func row(_ policy: Policy, _ version: PolicyVersion, _ status: AcknowledgementStatus, hasDraft: Bool) -> Row
    {
        Row(
            id: policy.id?.uuidString ?? "", title: policy.title, version: version.number,
            published: Display.date(version.publishedAt), status: describe(status), outstanding: status.isOutstanding,
            overdue: status.isOverdue, hasDraft: hasDraft)
    }

    struct IndexContent: Encodable, Sendable {
        var policies: [Row]
        var drafts: [Row]
        var canManage: Bool
    }

    func index(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let statuses = try await PolicyLibrary.statuses(for: person, on: req.db)
        let canManage = AccessPolicy.can(actor, .managePolicies) == .allowed
        let draftVersions =
            canManage
            ? try await PolicyVersion.query(on: req.db).inSchool(of: actor)
                .filter(\.$publishedAt == nil).all() : []
        let rows = statuses.map { policy, version, status in
            Self.row(policy, version, status, hasDraft: draftVersions.contains { $0.$policy.id == policy.id })
        }
        // Policies imported but never published, for the headteacher to finish.
        let unpublished = try await Policy.query(on: req.db).inSchool(of: actor)
            .filter(\.$currentVersionID == nil).all()
        let drafts =
            canManage
            ? unpublished.map {
                Row(
                    id: $0.id?.uuidString ?? "", title: $0.title, version: 0, published: "", status: "Not published",
                    outstanding: false, overdue: false, hasDraft: true)
            } : []
        return try await req.page(
            "policies/index", title: "Policies", IndexContent(policies: rows, drafts: drafts, canManage: canManage))
    }

    static func describe(_ status: AcknowledgementStatus) -> String {
        switch status {
        case .notRequired: "Nothing to acknowledge"
        case .acknowledged(let version): "You acknowledged version \(version)"
        case .due(let deadline): "Please read and acknowledge by \(deadline.longForm)"
        case .overdue(let deadline, let days):
            "Overdue: please read and acknowledge (due \(deadline.longForm), \(days) day\(days == 1 ? "" : "s") ago)"
        }
    }

    // MARK: - Reading and acknowledging

    struct ShowContent: Encodable, Sendable {
        var id: String
        var title: String
        var versionID: String
        var versionNumber: Int
        var published: String
        var hash: String
        var preamble: [Block]
        var sections: [SectionView]
        var status: String
        var outstanding: Bool
        var acknowledged: Bool
        var errors: FormErrors
        var canManage: Bool
        var canSeeFigures: Bool
        var versionCount: Int
        var isPublic: Bool
        var publicURL: String
        var questions: [QuestionView]
    }

    func show(req: Request) async throws -> Response {
        try await showPage(req, errors: [])
    }

    func showPage(
        _ req: Request, errors: [FieldError], answers: [Int?] = [], status: HTTPStatus = .ok
    )
        async throws -> Response
    {
        let (actor, person) = try req.requireActor()
        let policy = try await Self.policy(req, action: .viewPolicies)
        let canManage = AccessPolicy.can(actor, .managePolicies) == .allowed
        guard let currentID = policy.currentVersionID, let current = try await PolicyVersion.find(currentID, on: req.db)
        else {
            // Not yet published: managers go to the draft; nobody else may know it exists.
            guard canManage,
                let draft = try await PolicyVersion.query(on: req.db).filter(\.$policy.$id == policy.id ?? UUID())
                    .filter(\.$publishedAt == nil).first()
            else { throw Abort(.notFound) }
            return req.redirect(to: "/policies/\(policy.id?.uuidString ?? "")/versions/\(draft.id?.uuidString ?? "")")
        }
        let mine = try await PolicyLibrary.statuses(for: person, on: req.db).first { $0.0.id == policy.id }?.2
        let document = try current.document
        let count = try await PolicyVersion.query(on: req.db).filter(\.$policy.$id == policy.id ?? UUID())
            .filter(\.$publishedAt != nil).count()
        let content = ShowContent(
            id: policy.id?.uuidString ?? "", title: document.title, versionID: current.id?.uuidString ?? "",
            versionNumber: current.number, published: Display.date(current.publishedAt),
            hash: String(current.contentHash.prefix(12)), preamble: Self.preamble(document),
            sections: Self.sections(document), status: mine.map(Self.describe) ?? "",
            outstanding: mine?.isOutstanding ?? false,
            acknowledged: { if case .acknowledged = mine { true } else { false } }(), errors: FormErrors(errors),
            canManage: canManage, canSeeFigures: AccessPolicy.can(actor, .viewPolicyFigures) == .allowed,
            versionCount: count, isPublic: policy.isPublic,
            publicURL: try await Self.publicURL(policy, req: req),
            questions: Self.questionViews(current.questions, answers: answers))
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "acknowledged": "Thank you. Your acknowledgement has been recorded."
            case "published": "This version is published. Everyone it asks will see it on their home page."
            case "public": "Anyone can now read this policy at its public address, without signing in."
            case "private": "The policy is no longer public; only the school's people can read it."
            default: nil
            }
        return try await req.page("policies/show", title: document.title, content, status: status, notice: notice)
    }

    struct AcknowledgeForm: Content {
        var version: String?
        var confirm: String?
    }

    func acknowledge(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        let policy = try await Self.policy(req, action: .acknowledgePolicy)
        let form = try req.content.decode(AcknowledgeForm.self)
        guard form.confirm == "yes" else {
            return try await showPage(
                req,
                errors: [FieldError("confirm", "Tick the box to confirm you have read and understood the policy.")],
                status: .badRequest)
        }
        guard let versionID = form.version.flatMap(UUID.init(uuidString:)),
            let version = try await PolicyVersion.query(on: req.db).filter(\.$id == versionID)
                .filter(\.$policy.$id == (try policy.requireID())).first()
        else { throw Abort(.badRequest, reason: "That version of the policy does not exist.") }
        let address = req.clientAddress
        let agent = req.headers.first(name: .userAgent)
        let answers = Self.answers(req, count: version.questions.count)
        do {
            _ = try await req.write { db, audit in
                try await PolicyLibrary.acknowledge(
                    version, person: person, method: "page", address: address, userAgent: agent, answers: answers,
                    on: db, audit: audit)
            }
        } catch let problem as PolicyLibrary.Problem {
            return try await showPage(req, errors: [FieldError("confirm", problem.message)], status: .conflict)
        } catch let wrong as PolicyLibrary.WrongAnswers {
            return try await showPage(
                req, errors: [FieldError("answer-\(wrong.questions[0])-0", wrong.description)], answers: answers,
                status: .badRequest)
        }
        return req.redirect(to: "/policies/\(policy.id?.uuidString ?? "")?done=acknowledged", redirectType: .normal)
    }

    // MARK: - Importing

    struct ImportContent: Encodable, Sendable {
        var policyID: String
        var policyTitle: String
        var text: String
        var errors: FormErrors
    }

    func newPolicy(req: Request) async throws -> Response {
        try await req.page(
            "policies/import", title: "Import a policy",
            ImportContent(policyID: "", policyTitle: "", text: "", errors: FormErrors()))
    }

    func newVersion(req: Request) async throws -> Response {
        let policy = try await Self.policy(req, action: .managePolicies)
        return try await req.page(
            "policies/import", title: "Import a new version",
            ImportContent(
                policyID: policy.id?.uuidString ?? "", policyTitle: policy.title, text: "", errors: FormErrors()))
    }

    struct ImportForm: Content {
        var file: File?
        var text: String?
        var policy: String?
    }

    func importPolicy(req: Request) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let form = try req.content.decode(ImportForm.self)
        var policyID: UUID?
        var policyTitle = ""
        if let raw = form.policy, !raw.isEmpty {
            guard let id = UUID(uuidString: raw),
                let existing = try await SchoolScope.find(
                    Policy.self, id, for: actor.workingIn(actor.schoolID), on: req.db)
            else { throw Abort(.notFound) }
            policyID = id
            policyTitle = existing.title
        }
        let pasted = form.text ?? ""
        let bytes: [UInt8] =
            if let file = form.file, file.data.readableBytes > 0 {
                Array(file.data.readableBytesView)
            } else {
                Array(pasted.utf8)
            }
        func refuse(_ message: String) async throws -> Response {
            try await req.page(
                "policies/import", title: policyID == nil ? "Import a policy" : "Import a new version",
                ImportContent(
                    policyID: policyID?.uuidString ?? "", policyTitle: policyTitle,
                    text: String(pasted.prefix(200_000)),
                    errors: FormErrors([FieldError("file", message)])), status: .badRequest)
        }
        if bytes.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) {
            return try await refuse("Choose a Markdown file, or paste the policy's text.")
        }
        let personID = try person.requireID()
        let schoolID = actor.schoolID
        let fixedPolicyID = policyID
        do {
            let (policy, version) = try await req.write { db, audit in
                try await PolicyLibrary.importDraft(
                    bytes, schoolID: schoolID, policyID: fixedPolicyID, createdBy: personID, on: db, audit: audit)
            }
            return req.redirect(
                to: "/policies/\(policy.id?.uuidString ?? "")/versions/\(version.id?.uuidString ?? "")",
                redirectType: .normal)
        } catch let problem as PolicyLibrary.Problem {
            return try await refuse(problem.message)
        }
    }

    // MARK: - The public address

    static func publicURL(_ policy: Policy, req: Request) async throws -> String {
        guard let school = try await School.find(policy.$school.id, on: req.db) else { return "" }
        return req.application.steward.config.baseURL.appendingPathComponent("p/\(school.slug)/\(policy.slug)")
            .absoluteString
    }

    struct PublicForm: Content { var `public`: String? }

    /// Publishes the policy at `/p/SCHOOL/POLICY` for parents and the public, or takes it down (policy 1.1).
    func setPublic(req: Request) async throws -> Response {
        let policy = try await Self.policy(req, action: .managePolicies)
        let makePublic = try req.content.decode(PublicForm.self).public == "yes"
        let policyID = try policy.requireID()
        if policy.isPublic != makePublic {
            try await req.write { db, audit in
                try await Policy.query(on: db).filter(\.$id == policyID).set(\.$isPublic, to: makePublic).update()
                try await audit.append(
                    makePublic ? "policy.made_public" : "policy.made_private", target: "policy:\(policyID.uuidString)",
                    schoolID: policy.$school.id)
            }
        }
        return req.redirect(
            to: "/policies/\(policyID.uuidString)?done=\(makePublic ? "public" : "private")", redirectType: .normal)
    }

    struct PublicContent: Encodable, Sendable {
        var title: String
        var schoolName: String
        var versionNumber: Int
        var published: String
        var hash: String
        var preamble: [Block]
        var sections: [SectionView]
    }

    /// The current version of a public policy, for anyone, with no sign-in.
    func publicPage(req: Request) async throws -> Response {
        guard let schoolSlug = req.parameters.get("school"), let slug = req.parameters.get("policy"),
            let school = try await School.query(on: req.db).filter(\.$slug == schoolSlug).first(),
            let policy = try await Policy.query(on: req.db).inSchool(try school.requireID())
                .filter(\.$slug == slug).filter(\.$isPublic == true).first(),
            let currentID = policy.currentVersionID, let version = try await PolicyVersion.find(currentID, on: req.db)
        else { throw Abort(.notFound) }
        try req.authorize(.readPublicPolicy, .schoolRecord(schoolID: policy.$school.id))
        let document = try version.document
        return try await req.page(
            "policies/public", title: "\(document.title) — \(school.name)",
            PublicContent(
                title: document.title, schoolName: school.name, versionNumber: version.number,
                published: Display.date(version.publishedAt), hash: String(version.contentHash.prefix(12)),
                preamble: Self.preamble(document), sections: Self.sections(document)))
    }

    // MARK: - Coverage

    /// One group's figures, for the page and the API alike.
    struct GroupRow: Content {
        var group: String
        var asked: Int
        var acknowledged: Int
        var due: Int
        var overdue: Int
        var percent: Int
    }

    struct PersonRow: Encodable, Sendable {
        var id: String
        var name: String
        var group: String
        var status: String
        var overdue: Bool
        var lineManager: String
        var hasAccount: Bool
    }

    struct CoverageContent: Encodable, Sendable {
        var id: String
        var title: String
        var version: Int
        var groups: [GroupRow]
        var total: GroupRow
        var names: Bool
        var outstanding: [PersonRow]
        var withoutAccount: Int
        var canSend: Bool
    }

    static func groupRow(_ name: String, _ f: PolicyCoverage.Figures) -> GroupRow {
        GroupRow(
            group: name, asked: f.asked, acknowledged: f.acknowledged, due: f.due, overdue: f.overdue,
            percent: f.percent)
    }

    /// Figures by group for governors; with names, and who is overdue, for the headteacher (policy 3).
    func coverage(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let policy = try await Self.policy(req, action: .viewPolicyFigures)
        guard let currentID = policy.currentVersionID, let current = try await PolicyVersion.find(currentID, on: req.db)
        else { throw Abort(.notFound) }
        let (coverage, people) = try await PolicyLibrary.coverage(of: policy, on: req.db)
        let names = AccessPolicy.can(actor, .viewPolicyCoverage, .schoolRecord(schoolID: policy.$school.id)) == .allowed
        var managers: [UUID: String] = [:]
        if names {
            let ids = Set(coverage.outstanding.compactMap { people[$0.id]?.$lineManager.id })
            for person in try await Person.query(on: req.db).filter(\.$id ~~ Array(ids)).all() {
                if let id = person.id { managers[id] = person.fullName }
            }
        }
        let rows: [PersonRow] =
            names
            ? coverage.outstanding.compactMap { entry in
                guard let person = people[entry.id] else { return nil }
                return PersonRow(
                    id: entry.id.uuidString, name: "\(person.surname), \(person.forename)", group: person.kind.title,
                    status: Self.describeForOthers(entry.status),
                    overdue: entry.status.isOverdue,
                    lineManager: person.$lineManager.id.flatMap { managers[$0] } ?? "",
                    hasAccount: person.passwordHash != nil)
            } : []
        let content = CoverageContent(
            id: policy.id?.uuidString ?? "", title: policy.title, version: current.number,
            groups: PersonKind.allCases.map { Self.groupRow($0.title + "s", coverage.byKind[$0] ?? .init()) },
            total: Self.groupRow("Everyone", coverage.total), names: names, outstanding: rows,
            withoutAccount: rows.filter { !$0.hasAccount }.count,
            canSend: AccessPolicy.can(actor, .managePolicies) == .allowed)
        let done = req.query[String.self, at: "done"] ?? ""
        let notice: String? =
            done == "link-sent"
            ? "A link has been sent. It works once, for 14 days."
            : done.hasPrefix("links-sent-")
                ? "\(done.dropFirst("links-sent-".count)) links have been sent. Each works once, for 14 days." : nil
        return try await req.page(
            "policies/coverage", title: "Who has read \(policy.title)", content, notice: notice)
    }

    static func describeForOthers(_ status: AcknowledgementStatus) -> String {
        switch status {
        case .notRequired: "Not asked"
        case .acknowledged(let version): "Acknowledged version \(version)"
        case .due(let deadline): "Due by \(deadline.longForm)"
        case .overdue(let deadline, let days):
            "Overdue by \(days) day\(days == 1 ? "" : "s") (due \(deadline.longForm))"
        }
    }

    /// Everyone asked, with their status, as a spreadsheet; the download is audited.
    func coverageCSV(req: Request) async throws -> Response {
        let policy = try await Self.policy(req, action: .viewPolicyCoverage)
        guard policy.currentVersionID != nil else { throw Abort(.notFound) }
        let policyID = try policy.requireID()
        let (coverage, people) = try await PolicyLibrary.coverage(of: policy, on: req.db)
        let acks = try await PolicyAcknowledgement.query(on: req.db).filter(\.$policy.$id == policyID).all()
        var latest: [UUID: PolicyAcknowledgement] = [:]
        for ack in acks where (latest[ack.$person.id]?.versionNumber ?? 0) < ack.versionNumber {
            latest[ack.$person.id] = ack
        }
        let outstanding = Dictionary(coverage.outstanding.map { ($0.id, $0.status) }, uniquingKeysWith: { a, _ in a })
        var writer = CSVWriter(header: [
            "Surname", "Forename", "Email", "Group", "Status", "Deadline", "Acknowledged Version", "Acknowledged At",
        ])
        let versions = try await PolicyLibrary.published(policyID, on: req.db).compactMap(\.published)
        for person in people.values.sorted(by: { ($0.surname, $0.forename) < ($1.surname, $1.forename) }) {
            guard let id = person.id else { continue }
            let status =
                outstanding[id]
                ?? PolicyCompliance.status(
                    versions: versions, acknowledged: Set(acks.filter { $0.$person.id == id }.map(\.versionNumber)),
                    kind: person.kind, startDate: person.startDate.flatMap(CalendarDate.init(parsing:)),
                    today: Display.today)
            if case .notRequired = status { continue }
            var deadline = ""
            if case .due(let d) = status { deadline = d.description }
            if case .overdue(let d, _) = status { deadline = d.description }
            let ack = latest[id]
            writer.append([
                person.surname, person.forename, person.email, person.kind.title, Self.describeForOthers(status),
                deadline, ack.map { String($0.versionNumber) } ?? "",
                ack.map { AuditRecord.timestamp($0.acknowledgedAt) } ?? "",
            ])
        }
        try await req.write { _, audit in
            try await audit.append(
                "policy.coverage_exported", target: "policy:\(policyID.uuidString)", schoolID: policy.$school.id)
        }
        return CSVDownload.response(writer, filename: "\(policy.slug)-coverage-\(CSVDownload.today()).csv")
    }

    // MARK: - Versions

    struct VersionRow: Encodable, Sendable {
        var id: String
        var number: Int
        var published: String
        var change: String
        var reason: String
        var hash: String
        var current: Bool
        var draft: Bool
    }

    struct VersionsContent: Encodable, Sendable {
        var id: String
        var title: String
        var versions: [VersionRow]
        var canManage: Bool
    }

    func versions(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let policy = try await Self.policy(req, action: .viewPolicies)
        let canManage = AccessPolicy.can(actor, .managePolicies) == .allowed
        let all = try await PolicyVersion.query(on: req.db).filter(\.$policy.$id == (try policy.requireID()))
            .sort(\.$number, .descending).all().filter { $0.isPublished || canManage }
        if all.isEmpty { throw Abort(.notFound) }
        let rows = all.map { version in
            VersionRow(
                id: version.id?.uuidString ?? "", number: version.number, published: Display.date(version.publishedAt),
                change: Self.changeKind(version), reason: version.changeReason ?? "",
                hash: String(version.contentHash.prefix(12)), current: version.id == policy.currentVersionID,
                draft: !version.isPublished)
        }
        return try await req.page(
            "policies/versions", title: "Versions of \(policy.title)",
            VersionsContent(id: policy.id?.uuidString ?? "", title: policy.title, versions: rows, canManage: canManage))
    }

    static func changeKind(_ version: PolicyVersion) -> String {
        guard version.isPublished else { return "Draft" }
        if version.number == 1 { return "First version" }
        return version.requiresAcknowledgement ? "Material change" : "Minor correction"
    }

    struct ChangeView: Encodable, Sendable {
        var kind: String
        var number: String
        var anchor: String
        var before: String
        var after: String
    }

    struct VersionContent: Encodable, Sendable {
        var policyID: String
        var id: String
        var title: String
        var number: Int
        var draft: Bool
        var current: Bool
        var published: String
        var change: String
        var reason: String
        var hash: String
        var notes: [String]
        var comparedWith: Int?
        var changes: [ChangeView]
        var titleChanged: Bool
        var preamble: [Block]
        var sections: [SectionView]
        var clauseCount: Int
        var canManage: Bool
        var firstVersion: Bool
        var form: PublishForm
        var errors: FormErrors
        var questionsText: String
        var questionCount: Int
        var questionErrors: FormErrors
    }

    struct PublishForm: Content {
        var change: String?
        var reason: String?
        var deadline: String?
        var employee: String?
        var governor: String?
        var volunteer: String?
    }

    func version(req: Request) async throws -> Response {
        try await versionPage(req, form: nil, errors: [])
    }

    func versionPage(
        _ req: Request, form: PublishForm?, errors: [FieldError], questionsText: String? = nil,
        questionErrors: [FieldError] = []
    ) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let policy = try await Self.policy(req, action: .viewPolicies)
        let version = try await Self.version(req, of: policy)
        let document = try version.document
        let published = try await PolicyLibrary.published(try policy.requireID(), on: req.db)
        // A draft is compared with the current version; a published one with the version before it.
        let base =
            version.isPublished
            ? published.last { $0.number < version.number }
            : published.first { $0.id == policy.currentVersionID }
        var changes: [ChangeView] = []
        var titleChanged = false
        if let base {
            let diff = PolicyDiff(from: try base.document, to: document)
            titleChanged = diff.titleChanged
            changes = diff.changes.map { change in
                switch change {
                case .added(let c):
                    ChangeView(kind: "Added", number: c.number, anchor: c.anchor, before: "", after: c.text)
                case .removed(let c):
                    ChangeView(kind: "Removed", number: c.number, anchor: "", before: c.text, after: "")
                case .changed(let old, let new):
                    ChangeView(
                        kind: "Changed", number: new.number, anchor: new.anchor, before: old.text, after: new.text)
                }
            }
        }
        let defaults = PublishForm(
            change: "material", reason: "", deadline: String(PolicyLibrary.defaultDeadlineDays), employee: "yes",
            governor: "yes", volunteer: "yes")
        let content = VersionContent(
            policyID: policy.id?.uuidString ?? "", id: version.id?.uuidString ?? "", title: document.title,
            number: version.number, draft: !version.isPublished, current: version.id == policy.currentVersionID,
            published: Display.date(version.publishedAt), change: Self.changeKind(version),
            reason: version.changeReason ?? "", hash: version.contentHash, notes: version.notes,
            comparedWith: base?.number, changes: changes, titleChanged: titleChanged,
            preamble: Self.preamble(document), sections: Self.sections(document),
            clauseCount: document.clauses.count,
            canManage: AccessPolicy.can(actor, .managePolicies) == .allowed, firstVersion: published.isEmpty,
            form: form ?? defaults, errors: FormErrors(errors),
            questionsText: questionsText ?? PolicyQuestions.format(version.questions),
            questionCount: version.questions.count, questionErrors: FormErrors(questionErrors))
        let title = version.isPublished ? "\(document.title), version \(version.number)" : "Check and publish"
        return try await req.page(
            "policies/version", title: title, content,
            status: errors.isEmpty && questionErrors.isEmpty ? .ok : .badRequest,
            notice: req.query[String.self, at: "done"] == "questions" ? "The questions have been saved." : nil)
    }

    func publish(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        let policy = try await Self.policy(req, action: .managePolicies)
        let version = try await Self.version(req, of: policy)
        guard !version.isPublished else {
            return req.redirect(to: "/policies/\(policy.id?.uuidString ?? "")", redirectType: .normal)
        }
        let form = try req.content.decode(PublishForm.self)
        var errors: [FieldError] = []
        let first = policy.currentVersionID == nil
        let material = first || form.change == "material"
        if !first && form.change != "material" && form.change != "minor" {
            errors.append(FieldError("change", "Choose whether this is a material change or a minor correction."))
        }
        let reason = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !material && reason.isEmpty {
            errors.append(FieldError("reason", "Say why this correction does not need everyone to read it again."))
        }
        if reason.count > 1_000 { errors.append(FieldError("reason", "Keep the reason to 1,000 characters or fewer.")) }
        let days = Int((form.deadline ?? "").trimmingCharacters(in: .whitespaces))
        if days == nil || !(1...365).contains(days ?? 0) {
            errors.append(FieldError("deadline", "Enter the number of days people have, from 1 to 365."))
        }
        var audience = Set<PersonKind>()
        if form.employee == "yes" { audience.insert(.employee) }
        if form.governor == "yes" { audience.insert(.governor) }
        if form.volunteer == "yes" { audience.insert(.volunteer) }
        if audience.isEmpty { errors.append(FieldError("employee", "Choose at least one group who must read it.")) }
        if !errors.isEmpty { return try await versionPage(req, form: form, errors: errors) }
        let personID = try person.requireID()
        let deadline = days ?? PolicyLibrary.defaultDeadlineDays
        let groups = audience
        try await req.write { db, audit in
            try await PolicyLibrary.publish(
                version, material: material, reason: reason.isEmpty ? nil : reason, deadlineDays: deadline,
                audience: groups, by: personID, on: db, audit: audit)
        }
        return req.redirect(to: "/policies/\(policy.id?.uuidString ?? "")?done=published", redirectType: .normal)
    }

    struct QuestionsForm: Content { var questions: String? }

    /// Sets a draft's questions from the plain format (`Q:` then `- wrong` and `* right` answers); empty for none.
    func saveQuestions(req: Request) async throws -> Response {
        let policy = try await Self.policy(req, action: .managePolicies)
        let version = try await Self.version(req, of: policy)
        guard !version.isPublished else { throw Abort(.badRequest, reason: "A published version cannot change.") }
        let text = try req.content.decode(QuestionsForm.self).questions ?? ""
        guard text.count <= 20_000 else {
            return try await versionPage(
                req, form: nil, errors: [], questionsText: String(text.prefix(20_000)),
                questionErrors: [FieldError("questions", "Keep the questions to 20,000 characters or fewer.")])
        }
        switch PolicyQuestions.parse(text) {
        case .failure(let invalid):
            return try await versionPage(
                req, form: nil, errors: [], questionsText: text, questionErrors: invalid.errors)
        case .success(let questions):
            let encoded = String(decoding: try JSONEncoder().encode(questions), as: UTF8.self)
            let versionID = try version.requireID()
            try await req.write { db, audit in
                try await PolicyVersion.query(on: db).filter(\.$id == versionID).set(\.$questionsJSON, to: encoded)
                    .update()
                try await audit.append(
                    "policy.questions_set", target: "policy:\(try policy.requireID().uuidString)",
                    schoolID: policy.$school.id,
                    details: ["version": String(version.number), "questions": String(questions.count)])
            }
            return req.redirect(
                to: "/policies/\(try policy.requireID().uuidString)/versions/\(versionID.uuidString)?done=questions",
                redirectType: .normal)
        }
    }

    func discard(req: Request) async throws -> Response {
        let policy = try await Self.policy(req, action: .managePolicies)
        let version = try await Self.version(req, of: policy)
        guard !version.isPublished else { throw Abort(.badRequest, reason: "A published version is kept for good.") }
        let policyID = try policy.requireID()
        let number = version.number
        try await req.write { db, audit in
            try await version.delete(on: db)
            if policy.currentVersionID == nil { try await policy.delete(on: db) }
            try await audit.append(
                "policy.draft_discarded", target: "policy:\(policyID.uuidString)", schoolID: policy.$school.id,
                details: ["version": String(number)])
        }
        return req.redirect(to: "/policies", redirectType: .normal)
    }
}
