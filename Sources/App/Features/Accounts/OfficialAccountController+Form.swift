// Adding, changing and retiring an official account.

import Fluent
import StewardCore
import Vapor

extension OfficialAccountController {
    func formPage(
        _ req: Request, account: OfficialAccount?, form: AccountForm, errors: [FieldError]
    ) async throws -> Response {
        let content = FormContent(
            id: account?.id?.uuidString,
            platforms: AccountPlatform.allCases.map {
                PlatformOption(value: $0.rawValue, title: $0.title, selected: form.platform == $0.rawValue)
            }, form: form, errors: FormErrors(errors))
        return try await req.page(
            "accounts/form", title: account == nil ? "Add an official account" : "Change \(account?.title ?? "")",
            content, status: errors.isEmpty ? .ok : .badRequest)
    }

    func newAccount(req: Request) async throws -> Response {
        try await formPage(req, account: nil, form: AccountForm(), errors: [])
    }

    func create(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let form = try req.content.decode(AccountForm.self)
        let valid: AccountForm.Valid
        switch form.validate() {
        case .failure(let invalid): return try await formPage(req, account: nil, form: form, errors: invalid.errors)
        case .success(let v): valid = v
        }
        let account = OfficialAccount(
            schoolID: actor.schoolID, platform: valid.platform, handle: valid.handle, address: valid.address,
            purpose: valid.purpose)
        try await req.write { db, audit in
            try await account.create(on: db)
            try await audit.append(
                "account.created", target: "account:\(try account.requireID().uuidString)",
                details: ["platform": valid.platform.rawValue, "handle": valid.handle, "address": valid.address])
        }
        return req.redirect(
            to: OfficialAccountPaths.show(try account.requireID()) + "?done=created", redirectType: .normal)
    }

    func edit(req: Request) async throws -> Response {
        let account = try await Self.account(req, for: .manageAccounts)
        return try await formPage(req, account: account, form: AccountForm(account), errors: [])
    }

    func update(req: Request) async throws -> Response {
        let account = try await Self.account(req, for: .manageAccounts)
        let form = try req.content.decode(AccountForm.self)
        let valid: AccountForm.Valid
        switch form.validate() {
        case .failure(let invalid): return try await formPage(req, account: account, form: form, errors: invalid.errors)
        case .success(let v): valid = v
        }
        var changes: [String: String] = [:]
        if account.platform != valid.platform {
            changes["platform"] = "\(account.platform.rawValue) → \(valid.platform.rawValue)"
        }
        if account.handle != valid.handle { changes["handle"] = "\(account.handle) → \(valid.handle)" }
        if account.address != valid.address { changes["address"] = "\(account.address) → \(valid.address)" }
        if account.purpose != valid.purpose { changes["purpose"] = "changed" }
        account.platform = valid.platform
        account.handle = valid.handle
        account.address = valid.address
        account.purpose = valid.purpose
        let details = changes
        try await req.write { db, audit in
            try await account.update(on: db)
            try await audit.append(
                "account.updated", target: "account:\(try account.requireID().uuidString)", schoolID: account.schoolID,
                details: details)
        }
        return req.redirect(
            to: OfficialAccountPaths.show(try account.requireID()) + "?done=saved", redirectType: .normal)
    }

    /// Retires an account the school no longer uses: its administrators come off it (a handover each, since they
    /// may still hold its password) and it leaves the choices for new drafts; its posts stay in the archive.
    func retire(req: Request) async throws -> Response {
        let account = try await Self.account(req, for: .manageAccounts)
        let accountID = try account.requireID()
        guard account.retiredAt == nil else {
            return req.redirect(to: OfficialAccountPaths.list() + "?done=retired", redirectType: .normal)
        }
        try await req.write { db, audit in
            account.retiredAt = Date()
            try await account.update(on: db)
            let administrators = try await AccountAdministrator.query(on: db).filter(\.$accountID == accountID).all()
            try await AccountHandovers.end(administrators, reason: "the account was retired", on: db, audit: audit)
            try await audit.append(
                "account.retired", target: "account:\(accountID.uuidString)", schoolID: account.schoolID,
                details: ["administrators_removed": String(administrators.count)])
        }
        return req.redirect(to: OfficialAccountPaths.list() + "?done=retired", redirectType: .normal)
    }

    struct PlatformOption: Encodable, Sendable {
        var value: String
        var title: String
        var selected: Bool
    }

    struct FormContent: Encodable, Sendable {
        var id: String?
        var platforms: [PlatformOption]
        var form: AccountForm
        var errors: FormErrors
    }
}
