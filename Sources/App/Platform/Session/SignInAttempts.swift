// Counting and recording sign-in attempts.

import Fluent
import StewardCore
import Vapor

/// Counting and recording sign-in attempts.
///
/// An attempt is counted before its password or code is checked, in a write transaction: writers are serialised, so
/// guesses sent at the same moment cannot all read a count under the limit (issue 10: sixteen at once all got
/// through). A right guess then takes its reservation back; a wrong one leaves it counted and is audited.
enum SignInAttempts {
    /// Whether a further attempt at `email` from `device` (nil: a device the account does not know) is refused: ten
    /// failures in five minutes from unknown devices since the account's last complete sign-in, or ten from this
    /// known device.
    static func isThrottled(
        email: String, device: String?, on db: any Database, now: Date = Date()
    ) async throws
        -> Bool
    {
        let since = now.addingTimeInterval(-SignInThrottle.window)
        let lastSuccess = try await LoginAttempt.query(on: db).filter(\.$email == email)
            .filter(\.$succeeded == true).filter(\.$at >= since).sort(\.$at, .descending).first()?.at
        let failures = LoginAttempt.query(on: db).filter(\.$email == email).filter(\.$succeeded == false)
            .filter(\.$at >= max(since, lastSuccess ?? since))
        if let device {
            let own = try await failures.filter(\.$device == device).count()
            return SignInThrottle.isBlocked(failuresFromUnknownDevices: 0, failuresFromThisDevice: own)
        }
        let unknown = try await failures.filter(\.$device == nil).count()
        return SignInThrottle.isBlocked(failuresFromUnknownDevices: unknown, failuresFromThisDevice: nil)
    }

    /// Counts an attempt at `email` as a failure until it is shown right; answers its id, or nil when the account is
    /// throttled (then `refusedAction`, if given, is audited and nothing is counted).
    static func reserve(_ req: Request, email: String, personID: UUID?, refusedAction: String?) async throws -> UUID? {
        let address = req.clientAddress
        let device = KnownDevices.deviceID(req, email: email)
        return try await req.write { db, audit in
            if try await Self.isThrottled(email: email, device: device, on: db) {
                if let refusedAction {
                    try await audit.append(
                        refusedAction, target: personID.map { "person:\($0.uuidString)" }, details: ["email": email])
                }
                return nil
            }
            let attempt = LoginAttempt(
                email: email, clientAddress: address, succeeded: false, at: Date(), device: device)
            try await attempt.create(on: db)
            return try attempt.requireID()
        }
    }

    /// The guess was wrong: it stays counted, and is audited.
    static func failed(_ req: Request, email: String, personID: UUID?, action: String) async throws {
        try await req.write { _, audit in
            try await audit.append(
                action, target: personID.map { "person:\($0.uuidString)" }, details: ["email": email])
        }
    }

    /// The guess was right: its reservation no longer counts as a failure.
    static func forget(_ attempt: UUID, on db: any Database) async throws {
        try await LoginAttempt.query(on: db).filter(\.$id == attempt).delete()
    }

    /// Holds an attempt back when its address has failed often: a whole school behind one address is slowed,
    /// never locked out.
    static func holdBack(_ req: Request) async throws {
        let since = Date().addingTimeInterval(-SignInThrottle.window)
        let failures = try await LoginAttempt.query(on: req.db).filter(\.$clientAddress == req.clientAddress)
            .filter(\.$succeeded == false).filter(\.$at >= since).count()
        let delay = SignInThrottle.addressDelay(failures: failures)
        if delay > 0 { try await Task.sleep(for: .seconds(delay)) }
    }
}
