// Governors and volunteers without an account: a link by mail that lets one person read one policy and acknowledge
// it, and nothing else, for 14 days (policy 1.1, 3 governing body b).

import Fluent
import SQLKit
import StewardCore
import Vapor

struct PolicyLinkController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, PolicyPaths.links, action: .managePolicies, use: send)
        // The token travels in the query string, which the request log leaves out.
        routes.on(.GET, PolicyPaths.link, action: .usePolicyLink, use: read)
        routes.on(.POST, PolicyPaths.link, action: .usePolicyLink, use: acknowledge)
    }

    struct SendForm: Content {
        /// One person's id, or `everyone-without-account`.
        var person: String?
    }

    /// Sends links to one person, or to everyone without an account who still has to acknowledge the policy.
    func send(req: Request) async throws -> Response {
        let (_, sender) = try req.requireActor()
        let policy = try await PolicyController.policy(req, action: .managePolicies)
        let policyID = try policy.requireID()
        let form = try req.content.decode(SendForm.self)
        let (coverage, people) = try await PolicyLibrary.coverage(of: policy, on: req.db)
        let outstanding = Set(coverage.outstanding.map(\.id))
        let recipients: [Person]
        if form.person == "everyone-without-account" {
            recipients = people.values.filter { $0.passwordHash == nil && outstanding.contains($0.id ?? UUID()) }
        } else if let id = form.person.flatMap(UUID.init(uuidString:)), let person = people[id],
            outstanding.contains(id)
        {
            recipients = [person]
        } else {
            throw Abort(.badRequest, reason: "That person has nothing to acknowledge, or is not at this school.")
        }
        guard let school = try await School.find(policy.$school.id, on: req.db) else { throw Abort(.notFound) }
        let base = req.application.steward.config.baseURL.address(of: PolicyPaths.link())
        let senderID = try sender.requireID()
        let plans = recipients.compactMap { person -> (Person, String)? in
            person.id == nil ? nil : (person, Secrets.token())
        }
        let title = policy.title
        try await req.write { db, audit in
            let now = Date()
            for (person, token) in plans {
                let link = PolicyLink()
                link.schoolID = school.id ?? UUID()
                link.$policy.id = policyID
                link.$person.id = try person.requireID()
                link.tokenHash = Secrets.sha256(token)
                link.createdAt = now
                link.expiresAt = now.addingTimeInterval(PolicyLink.lifetime)
                link.createdBy = senderID
                try await link.create(on: db)
                try await Outbox.enqueue(
                    on: db, schoolID: school.id, kind: "policy_link", to: person.email,
                    subject: "Please read: \(title)",
                    body: Self.mailBody(
                        forename: person.forename, schoolName: school.name, title: title, link: "\(base)?token=\(token)"
                    ))
                try await audit.append(
                    "policy.link_sent", target: "person:\(try person.requireID().uuidString)", schoolID: school.id,
                    details: ["policy": policyID.uuidString])
            }
        }
        let done = plans.count == 1 ? "link-sent" : "links-sent-\(plans.count)"
        return req.redirect(to: PolicyPaths.coverage(policyID) + "?done=\(done)", redirectType: .normal)
    }

    static func mailBody(forename: String, schoolName: String, title: String, link: String) -> String {
        """
        Hello \(forename),

        \(schoolName) asks everyone who works or volunteers with the school, and its governors, to read its \
        \(title) and confirm they have understood it. You can do that here, without an account:

        \(link)

        The link is for you alone and works for 14 days.

        Steward, for \(schoolName)
        """
    }

    // MARK: - Using the link

    /// The link's record, its person and policy, and the current version, if the link is live.
    private func find(
        _ token: String?, on db: any Database
    ) async throws
        -> (PolicyLink, Person, Policy, PolicyVersion, School)?
    {
        guard let token, !token.isEmpty, token.count < 200,
            let link = try await PolicyLink.query(on: db).filter(\.$tokenHash == Secrets.sha256(token)).first(),
            let person = try await Person.find(link.$person.id, on: db), person.active,
            let policy = try await Policy.find(link.$policy.id, on: db), let currentID = policy.currentVersionID,
            let version = try await PolicyVersion.find(currentID, on: db),
            let school = try await School.find(link.schoolID, on: db)
        else { return nil }
        return (link, person, policy, version, school)
    }

    private func page(
        _ req: Request, token: String, state: String, found: (PolicyLink, Person, Policy, PolicyVersion, School)?,
        errors: [FieldError] = [], answers: [Int?] = [], status: HTTPStatus = .ok
    ) async throws -> Response {
        var content = LinkContent(
            token: token, state: state, forename: "", title: "", schoolName: "", versionNumber: 0, hash: "",
            preamble: [], sections: [], errors: FormErrors(errors), questions: [])
        if let (_, person, _, version, school) = found, state == "open" {
            let document = try version.document
            content.forename = person.forename
            content.title = document.title
            content.schoolName = school.name
            content.versionNumber = version.number
            content.hash = String(version.contentHash.prefix(12))
            content.preamble = PolicyController.preamble(document)
            content.sections = PolicyController.sections(document)
            content.questions = PolicyController.questionViews(version.questions, answers: answers)
        }
        let title = state == "open" ? content.title : (state == "done" ? "Thank you" : "This link no longer works")
        return try await req.page("policies/link", title: title, content, status: status)
    }

    func read(req: Request) async throws -> Response {
        let token = req.query[String.self, at: "token"] ?? ""
        guard let found = try await find(token, on: req.db) else {
            return try await page(req, token: "", state: "gone", found: nil, status: .notFound)
        }
        let (link, _, _, _, _) = found
        if link.usedAt != nil { return try await page(req, token: "", state: "done", found: found) }
        if link.expiresAt < Date() { return try await page(req, token: "", state: "gone", found: nil, status: .gone) }
        return try await page(req, token: token, state: "open", found: found)
    }

    struct AcknowledgeForm: Content {
        var token: String?
        var confirm: String?
    }

    func acknowledge(req: Request) async throws -> Response {
        let form = try req.content.decode(AcknowledgeForm.self)
        let token = form.token ?? ""
        guard let found = try await find(token, on: req.db) else {
            return try await page(req, token: "", state: "gone", found: nil, status: .notFound)
        }
        let (link, person, _, version, _) = found
        if link.usedAt != nil { return try await page(req, token: "", state: "done", found: found) }
        if link.expiresAt < Date() { return try await page(req, token: "", state: "gone", found: nil, status: .gone) }
        guard form.confirm == "yes" else {
            return try await page(
                req, token: token, state: "open", found: found,
                errors: [FieldError("confirm", "Tick the box to confirm you have read and understood the policy.")],
                status: .badRequest)
        }
        guard let linkID = link.id else { throw Abort(.notFound) }
        var context = req.auditContext
        context.actorID = person.id
        context.actorName = person.fullName
        context.schoolID = link.schoolID
        let address = req.clientAddress
        let agent = req.headers.first(name: .userAgent)
        let answers = PolicyController.answers(req, count: version.questions.count)
        let wrong = PolicyQuestions.wrong(version.questions, answers: answers)
        if !wrong.isEmpty {
            return try await page(
                req, token: token, state: "open", found: found,
                errors: [
                    FieldError("answer-\(wrong[0])-0", PolicyLibrary.WrongAnswers(questions: wrong).description)
                ], answers: answers, status: .badRequest)
        }
        try await AuditLog.write(on: req.db, context: context) { db, audit in
            // Spending the link is one conditional update, so two clicks at once record one acknowledgement.
            guard let sql = db as? any SQLDatabase else { return }
            let rows = try await sql.raw(
                "UPDATE policy_links SET used_at = \(bind: Date()) WHERE id = \(bind: linkID) AND used_at IS NULL RETURNING id"
            ).all()
            guard !rows.isEmpty else { return }
            _ = try await PolicyLibrary.acknowledge(
                version, person: person, method: "link", address: address, userAgent: agent, answers: answers,
                on: db, audit: audit)
        }
        return try await page(req, token: "", state: "done", found: found)
    }
}
