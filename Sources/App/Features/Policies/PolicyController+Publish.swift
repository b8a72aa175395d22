// Publishing and discarding a draft: neither can be undone, so each says what will happen and asks to be confirmed.

import Fluent
import StewardCore
import Vapor

extension PolicyController {
    /// What publishing will do, shown before it is done.
    struct PublishConfirmContent: Encodable, Sendable {
        var policyID: String
        var id: String
        var title: String
        var number: Int
        var form: PublishForm
        var material: Bool
        var firstVersion: Bool
        /// "11 people (9 employees, 2 governors)".
        var asked: String
        var askedCount: Int
        var deadline: String
    }

    /// The active people of the school in each group, for the publish form and its confirmation.
    static func audienceCounts(schoolID: UUID, on db: any Database) async throws -> [PersonKind: Int] {
        let people = try await Person.query(on: db).inSchool(schoolID).filter(\.$active == true).field(\.$id)
            .field(\.$kind).all()
        return Dictionary(grouping: people, by: \.kind).mapValues(\.count)
    }

    func publish(req: Request) async throws -> Response {
        let (_, person) = try req.requireActor()
        let policy = try await Self.policy(req, action: .managePolicies)
        let version = try await Self.version(req, of: policy)
        guard !version.isPublished else {
            return req.redirect(to: PolicyPaths.show(policy.id?.uuidString ?? ""), redirectType: .normal)
        }
        let form = try req.content.decode(PublishForm.self)
        var errors: [FieldError] = []
        let first = policy.currentVersionID == nil
        let material = first || form.change == "material"
        if !first && form.change != "material" && form.change != "minor" {
            errors.append(FieldError("change", "Choose whether this is a material change or a minor correction."))
        }
        let reason = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if form.change == "minor" && reason.isEmpty {
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
        let deadline = days ?? PolicyLibrary.defaultDeadlineDays
        // First the confirmation: what will happen, in numbers, before anything is written.
        guard form.confirmed == "yes" else {
            let counts = try await Self.audienceCounts(schoolID: policy.$school.id, on: req.db)
            let groups = PersonKind.allCases.filter(audience.contains).map { kind in
                let n = counts[kind] ?? 0
                return "\(n) \(kind.title.lowercased())\(n == 1 ? "" : "s")"
            }
            let total = audience.reduce(0) { $0 + (counts[$1] ?? 0) }
            return try await req.page(
                "policies/publish-confirm", title: "Publish version \(version.number)?",
                PublishConfirmContent(
                    policyID: policy.id?.uuidString ?? "", id: version.id?.uuidString ?? "",
                    title: policy.title, number: version.number, form: form, material: material, firstVersion: first,
                    asked: "\(total) \(total == 1 ? "person" : "people") (\(groups.joined(separator: ", ")))",
                    askedCount: total, deadline: Display.today.adding(days: deadline).longForm))
        }
        let personID = try person.requireID()
        let groups = audience
        try await req.write { db, audit in
            try await PolicyLibrary.publish(
                version, material: material, reason: reason.isEmpty ? nil : reason, deadlineDays: deadline,
                audience: groups, by: personID, on: db, audit: audit)
        }
        return req.redirect(
            to: PolicyPaths.show(policy.id?.uuidString ?? "") + "?done=published", redirectType: .normal)
    }

    struct DiscardForm: Content { var confirm: String? }

    /// Removes a draft and its questions, once the box saying so is ticked.
    func discard(req: Request) async throws -> Response {
        let policy = try await Self.policy(req, action: .managePolicies)
        let version = try await Self.version(req, of: policy)
        guard !version.isPublished else { throw Abort(.badRequest, reason: "A published version is kept for good.") }
        guard (try? req.content.decode(DiscardForm.self))?.confirm == "yes" else {
            return try await versionPage(
                req, form: nil, errors: [],
                discardErrors: [
                    FieldError("discard-confirm", "Tick the box to confirm the draft and its questions should go.")
                ])
        }
        let policyID = try policy.requireID()
        let number = version.number
        try await req.write { db, audit in
            try await version.delete(on: db)
            if policy.currentVersionID == nil { try await policy.delete(on: db) }
            try await audit.append(
                "policy.draft_discarded", target: "policy:\(policyID.uuidString)", schoolID: policy.$school.id,
                details: ["version": String(number)])
        }
        return req.redirect(to: PolicyPaths.list(), redirectType: .normal)
    }
}
