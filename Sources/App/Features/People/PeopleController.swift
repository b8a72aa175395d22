// People of a school: the list, one person's page, adding, editing, deactivating and reactivating.

import Fluent
import StewardCore
import Vapor

struct PeopleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, PeoplePaths.list, action: .viewPeople, use: index)
        routes.on(.GET, PeoplePaths.new, action: .managePeople, use: newForm)
        routes.on(.POST, PeoplePaths.list, action: .managePeople, use: create)
        routes.on(.GET, PeoplePaths.show, action: .viewPeople, use: show)
        routes.on(.GET, PeoplePaths.edit, action: .managePeople, use: editForm)
        routes.on(.POST, PeoplePaths.show, action: .managePeople, use: update)
        routes.on(.POST, PeoplePaths.deactivate, action: .managePeople, use: deactivate)
        routes.on(.POST, PeoplePaths.reactivate, action: .managePeople, use: reactivate)
        routes.on(.POST, PeoplePaths.passwordLink, action: .managePeople, use: sendPasswordLink)
    }

    // MARK: - Queries, scoped to a school

    /// Loads a person of a school the actor may reach for `action`; anything else is "not found".
    static func person(_ req: Request, action: Action) async throws -> Person {
        try await req.record(Person.self, "personID", for: action)
    }

    /// Loads a person whose account the actor may change: an account holding a role only the trust may change
    /// (headteacher, chair of governors, governor, trust administrator) is refused to a headteacher.
    static func manageablePerson(_ req: Request) async throws -> (Person, Set<Role>) {
        let person = try await person(req, action: .managePeople)
        let roles = try await roles(of: try person.requireID(), in: person.$school.id, on: req.db)
        let grantor = req.actor?.rolesBySchool[person.$school.id] ?? []
        guard RoleGrants.mayManageAccount(holding: roles, grantorRoles: grantor) else {
            let held = roles.subtracting(roles.filter { RoleGrants.mayChange($0, grantorRoles: grantor) })
            throw Abort(
                .forbidden,
                reason:
                    "\(person.fullName) is \(held.sorted().map(\.title).joined(separator: " and ").lowercased()): only a trust administrator can change their account."
            )
        }
        return (person, roles)
    }

    static func roles(of personID: UUID, in schoolID: UUID, on db: any Database) async throws -> Set<Role> {
        let rows = try await RoleAssignment.query(on: db).filter(\.$person.$id == personID)
            .countingIn(schoolID).all()
        return Set(rows.map(\.role))
    }

    // MARK: - Pages

    struct PersonRow: Encodable, Sendable {
        var id: String
        var name: String
        var email: String
        var kind: String
        var jobTitle: String
        var roles: String
        var active: Bool
    }

    struct IndexContent: Encodable, Sendable {
        var people: [PersonRow]
        var show: String
        var query: String
        var canManage: Bool
        var canExport: Bool
        var total: Int
    }

    func index(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let show =
            ["active", "inactive", "all"].contains(req.query[String.self, at: "show"] ?? "")
            ? (req.query[String.self, at: "show"] ?? "active") : "active"
        let search = String((req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        var query = Person.query(on: req.db).inSchool(of: actor)
        if show == "active" { query = query.filter(\.$active == true) }
        if show == "inactive" { query = query.filter(\.$active == false) }
        let people = try await query.sort(\.$surname).sort(\.$forename).all()
        let needle = search.lowercased()
        let matching =
            needle.isEmpty
            ? people
            : people.filter { "\($0.fullName) \($0.email) \($0.jobTitle)".lowercased().contains(needle) }
        let ids = matching.compactMap(\.id)
        let assignments = try await RoleAssignment.query(on: req.db).filter(\.$person.$id ~~ ids)
            .countingIn(actor.schoolID).all()
        let rolesByPerson = Dictionary(grouping: assignments, by: { $0.$person.id })
        let rows = matching.map { person in
            PersonRow(
                id: person.id?.uuidString ?? "", name: "\(person.surname), \(person.forename)", email: person.email,
                kind: person.kind.title, jobTitle: person.jobTitle,
                roles: (rolesByPerson[person.id ?? UUID()] ?? []).map(\.role).sorted().map(\.title)
                    .joined(separator: ", "), active: person.active)
        }
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "added": "The person has been added."
            default: nil
            }
        return try await req.page(
            "people/index", title: "People",
            IndexContent(
                people: rows, show: show, query: search,
                canManage: AccessPolicy.can(actor, .managePeople) == .allowed,
                canExport: AccessPolicy.can(actor, .exportPeople) == .allowed, total: rows.count), notice: notice)
    }

    struct ShowContent: Encodable, Sendable {
        var id: String
        var name: String
        var email: String
        var kind: String
        var jobTitle: String
        var lineManager: String?
        var startDate: String?
        var leavingDate: String?
        var roles: [String]
        var active: Bool
        var canSignIn: Bool
        var twoFactor: Bool
        var canManage: Bool
        var isSelf: Bool
    }

    func show(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let person = try await Self.person(req, action: .viewPeople)
        let personID = try person.requireID()
        let manager = try await person.$lineManager.get(on: req.db)
        let roles = try await Self.roles(of: personID, in: person.$school.id, on: req.db)
        let notice: String? =
            switch req.query[String.self, at: "done"] {
            case "saved": "Changes saved."
            case "deactivated": "\(person.fullName) has been deactivated and signed out everywhere."
            case "reactivated": "\(person.fullName) has been reactivated."
            case "link-sent":
                "A link to set a password has been sent to \(person.email). It works once, for seven days."
            default: nil
            }
        let content = ShowContent(
            id: personID.uuidString, name: person.fullName, email: person.email, kind: person.kind.title,
            jobTitle: person.jobTitle, lineManager: manager?.fullName,
            startDate: person.startDate.flatMap(CalendarDate.init(parsing:))?.longForm,
            leavingDate: person.leavingDate.flatMap(CalendarDate.init(parsing:))?.longForm,
            roles: roles.sorted().map(\.title), active: person.active, canSignIn: person.passwordHash != nil,
            twoFactor: person.hasTwoFactor,
            canManage: AccessPolicy.can(actor, .managePeople, .schoolRecord(schoolID: person.$school.id)) == .allowed
                && RoleGrants.mayManageAccount(
                    holding: roles, grantorRoles: actor.rolesBySchool[person.$school.id] ?? []),
            isSelf: personID == actor.personID)
        return try await req.page("people/show", title: person.fullName, content, notice: notice)
    }

    struct Option: Encodable, Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct RoleOption: Encodable, Sendable {
        var value: String
        var label: String
        var checked: Bool
        var locked: Bool
    }

    struct FormContent: Encodable, Sendable {
        var action: String
        var heading: String
        var submit: String
        var cancel: String
        var values: [String: String]
        var kinds: [Option]
        var managers: [Option]
        var roles: [RoleOption]
        var errors: FormErrors
        var isNew: Bool
    }

    private func formContent(
        _ req: Request, person: Person?, form: PersonForm?, roles: Set<Role>, errors: [FieldError]
    ) async throws -> FormContent {
        let (actor, _) = try req.requireActor()
        let schoolID = person?.$school.id ?? actor.schoolID
        let candidates = try await Person.query(on: req.db).inSchool(schoolID).filter(\.$active == true)
            .sort(\.$surname).all().filter { $0.id != person?.id }
        let values: [String: String] = [
            "forename": form?.forename ?? person?.forename ?? "",
            "surname": form?.surname ?? person?.surname ?? "",
            "email": form?.email ?? person?.email ?? "",
            "jobTitle": form?.jobTitle ?? person?.jobTitle ?? "",
            "startDate": form?.startDate ?? person?.startDate ?? "",
            "leavingDate": form?.leavingDate ?? person?.leavingDate ?? "",
        ]
        let kind = form?.kind ?? person?.kind.rawValue ?? PersonKind.employee.rawValue
        let manager = form?.lineManager ?? person?.$lineManager.id?.uuidString ?? ""
        let grantor = actor.rolesBySchool[schoolID] ?? []
        let checked = form.map { Set(($0.roles ?? []).compactMap(Role.init(rawValue:))) } ?? roles
        let id = person?.id?.uuidString
        return FormContent(
            action: id.map { "/people/\($0)" } ?? "/people",
            heading: person.map { "Edit \($0.fullName)" } ?? "Add a person",
            submit: person == nil ? "Add person" : "Save changes",
            cancel: id.map { "/people/\($0)" } ?? "/people", values: values,
            kinds: PersonKind.allCases.map {
                Option(value: $0.rawValue, label: $0.title, selected: $0.rawValue == kind)
            },
            managers: candidates.map {
                Option(value: $0.id?.uuidString ?? "", label: $0.fullName, selected: $0.id?.uuidString == manager)
            },
            roles: Role.allCases.filter { !$0.isTrustLevel || grantor.contains(.trustAdmin) }.map {
                RoleOption(
                    value: $0.rawValue, label: $0.title, checked: checked.contains($0),
                    locked: !RoleGrants.mayChange($0, grantorRoles: grantor))
            }, errors: FormErrors(errors), isNew: person == nil)
    }

    func newForm(req: Request) async throws -> Response {
        try await req.page(
            "people/form", title: "Add a person",
            try await formContent(req, person: nil, form: nil, roles: [.staff], errors: []))
    }

    func editForm(req: Request) async throws -> Response {
        let (person, roles) = try await Self.manageablePerson(req)
        return try await req.page(
            "people/form", title: "Edit \(person.fullName)",
            try await formContent(req, person: person, form: nil, roles: roles, errors: []))
    }

    private func managerIDs(_ req: Request, schoolID: UUID) async throws -> Set<UUID> {
        Set(try await Person.query(on: req.db).inSchool(schoolID).all().compactMap(\.id))
    }

    func create(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let form = try req.content.decode(PersonForm.self)
        let schoolID = actor.schoolID
        guard let school = try await School.find(schoolID, on: req.db) else { throw Abort(.notFound) }
        var valid: PersonForm.Valid
        switch form.validate(lineManagers: try await managerIDs(req, schoolID: schoolID), editing: nil) {
        case .failure(let invalid):
            return try await req.page(
                "people/form", title: "Add a person",
                try await formContent(req, person: nil, form: form, roles: [], errors: invalid.errors),
                status: .badRequest)
        case .success(let v): valid = v
        }
        if try await Person.query(on: req.db).filter(\.$email == valid.email).first() != nil {
            return try await req.page(
                "people/form", title: "Add a person",
                try await formContent(
                    req, person: nil, form: form, roles: [],
                    errors: [FieldError("email", "Someone already uses this email address.")]), status: .badRequest)
        }
        let grantor = actor.roles
        valid.roles = valid.roles.filter { RoleGrants.mayChange($0, grantorRoles: grantor) }
        let hash = try await valid.password.asyncMap { try await req.application.steward.passwords.hash($0) }
        let person = Person(
            schoolID: schoolID, trustID: school.$trust.id, email: valid.email, forename: valid.forename,
            surname: valid.surname, kind: valid.kind, jobTitle: valid.jobTitle, startDate: valid.startDate?.description)
        person.leavingDate = valid.leavingDate?.description
        person.$lineManager.id = valid.lineManagerID
        person.passwordHash = hash
        let roles = valid.roles
        let changedBy = req.currentPerson?.fullName ?? "an administrator"
        try await req.write { db, audit in
            try await person.create(on: db)
            let id = try person.requireID()
            for role in roles.sorted() {
                try await RoleAssignment(
                    personID: id, trustID: school.$trust.id, schoolID: role.isTrustLevel ? nil : schoolID, role: role
                ).create(on: db)
            }
            try await RoleChanges.record(
                person: person, schoolID: schoolID, before: [], after: roles,
                changedBy: changedBy, on: db, audit: audit)
            try await audit.append(
                "person.created", target: "person:\(id.uuidString)",
                details: [
                    "name": person.fullName, "email": person.email, "kind": person.kind.rawValue,
                    "roles": roles.sorted().map(\.rawValue).joined(separator: ","),
                ])
        }
        return req.redirect(to: "/people/\(try person.requireID().uuidString)?done=saved", redirectType: .normal)
    }

    func update(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let (person, current) = try await Self.manageablePerson(req)
        let personID = try person.requireID()
        let schoolID = person.$school.id
        let form = try req.content.decode(PersonForm.self)
        var valid: PersonForm.Valid
        switch form.validate(lineManagers: try await managerIDs(req, schoolID: schoolID), editing: personID) {
        case .failure(let invalid):
            return try await req.page(
                "people/form", title: "Edit \(person.fullName)",
                try await formContent(req, person: person, form: form, roles: current, errors: invalid.errors),
                status: .badRequest)
        case .success(let v): valid = v
        }
        var problems: [FieldError] = []
        if valid.email != person.email,
            try await Person.query(on: req.db).filter(\.$email == valid.email).first() != nil
        {
            problems.append(FieldError("email", "Someone already uses this email address."))
        }
        let grantor = actor.rolesBySchool[schoolID] ?? []
        // Roles the editor may not change stay as they were.
        valid.roles = valid.roles.filter { RoleGrants.mayChange($0, grantorRoles: grantor) }
            .union(current.filter { !RoleGrants.mayChange($0, grantorRoles: grantor) })
        if personID == actor.personID, current.contains(.headteacher), !valid.roles.contains(.headteacher) {
            problems.append(
                FieldError(
                    "roles", "You cannot remove your own headteacher role. Ask another headteacher or the trust."))
        }
        if !problems.isEmpty {
            return try await req.page(
                "people/form", title: "Edit \(person.fullName)",
                try await formContent(req, person: person, form: form, roles: current, errors: problems),
                status: .badRequest)
        }
        let hash = try await valid.password.asyncMap { try await req.application.steward.passwords.hash($0) }
        let before = [
            "name": person.fullName, "email": person.email, "kind": person.kind.rawValue, "job_title": person.jobTitle,
            "start_date": person.startDate ?? "", "leaving_date": person.leavingDate ?? "",
            "line_manager": person.$lineManager.id?.uuidString ?? "",
            "roles": current.sorted().map(\.rawValue).joined(separator: ","),
        ]
        person.forename = valid.forename
        person.surname = valid.surname
        person.email = valid.email
        person.kind = valid.kind
        person.jobTitle = valid.jobTitle
        person.startDate = valid.startDate?.description
        person.leavingDate = valid.leavingDate?.description
        person.$lineManager.id = valid.lineManagerID
        if let hash { person.passwordHash = hash }
        let after = [
            "name": person.fullName, "email": person.email, "kind": person.kind.rawValue, "job_title": person.jobTitle,
            "start_date": person.startDate ?? "", "leaving_date": person.leavingDate ?? "",
            "line_manager": person.$lineManager.id?.uuidString ?? "",
            "roles": valid.roles.sorted().map(\.rawValue).joined(separator: ","),
        ]
        var changes: [String: String] = [:]
        for (key, value) in after where before[key] != value { changes[key] = "\(before[key] ?? "") → \(value)" }
        if hash != nil { changes["password"] = "set by administrator" }
        let newRoles = valid.roles
        let trustID = person.trustID
        let changeDetails = changes
        let changedBy = req.currentPerson?.fullName ?? "an administrator"
        try await req.write { db, audit in
            try await person.update(on: db)
            for role in current.subtracting(newRoles) {
                try await RoleAssignment.query(on: db).filter(\.$person.$id == personID).filter(\.$role == role)
                    .countingIn(schoolID).delete()
            }
            for role in newRoles.subtracting(current).sorted() {
                try await RoleAssignment(
                    personID: personID, trustID: trustID, schoolID: role.isTrustLevel ? nil : schoolID, role: role
                ).create(on: db)
            }
            if hash != nil {
                try await BrowserSession.query(on: db).filter(\.$person.$id == personID).delete()
                try await APITokens.revokeAll(of: personID, reason: "password set", on: db, audit: audit)
            }
            try await audit.append(
                "person.updated", target: "person:\(personID.uuidString)", schoolID: schoolID, details: changeDetails)
            try await RoleChanges.record(
                person: person, schoolID: schoolID, before: current, after: newRoles, changedBy: changedBy, on: db,
                audit: audit)
        }
        return req.redirect(to: "/people/\(personID.uuidString)?done=saved", redirectType: .normal)
    }
}
