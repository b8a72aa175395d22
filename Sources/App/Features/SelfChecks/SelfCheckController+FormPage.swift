// What the two steps of the check show: the platforms to choose from, then the five items for each platform chosen
// and the contact question, as the templates read them.

import StewardCore
import Vapor

extension SelfCheckController {
    struct Option: Encodable, Sendable {
        var id: String
        var value: String
        var title: String
        var checked: Bool
    }

    struct PlatformsContent: Encodable, Sendable {
        /// Why no check can be started now, when none can.
        var closed: String
        var termName: String
        var platforms: [Option]
        var none: Bool
        var errors: FormErrors
    }

    struct ItemBlock: Encodable, Sendable {
        var field: String
        var name: String
        var question: String
        var clause: String
        var options: [Option]
    }

    struct PlatformBlock: Encodable, Sendable {
        var key: String
        var title: String
        var help: String
        var items: [ItemBlock]
    }

    struct QuestionsContent: Encodable, Sendable {
        var term: String
        var termName: String
        var platforms: [PlatformBlock]
        var none: Bool
        var contacted: [Option]
        var note: String
        var changeHref: String
        var errors: FormErrors
    }

    func platformsPage(
        _ req: Request, form: SelfCheckForm, closed: String, termName: String, errors: [FieldError]
    ) async throws -> Response {
        let chosen = Set(form.platforms ?? [])
        let content = PlatformsContent(
            closed: closed, termName: termName,
            platforms: req.application.steward.platforms.all.enumerated().map { index, platform in
                Option(
                    id: index == 0 ? "platforms" : "platform-\(platform.key)", value: platform.key,
                    title: platform.title, checked: chosen.contains(platform.key))
            }, none: form.usesNone, errors: FormErrors(errors))
        return try await req.page(
            "selfchecks/platforms", title: "Privacy check: your platforms", content,
            status: errors.isEmpty ? .ok : .badRequest)
    }

    func questionsPage(
        _ req: Request, form: SelfCheckForm, platforms: [String], open: (term: SchoolTerm, round: Int)?,
        errors: [FieldError]
    ) async throws -> Response {
        let known = req.application.steward.platforms
        let sent = form.answers ?? [:]
        let blocks = platforms.compactMap { key -> PlatformBlock? in
            guard let platform = known.platform(key) else { return nil }
            return PlatformBlock(
                key: key, title: platform.title, help: platform.help,
                items: SelfCheckItem.allCases.map { item in
                    let field = SelfCheckForm.field(key, item)
                    return ItemBlock(
                        field: field, name: "answers[\(key)][\(item.rawValue)]", question: item.question,
                        clause: item.clause,
                        options: SelfCheckAnswer.Choice.allCases.enumerated().map { index, choice in
                            Option(
                                id: index == 0 ? field : "\(field)-\(choice.rawValue)", value: choice.rawValue,
                                title: choice.title, checked: sent[key]?[item.rawValue] == choice.rawValue)
                        })
                })
        }
        var change = URLComponents()
        change.queryItems =
            form.usesNone && platforms.isEmpty
            ? [URLQueryItem(name: "none", value: "1")] : platforms.map { URLQueryItem(name: "platforms[]", value: $0) }
        let content = QuestionsContent(
            term: form.term ?? open.map { String($0.round) } ?? "", termName: open?.term.name ?? "",
            platforms: blocks, none: form.usesNone && platforms.isEmpty,
            contacted: [("yes", "Yes"), ("no", "No")].enumerated().map { index, pair in
                Option(
                    id: index == 0 ? "contacted" : "contacted-\(pair.0)", value: pair.0, title: pair.1,
                    checked: form.contacted == pair.0)
            }, note: form.note ?? "", changeHref: SelfCheckPaths.new() + "?" + (change.percentEncodedQuery ?? ""),
            errors: FormErrors(errors))
        return try await req.page(
            "selfchecks/questions", title: "Privacy check: your settings", content,
            status: errors.isEmpty ? .ok : .badRequest)
    }
}
