// Declaring a relationship: choosing who, by three letters of a surname, and saying what it is.

import Fluent
import StewardCore
import Vapor

extension DeclarationController {
    struct Option: Encodable, Sendable {
        var value: String
        var title: String
        var selected: Bool
    }

    struct PlatformOption: Encodable, Sendable {
        var key: String
        var title: String
        var checked: Bool
    }

    struct FormContent: Encodable, Sendable {
        var parties: [Option]
        var natures: [Option]
        var platforms: [PlatformOption]
        var form: DeclarationForm
        var matches: [Match]
        var searched: Bool
        var party: String
        /// What the list of matches asks for: the pupil, their child (for a parent), the colleague, the governor.
        var pickLegend: String
        var errors: FormErrors
    }

    func formPage(
        _ req: Request, form: DeclarationForm, matches: [Match] = [], searched: Bool = false, errors: [FieldError]
    ) async throws -> Response {
        let chosen = Set(form.platforms ?? [])
        let content = FormContent(
            parties: DeclarationParty.allCases.map {
                Option(value: $0.rawValue, title: $0.title, selected: form.party == $0.rawValue)
            },
            natures: DeclarationNature.allCases.map {
                Option(value: $0.rawValue, title: $0.title, selected: form.nature == $0.rawValue)
            },
            platforms: req.application.steward.platforms.all.map {
                PlatformOption(key: $0.key, title: $0.title, checked: chosen.contains($0.key))
            }, form: form, matches: matches, searched: searched, party: form.party ?? "",
            pickLegend: Self.pickLegend(DeclarationParty(rawValue: form.party ?? "")), errors: FormErrors(errors))
        return try await req.page(
            "declarations/form", title: "Declare a relationship", content,
            status: errors.isEmpty ? .ok : .badRequest)
    }

    static func pickLegend(_ party: DeclarationParty?) -> String {
        switch party {
        case .pupil: "Choose the pupil"
        case .parent: "Choose their child"
        case .colleague: "Choose your colleague"
        case .governor: "Choose the governor"
        default: "Choose the person"
        }
    }

    func newDeclaration(req: Request) async throws -> Response {
        var form = DeclarationForm()
        form.party = DeclarationParty(rawValue: req.query[String.self, at: "party"] ?? "")?.rawValue
        return try await formPage(req, form: form, errors: [])
    }

    /// "Find" looks up the surname and shows the form again; "Declare" checks everything, works out the reviewer,
    /// saves, tells the reviewer, and opens the declaration.
    func create(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let form = try req.content.decode(DeclarationForm.self)
        let party = DeclarationParty(rawValue: form.party ?? "")
        if form.find != nil {
            guard let party, party.isOnRoll || party.isPerson else {
                return try await formPage(
                    req, form: form,
                    errors: [FieldError("party", "Choose a pupil, parent, colleague or governor to search for.")])
            }
            switch form.searchLetters() {
            case .failure(let error): return try await formPage(req, form: form, errors: [error])
            case .success(let letters):
                let matches: [Match]
                do {
                    matches = try await Self.search(letters, party: party, actor: actor, picked: form.pick, on: req)
                } catch is TooManySearches {
                    return try await formPage(
                        req, form: form,
                        errors: [
                            FieldError(
                                "surname",
                                "You have searched \(Self.searchesPerHour) times in the last hour. Wait a while, or "
                                    + "ask the school office to find the person for you.")
                        ])
                }
                return try await formPage(
                    req, form: form, matches: matches, searched: true,
                    errors: matches.isEmpty
                        ? [FieldError("surname", "Nobody's surname starts with “\(letters)”. Check the spelling.")] : []
                )
            }
        }
        let today = Display.today
        let valid: DeclarationForm.Valid
        switch form.validate(platforms: req.application.steward.platforms, today: today) {
        case .failure(let invalid):
            let again = try await rematch(req, form: form, actor: actor)
            return try await formPage(req, form: form, matches: again, searched: !again.isEmpty, errors: invalid.errors)
        case .success(let v): valid = v
        }
        let declaration: Declaration
        switch try await Self.save(req, valid) {
        case .failure(let error):
            let again = try await rematch(req, form: form, actor: actor)
            return try await formPage(req, form: form, matches: again, searched: !again.isEmpty, errors: [error])
        case .success(let saved): declaration = saved
        }
        return req.redirect(
            to: DeclarationPaths.show(try declaration.requireID()) + "?done=declared", redirectType: .normal)
    }

