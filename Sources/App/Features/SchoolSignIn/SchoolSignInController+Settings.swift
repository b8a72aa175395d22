// The school's sign-in settings (headteacher or trust administrator), and removing a person's link.

import Fluent
import StewardCore
import Vapor

extension SchoolSignInController {
    struct SettingsForm: Content {
        var kind: String?
        var organisation: String?
        var issuer: String?
        var clientID: String?
        var clientSecret: String?
        var enabled: String?
        var passwordsOff: String?
    }

    struct SettingsContent: Encodable, Sendable {
        struct Kind: Encodable, Sendable {
            var value: String
            var title: String
            var hint: String
            var checked: Bool
        }
        var kinds: [Kind]
        var organisation: String
        var issuer: String
        var clientID: String
        var hasSecret: Bool
        var enabled: Bool
        var passwordsOff: Bool
        var redirectURI: String
        var links: Int
        var errors: FormErrors
    }

    /// A form's values, checked: what is saved, or every field's problem at once.
    struct ValidSettings {
        var kind: SignInProviderKind
        var organisation: String
        var issuer: String
        var clientID: String
        var clientSecret: String?
        var enabled: Bool
        var passwordsOff: Bool
    }

    static func validate(_ form: SettingsForm, hasSecret: Bool, allowLocal: Bool) -> Result<ValidSettings, FormInvalid>
    {
        var errors: [FieldError] = []
        let kind = SignInProviderKind(rawValue: form.kind ?? "")
        if kind == nil { errors.append(FieldError("kind", "Choose Microsoft, Google or another provider.")) }
        let organisation = (form.organisation ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        switch kind {
        case .microsoft:
            if UUID(uuidString: organisation) == nil {
                errors.append(
                    FieldError(
                        "organisation",
                        "Enter the directory (tenant) id from Microsoft Entra: 36 characters such as "
                            + "0f5d1b2c-3a4e-4b6f-8c9d-0e1f2a3b4c5d."))
            }
        case .google:
            if !Self.isDomain(organisation) {
                errors.append(
                    FieldError("organisation", "Enter the school's Google Workspace domain, such as school.org.uk."))
            }
        case .openID, nil:
            if organisation.count > 200 { errors.append(FieldError("organisation", "Use at most 200 characters.")) }
        }
        var issuer = (form.issuer ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if issuer.isEmpty, let kind, let derived = kind.defaultIssuer(organisation: organisation) { issuer = derived }
        if issuer.isEmpty {
            // Microsoft's is worked out from the tenant id (whose own message says what is wrong), Google's is known.
            if kind == .openID {
                errors.append(
                    FieldError("issuer", "Enter the provider's issuer address, such as https://id.example.org."))
            }
        } else if !ProviderAddress.isAllowed(issuer, allowLocal: allowLocal) || issuer.contains("?")
            || issuer.contains("#")
        {
            errors.append(
                FieldError(
                    "issuer",
                    "Enter the provider's public https address, with no query, such as https://id.example.org."))
        }
        let clientID = (form.clientID ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if clientID.isEmpty {
            errors.append(FieldError("clientID", "Enter the client (application) id the provider gave Steward."))
        } else if clientID.count > 256
            || clientID.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F })
        {
            errors.append(
                FieldError("clientID", "Enter the client id as the provider shows it: no spaces, at most 256."))
        }
        let secret = form.clientSecret ?? ""
        if secret.count > 512 || secret.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            errors.append(FieldError("clientSecret", "Paste the client secret as the provider shows it, at most 512."))
        } else if secret.isEmpty && !hasSecret {
            errors.append(FieldError("clientSecret", "Enter the client secret the provider gave Steward."))
        }
        let enabled = form.enabled == "on"
        let passwordsOff = form.passwordsOff == "on"
        if passwordsOff && !enabled {
            errors.append(
                FieldError("passwordsOff", "Turn sign-in with the school's account on before turning passwords off."))
        }
        guard errors.isEmpty, let kind else { return .failure(FormInvalid(errors: errors)) }
        return .success(
            ValidSettings(
                kind: kind, organisation: kind == .openID ? "" : organisation, issuer: issuer, clientID: clientID,
                clientSecret: secret.isEmpty ? nil : secret, enabled: enabled, passwordsOff: passwordsOff))
    }

    struct FormInvalid: Error {
        var errors: [FieldError]
    }

