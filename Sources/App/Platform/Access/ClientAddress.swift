// Working out who is really on the other end: the socket, unless a configured proxy vouches for someone else.

import Foundation
import Vapor

#if canImport(Glibc)
    import Glibc
#endif

enum ClientAddress {
    /// The client's address: the socket peer, or, when the peer is a trusted proxy, the nearest address in
    /// `X-Forwarded-For` that is not itself a trusted proxy. A header from anyone else is ignored, so a throttle
    /// keyed on the result cannot be dodged by inventing addresses.
    static func resolve(socket: String?, forwardedFor: [String], trustedProxies: Set<String>) -> String {
        let peer = socket ?? "unknown"
        guard trustedProxies.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        for hop in hops.reversed() where !trustedProxies.contains(hop) {
            return isIPAddress(hop) ? hop : peer
        }
        return peer
    }

    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return text.withCString { inet_pton(AF_INET, $0, &v4) == 1 || inet_pton(AF_INET6, $0, &v6) == 1 }
    }
}

extension Request {
    /// The client's address, resolved once per request.
    var clientAddress: String {
        if let cached = storage[ClientAddressKey.self] { return cached }
        let resolved = ClientAddress.resolve(
            socket: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor],
            trustedProxies: application.steward.trustedProxies)
        storage[ClientAddressKey.self] = resolved
        return resolved
    }

    /// The id that ties log lines, audit entries and error pages of one request together.
    var requestID: String { id }
}

private struct ClientAddressKey: StorageKey { typealias Value = String }
