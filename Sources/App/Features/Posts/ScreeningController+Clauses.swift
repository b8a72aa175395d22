// Choosing the policy findings cite, and the clause of it each kind of finding enforces.

import Fluent
import StewardCore
import Vapor

extension ScreeningController {
    func saveClauses(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let settings = try await SchoolScreening.settings(for: actor.schoolID, on: req.db)
        let rawPolicy = req.content[String.self, at: "policy"] ?? ""
        let suggest = req.content[String.self, at: "suggest"] == "yes"
        var typed: [String: String] = [:]
        for category in FindingCategory.allCases {
            typed[category.rawValue] = (req.content[String.self, at: "clause-\(category.rawValue)"] ?? "")
                .trimmingCharacters(in: .whitespaces)
        }
        var policy: Policy?
        var document: PolicyDocument?
        if !rawPolicy.isEmpty {
            guard let id = UUID(uuidString: rawPolicy),
                let found = try await Policy.query(on: req.db).inSchool(of: actor).filter(\.$id == id).first(),
                let versionID = found.currentVersionID,
                let version = try await PolicyVersion.query(on: req.db).inSchool(actor.schoolID)
                    .filter(\.$id == versionID).first()
            else {
                return try await page(
                    req, settings: settings, clauses: typed,
                    errors: [FieldError("policy", "Choose a published policy from the list.")])
            }
            policy = found
            document = try version.document
        }
        var map = ClauseMap.standard
        var errors: [FieldError] = []
        if suggest {
            guard let document else {
                return try await page(
                    req, settings: settings, clauses: typed,
                    errors: [FieldError("policy", "Choose the policy to suggest clauses from.")])
            }
            map = ClauseMap.suggest(from: document)
        } else {
            for category in FindingCategory.allCases {
                let number = typed[category.rawValue] ?? ""
                let field = "clause-\(category.rawValue)"
                if number.isEmpty || number.count > 20
                    || number.unicodeScalars.contains(where: { TextRules.isHiddenOrControl($0) })
                {
                    errors.append(FieldError(field, "Enter the clause number for \(category.title.lowercased())."))
                } else if let document, document.clause(number) == nil {
                    errors.append(
                        FieldError(
                            field, "\(document.title) has no clause \(number) (for \(category.title.lowercased()))."))
                } else {
                    map = map.setting(category, to: number)
                }
            }
        }
        guard errors.isEmpty else { return try await page(req, settings: settings, clauses: typed, errors: errors) }
        let policyID = try policy?.requireID()
        let saved = map
        let json = String(decoding: try JSONEncoder().encode(map), as: UTF8.self)
        try await req.write { db, audit in
            settings.policyID = policyID
            settings.clauseMap = json
            settings.clausesEdited = !suggest
            settings.generation += 1
            settings.updatedAt = Date()
            settings.updatedBy = actor.personID
            try await settings.update(on: db)
            var details = Dictionary(
                uniqueKeysWithValues: FindingCategory.allCases.map { ($0.rawValue, saved.clause(for: $0)) })
            details["policy"] = policyID?.uuidString ?? ""
            details["how"] = suggest ? "suggested" : "by hand"
            try await audit.append("screening.clauses_saved", details: details)
        }
        return req.redirect(
            to: PostPaths.screening() + (suggest ? "?done=suggested" : "?done=clauses"), redirectType: .normal)
    }
}