    static func isDomain(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.count <= 253, labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
        }
    }

    func settingsPage(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let provider = try await SignInProvider.query(on: req.db).inSchool(actor.schoolID).first()
        let form = SettingsForm(
            kind: provider?.kind.rawValue ?? SignInProviderKind.microsoft.rawValue,
            organisation: provider?.organisation ?? "", issuer: provider?.issuer ?? "",
            clientID: provider?.clientID ?? "", clientSecret: nil, enabled: provider?.enabled == true ? "on" : nil,
            passwordsOff: provider?.passwordsOff == true ? "on" : nil)
        let notice: String? = req.query[String.self, at: "done"] == "saved" ? "Sign-in settings saved." : nil
        return try await settingsForm(req, form: form, provider: provider, errors: [], notice: notice)
    }

    func settingsForm(
        _ req: Request, form: SettingsForm, provider: SignInProvider?, errors: [FieldError], notice: String? = nil,
        status: HTTPStatus? = nil
    ) async throws -> Response {
        let links =
            try await provider?.id.asyncMap {
                try await SignInLink.query(on: req.db).filter(\.$providerID == $0).count()
            } ?? 0
        let chosen = form.kind ?? SignInProviderKind.microsoft.rawValue
        let hints: [SignInProviderKind: String] = [
            .microsoft: "Microsoft 365 (Entra ID): tokens must come from the school's own tenant.",
            .google: "Google Workspace for Education: accounts must be in the school's own domain.",
            .openID: "Any other OpenID Connect provider, named by its issuer address.",
        ]
        let content = SettingsContent(
            kinds: SignInProviderKind.allCases.map {
                SettingsContent.Kind(
                    value: $0.rawValue, title: $0 == .openID ? "Another OpenID Connect provider" : $0.title,
                    hint: hints[$0] ?? "", checked: $0.rawValue == chosen)
            }, organisation: form.organisation ?? "", issuer: form.issuer ?? "", clientID: form.clientID ?? "",
            hasSecret: provider?.sealedClientSecret.isEmpty == false, enabled: form.enabled == "on",
            passwordsOff: form.passwordsOff == "on", redirectURI: SchoolSignIn.redirectURI(req.application),
            links: links, errors: FormErrors(errors))
        return try await req.page(
            "signin/settings", title: "Sign-in settings", content,
            status: status ?? (errors.isEmpty ? .ok : .badRequest), notice: notice)
    }

    func saveSettings(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let schoolID = actor.schoolID
        let form = (try? req.content.decode(SettingsForm.self)) ?? SettingsForm()
        let existing = try await SignInProvider.query(on: req.db).inSchool(schoolID).first()
        let valid: ValidSettings
        switch Self.validate(
            form, hasSecret: existing?.sealedClientSecret.isEmpty == false,
            allowLocal: req.application.steward.config.allowLocalSignIn)
        {
        case .failure(let invalid):
            return try await settingsForm(req, form: form, provider: existing, errors: invalid.errors)
        case .success(let checked): valid = checked
        }
        // Turned on only once Steward can read the provider's discovery document: a mistyped address shows here,
        // not at every sign-in.
        let openID = req.application.steward.openID
        if valid.enabled {
            await openID.forget(issuer: valid.issuer)
            do {
                _ = try await openID.metadata(issuer: valid.issuer, app: req.application)
            } catch let failure as SchoolSignInFailure {
                // What went wrong stays in the log: shown here, it would tell what answers at an address inside the
                // network.
                req.logger.notice("sign-in settings: \(failure.detail)")
                return try await settingsForm(
                    req, form: form, provider: existing,
                    errors: [
                        FieldError(
                            "issuer",
                            "Steward could not read the provider's discovery document at this address. Check the "
                                + "address (or the tenant id) and that the provider is reachable from this server.")
                    ])
            }
        }
        let provider = existing ?? SignInProvider(schoolID: schoolID)
        let issuerChanged = existing != nil && existing?.issuer != valid.issuer
        let oldIssuer = existing?.issuer
        provider.kindName = valid.kind.rawValue
        provider.organisation = valid.organisation
        provider.issuer = valid.issuer
        provider.clientID = valid.clientID
        if let secret = valid.clientSecret {
            provider.sealedClientSecret = try Secrets.seal(
                Array(secret.utf8), key: req.application.steward.secretKey, purpose: SignInProvider.secretPurpose)
        }
        provider.enabled = valid.enabled
        provider.passwordsOff = valid.passwordsOff
        provider.updatedAt = Date()
        provider.updatedBy = actor.personID
        try await req.write { db, audit in
            try await provider.save(on: db)
            var details = [
                "provider": valid.kind.rawValue, "issuer": valid.issuer, "client_id": valid.clientID,
                "organisation": valid.organisation, "enabled": valid.enabled ? "yes" : "no",
                "passwords_off": valid.passwordsOff ? "yes" : "no",
                "secret_changed": valid.clientSecret == nil ? "no" : "yes",
            ]
            // Another issuer's subject ids mean nothing here: its links go, and people link again at next sign-in.
            if issuerChanged, let providerID = provider.id {
                let removed = try await SignInLink.query(on: db).filter(\.$providerID == providerID).all()
                try await SignInLink.query(on: db).filter(\.$providerID == providerID).delete()
                try await SignInRequest.query(on: db).filter(\.$providerID == providerID).delete()
                details["links_removed"] = String(removed.count)
            }
            try await audit.append(
                "sign_in.settings_changed", target: "school:\(schoolID.uuidString)", schoolID: schoolID,
                details: details)
        }
        if let oldIssuer { await openID.forget(issuer: oldIssuer) }
        return req.redirect(to: SchoolSignInPaths.settings() + "?done=saved", redirectType: .normal)
    }

    /// Removes a person's link to the school's account: their next sign-in there links again by address.
    func unlink(req: Request) async throws -> Response {
        let (person, _) = try await PeopleController.manageablePerson(req)
        let personID = try person.requireID()
        let schoolID = person.$school.id
        try await req.write { db, audit in
            let links = try await SignInLink.query(on: db).filter(\.$personID == personID).all()
            guard !links.isEmpty else { return }
            try await SignInLink.query(on: db).filter(\.$personID == personID).delete()
            try await audit.append(
                "sign_in.link_removed", target: "person:\(personID.uuidString)", schoolID: schoolID,
                details: ["links": String(links.count)])
        }
        return req.redirect(to: PeoplePaths.show(personID) + "?done=sign-in-link-removed", redirectType: .normal)
    }
}
