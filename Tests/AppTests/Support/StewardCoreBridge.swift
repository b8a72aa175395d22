// StewardCore's TOTP under a name that does not clash with Vapor's.

import Foundation
import StewardCore

enum StewardCoreBridge {
    static func decode(_ base32: String) -> [UInt8]? { Base32.decode(base32) }
    static func code(secret: [UInt8], at date: Date) -> String { StewardCore.TOTP(secret: secret).code(at: date) }
}
