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

/// Limits on failed sign-ins, counted per account and per client address.
public enum SignInThrottle {
    public static let maxFailures = 10
    public static let window: TimeInterval = 5 * 60

    /// Whether another attempt is refused, given the failures counted in the window.
    public static func isBlocked(failuresForAccount: Int, failuresForAddress: Int) -> Bool {
        failuresForAccount >= maxFailures || failuresForAddress >= maxFailures
    }
}