    /// Saves a checked declaration for the signed-in person: the other person from their own school only, routed
    /// to its reviewer, who is told. A pick that is not in the school is a field error, and nothing is written.
    static func save(_ req: Request, _ checked: DeclarationForm.Valid) async throws -> Result<Declaration, FieldError> {
        let (actor, person) = try req.requireActor()
        var valid = checked
        let made = try await Self.recent(["declaration.made"], by: actor, within: 86_400, on: req.db)
        guard made < Self.declarationsPerDay else {
            return .failure(
                FieldError(
                    "party",
                    "You have made \(Self.declarationsPerDay) declarations today. If you have more to declare, "
                        + "please talk to HR."))
        }
        // The other person, from the actor's own school only.
        var partyPerson: Person?
        var pupil: RosterPupil?
        if valid.party.isOnRoll {
            pupil = try await RosterPupil.query(on: req.db).inSchool(of: actor).filter(\.$id == valid.pick ?? UUID())
                .first()
            if pupil == nil { return .failure(FieldError("surname", "Choose a pupil on your school's roster.")) }
        } else if valid.party.isPerson {
            partyPerson = try await Person.query(on: req.db).inSchool(of: actor).filter(\.$id == valid.pick ?? UUID())
                .filter(\.$active == true).first()
            let rightKind = partyPerson.map { ($0.kind == .governor) == (valid.party == .governor) } ?? false
            if partyPerson == nil || !rightKind || partyPerson?.id == actor.personID {
                return .failure(
                    FieldError(
                        "surname",
                        valid.party == .governor
                            ? "Choose one of your school's governors." : "Choose a colleague at your school."))
            }
        }
        if valid.party == .pupil, let pupil { valid.name = Self.name(pupil) }
        if let partyPerson { valid.name = partyPerson.fullName }
        let route = try await Declarations.route(
            declarer: person, schoolID: actor.schoolID, otherParty: partyPerson?.id, on: req.db)
        let declaration = Declaration()
        declaration.schoolID = actor.schoolID
        declaration.declarerID = actor.personID
        declaration.partyKind = valid.party
        declaration.partyPersonID = partyPerson?.id
        declaration.partyPupilID = pupil?.id
        declaration.partyPupilLabel = pupil.map(Self.label) ?? ""
        declaration.partyName = valid.name
        declaration.nature = valid.nature
        declaration.detail = valid.detail
        declaration.since = valid.since.description
        declaration.platforms = valid.platforms.joined(separator: ",")
        declaration.reviewerKind = route.kind.rawValue
        declaration.reviewerID = route.personID
        declaration.passedToSafeguarding = false
        declaration.createdAt = Date()
        declaration.updatedAt = declaration.createdAt
        let base = req.application.steward.config.baseURL
        let (party, nature) = (valid.party, valid.nature)
        try await req.write { db, audit in
            try await declaration.create(on: db)
            let id = try declaration.requireID()
            try await audit.append(
                "declaration.made", target: "declaration:\(id.uuidString)",
                details: [
                    "party": party.rawValue, "nature": nature.rawValue, "routed_to": route.kind.rawValue,
                ])
            try await DeclarationMail.toReviewers(declaration, base: base, on: db)
        }
        return .success(declaration)
    }

    /// The matches to show again with a refused form, so the choice made stays on the page.
    private func rematch(_ req: Request, form: DeclarationForm, actor: Actor) async throws -> [Match] {
        guard let party = DeclarationParty(rawValue: form.party ?? ""), party.isOnRoll || party.isPerson,
            case .success(let letters) = form.searchLetters()
        else { return [] }
        do {
            return try await Self.search(letters, party: party, actor: actor, picked: form.pick, on: req)
        } catch is TooManySearches {
            return []
        }
    }
}
