// The fields of an official account as the form sends them, and their checks.

import StewardCore
import Vapor

/// An official account as the form sends it.
struct AccountForm: Content, Sendable {
    var platform: String?
    var handle: String?
    var address: String?
    var purpose: String?

    struct Valid: Sendable {
        var platform: AccountPlatform
        var handle: String
        var address: String
        var purpose: String
    }

    init(platform: String? = nil, handle: String? = nil, address: String? = nil, purpose: String? = nil) {
        self.platform = platform
        self.handle = handle
        self.address = address
        self.purpose = purpose
    }

    init(_ account: OfficialAccount) {
        self.init(
            platform: account.platform.rawValue, handle: account.handle, address: account.address,
            purpose: account.purpose)
    }

    func validate() -> Result<Valid, InvalidInput> {
        var errors: [FieldError] = []
        let platform = AccountPlatform(rawValue: platform ?? "")
        if platform == nil { errors.append(FieldError("platform", "Choose where the account is.")) }
        func take(_ result: Result<String, FieldError>) -> String {
            switch result {
            case .success(let value): return value
            case .failure(let error):
                errors.append(error)
                return ""
            }
        }
        let handle = take(TextRules.line(handle, field: "handle", label: "The account's name or handle"))
        let address = take(WebAddress.check(address, field: "address", label: "The account's address"))
        let purpose = take(
            TextRules.paragraph(purpose, field: "purpose", label: "What the account is for", maxLength: 1_000))
        guard errors.isEmpty, let platform else { return .failure(InvalidInput(errors)) }
        return .success(Valid(platform: platform, handle: handle, address: address, purpose: purpose))
    }
}
