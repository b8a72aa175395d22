// Adding and editing a person: the form, its checks, and the roles a grantor may give.

import Fluent
import StewardCore
import Vapor

extension PeopleController {
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
            try await Features.tell(.staff(schoolID: schoolID), on: db, audit: audit)
            try await audit.append(
                "person.created", target: "person:\(id.uuidString)",
                details: [
                    "name": person.fullName, "email": person.email, "kind": person.kind.rawValue,
                    "roles": roles.sorted().map(\.rawValue).joined(separator: ","),
                ])
        }
        return req.redirect(to: PeoplePaths.show(try person.requireID()) + "?done=saved", redirectType: .normal)
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
            try await Features.tell(.staff(schoolID: schoolID), on: db, audit: audit)
        }
        return req.redirect(to: PeoplePaths.show(personID) + "?done=saved", redirectType: .normal)
    }

    func formContent(
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
            action: id.map { PeoplePaths.show($0) } ?? PeoplePaths.list(),
            heading: person.map { "Edit \($0.fullName)" } ?? "Add a person",
            submit: person == nil ? "Add person" : "Save changes",
            cancel: id.map { PeoplePaths.show($0) } ?? PeoplePaths.list(), values: values,
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
}
