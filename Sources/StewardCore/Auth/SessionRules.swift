// How long a sign-in lasts, and how many wrong passwords are tolerated.

import Foundation

/// The stages a browser session passes through on the way to being signed in.
public enum SessionStage: String, Codable, Sendable {
    /// Password accepted; waiting for a two-factor code.
    case awaitingSecondFactor = "awaiting_second_factor"
    /// Password accepted, but the person's role requires two-factor sign-in they have not set up yet:
    /// only the enrolment pages are open.
    case mustEnrolSecondFactor = "must_enrol_second_factor"
    /// Fully signed in.
    case signedIn = "signed_in"
}

/// Lifetimes of sessions, as rules a headteacher could ask about.
public enum SessionRules {
    /// A session unused for this long ends.
    public static let idleTimeout: TimeInterval = 30 * 60
    /// A session ends this long after sign-in, however busy.
    public static let absoluteTimeout: TimeInterval = 12 * 60 * 60
    /// Time allowed between the password and the two-factor code.
    public static let secondFactorWindow: TimeInterval = 5 * 60

    /// Whether a session is still valid at `now`.
    public static func isLive(stage: SessionStage, createdAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        switch stage {
        case .awaitingSecondFactor:
            return now.timeIntervalSince(createdAt) < secondFactorWindow
        case .mustEnrolSecondFactor, .signedIn:
            return now.timeIntervalSince(createdAt) < absoluteTimeout
                && now.timeIntervalSince(lastSeenAt) < idleTimeout
        }
    }
}

/// Limits on guessing passwords and codes, without letting anyone lock a person or a school out (issue 10).
///
/// Cyber Essentials asks for no more than 10 guesses in 5 minutes at an account from devices it does not know. A
/// device that has signed in to the account before carries a signed cookie; its own failures are counted apart, so
/// a stranger's ten wrong guesses do not stop the owner signing in from their own computer. Failures from one
/// address (a whole school behind one NAT, or everyone behind a proxy) slow further attempts from it, never refuse
/// them.
public enum SignInThrottle {
    public static let maxFailures = 10
    public static let window: TimeInterval = 5 * 60
    /// The longest an attempt from a busy address is held back.
    public static let maxDelay: TimeInterval = 8

    /// Whether an attempt at an account is refused: `failuresFromThisDevice` is nil for a device the account does
    /// not know, and then the account's failures from unknown devices count; a known device counts only its own.
    public static func isBlocked(failuresFromUnknownDevices: Int, failuresFromThisDevice: Int?) -> Bool {
        if let own = failuresFromThisDevice { return own >= maxFailures }
        return failuresFromUnknownDevices >= maxFailures
    }

    /// How long to hold back an attempt from an address with `failures` recent failures: nothing up to the limit,
    /// then one second more for each failure past it, up to `maxDelay`.
    public static func addressDelay(failures: Int) -> TimeInterval {
        guard failures >= maxFailures else { return 0 }
        return min(maxDelay, TimeInterval(failures - maxFailures + 1))
    }
}
