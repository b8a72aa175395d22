// Naming the address approved posts are sent to (an automation such as Power Automate, Zapier or Make), and the
// secret that signs them.

import Fluent
import StewardCore
import Vapor

extension ScreeningController {
    struct WebhookForm: Content {
        var webhookURL: String?
        var newSecret: String?

        enum CodingKeys: String, CodingKey {
            case webhookURL = "webhook_url"
            case newSecret = "new_secret"
        }
    }

    func saveWebhook(req: Request) async throws -> Response {
        let (actor, _) = try req.requireActor()
        let settings = try await SchoolScreening.settings(for: actor.schoolID, on: req.db)
        let form = try req.content.decode(WebhookForm.self)
        let config = req.application.steward.config
        let address: String
        switch WebhookTarget.check(form.webhookURL, allowLocal: config.allowLocalWebhooks) {
        case .success(let value): address = value
        case .failure(let error):
            return try await page(req, settings: settings, webhook: form.webhookURL ?? "", errors: [error])
        }
        let before = settings.webhookURL ?? ""
        // A new address, or a request for one, gets a new secret: the old receiver can no longer pass as Steward.
        let renew = settings.webhookSecret == nil || form.newSecret == "yes" || address != before
        let secret =
            renew
            ? try Secrets.seal(Array(WebhookSignature.newSecret().utf8), key: config.secretKey, purpose: "webhook")
            : settings.webhookSecret
        try await req.write { db, audit in
            settings.webhookURL = address.isEmpty ? nil : address
            settings.webhookSecret = address.isEmpty ? nil : secret
            settings.updatedAt = Date()
            settings.updatedBy = actor.personID
            try await settings.update(on: db)
            try await audit.append(
                "screening.webhook_saved",
                details: ["address": address, "was": before, "new_secret": renew && !address.isEmpty ? "yes" : "no"])
        }
        return req.redirect(
            to: PostPaths.screening() + (address.isEmpty ? "?done=webhook-off" : "?done=webhook"),
            redirectType: .normal)
    }
}
