// Where the parsed configuration and shared services hang off the Vapor application.

import Crypto
import Vapor

/// Services built once at start-up and shared by every request.
struct StewardServices: Sendable {
    var config: StewardConfig
    var passwords: Passwords
    /// What each kind of background job does.
    var jobHandlers: [String: JobHandler] = Jobs.builtInHandlers
    /// This instance's audited writes on PostgreSQL, one at a time (`WriteQueue`, `AuditLog.write`).
    let auditWriters = WriteQueue()
    /// Caps the uploads this instance receives at once.
    let uploads = UploadGate()
    /// Requests being handled now, waited for when the server stops.
    let inFlight = InFlightRequests()
    /// Each school's screener, rebuilt only when its roster, staff or terms change.
    let screening = SchoolScreening()
    /// Each person's home page, until anything is written (`HomeCache`).
    let homes = HomeCache()
    /// Each recently read policy version's text, rendered once (`PolicyDocumentCache`).
    let policyDocuments = PolicyDocumentCache()
    /// Each school identity provider's discovery document and signing keys (`OpenIDProviders`).
    var openID = OpenIDProviders(allowLocal: false)
    /// The personal platforms staff are asked about, each with its privacy-settings help (read at start-up).
    var platforms = SocialPlatforms.builtIn

    var trustedProxies: Set<String> { config.trustedProxies }
    var secretKey: SymmetricKey { config.secretKey }
    var auditSealing: AuditSealing { AuditSealing(config: config) }
}

extension Application {
    private struct StewardKey: StorageKey { typealias Value = StewardServices }

    var steward: StewardServices {
        get {
            guard let services = storage[StewardKey.self] else {
                fatalError("configure(_:config:) sets up Steward's services before anything uses them")
            }
            return services
        }
        set { storage[StewardKey.self] = newValue }
    }
}
