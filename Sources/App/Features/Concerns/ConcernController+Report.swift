// Reporting a concern: the form, its checks, the new case and its evidence, and who is told.

import Crypto
import Fluent
import StewardCore
import Vapor

extension ConcernController {
    // MARK: - Reporting

    func reportPage(
        _ req: Request, form: CaseReportForm, errors: [FieldError], notice: String? = nil
    ) async throws -> Response {
        let (actor, person) = try req.requireActor()
        let people = try await Person.query(on: req.db).inSchool(of: actor)
            .filter(\.$active == true).filter(\.$id != (try person.requireID())).sort(\.$surname).sort(\.$forename)
            .all()
        let content = ReportContent(
            categories: ConcernCategory.allCases.map {
                Option(
                    value: $0.rawValue,
                    title: $0.title + ($0.clauses.isEmpty ? "" : " (clause \($0.clauses.joined(separator: ", ")))"),
                    checked: form.category == $0.rawValue)
            },
            involved: CaseReportForm.involvedKinds.map {
                Option(value: $0.0, title: $0.1, checked: form.involved == $0.0)
            },
            platforms: CaseReportForm.platforms,
            colleagues: people.map {
                Option(
                    value: $0.id?.uuidString ?? "", title: "\($0.fullName)",
                    checked: form.colleague == $0.id?.uuidString)
            }, form: form, errors: FormErrors(errors))
        return try await req.page(
            "concerns/new", title: "Report a concern", content, status: errors.isEmpty ? .ok : .badRequest,
            notice: notice)
    }

    func newConcern(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        var form = CaseReportForm()
        form.category = req.query[String.self, at: "category"]
        // "Report a problem with this account" (4.8): the concern starts out naming the school's account.
        if let raw = req.query[String.self, at: "account"], let id = UUID(uuidString: raw),
            let account = try await OfficialAccount.query(on: req.db).inSchool(of: actor).filter(\.$id == id).first()
        {
            form.category = ConcernCategory.misuseOfSchoolSystems.rawValue
            form.whatHappened = "About the school's official account \(account.title) (\(account.address)): "
            form.platform = account.platform.concernPlatform
        }
        // From the privacy check's last question (4.3): the check is saved; now the contact itself.
        let fromCheck = req.query[String.self, at: "from"] == "self-check"
        return try await reportPage(
            req, form: form, errors: [],
            notice: fromCheck
                ? "Your privacy check is saved. You said a pupil or a pupil's family contacted you on social media: "
                    + "tell us about it here (clause 4.3). Block them, and report them to the platform too." : nil)
    }

    func report(req: Request) async throws -> Response {
        let form = try req.uploadForm(CaseReportForm.self)
        switch try await Cases.report(req, form: form, files: req.uploadedFiles("evidence")) {
        case .failure(let invalid): return try await reportPage(req, form: form, errors: invalid.errors)
        case .success(let item):
            // Clause 4.3 also says to block them and report them to the platform: remind whoever has not yet.
            let remind =
                item.category == .contactFromPupilOrFamily
                && (item.blocked != "yes" || item.reportedToPlatform != "yes")
            return req.redirect(
                to: ConcernPaths.list() + "?done=reported&ref=\(item.reference)" + (remind ? "&remind=block" : ""),
                redirectType: .normal)
        }
    }

}
