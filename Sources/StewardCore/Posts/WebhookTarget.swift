// Where a school may send its approved posts: a public https address, never this machine or a private network.

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks a webhook address a headteacher types, and the addresses its host resolves to when a post is sent.
public enum WebhookTarget {
    /// Trims and checks `raw`: `https://` to a public host. With `allowLocal` (tests, closed networks) plain
    /// `http://`, loopback and private addresses are accepted too.
    public static func check(_ raw: String?, allowLocal: Bool) -> Result<String, FieldError> {
        let field = "webhook_url"
        let result = WebAddress.check(
            raw, field: field, label: "The webhook's address", required: false, secureOnly: !allowLocal)
        guard case .success(let text) = result, !text.isEmpty, !allowLocal else { return result }
        guard let host = URLComponents(string: text)?.host else { return result }
        if isLocal(host: host) {
            return .failure(
                FieldError(field, "The webhook must be a public address, not this computer or a private network."))
        }
        return .success(text)
    }

    /// Whether `host` (a name or an address, IPv6 in brackets or not) is this machine or a private, link-local,
    /// shared or reserved network. A host written as a number in any form but plain dotted decimal is refused too.
    public static func isLocal(host: String) -> Bool {
        let name = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if name.isEmpty { return true }
        if let bytes = address(name) { return isLocal(address: bytes) }
        if name.contains(":") { return true }  // looks like IPv6 but is not one
        if name == "localhost" || name.hasSuffix(".localhost") || name.hasSuffix(".local")
            || name.hasSuffix(".internal") || name.hasSuffix(".lan") || name.hasSuffix(".home.arpa")
            || !name.contains(".")
        {
            return true
        }
        // Digits, dots and hex only (2130706433, 0x7f.1, 127.1): an address in a form resolvers read differently.
        let numeric = name.unicodeScalars.allSatisfy { CharacterSet(charactersIn: "0123456789abcdefx.").contains($0) }
        return numeric && name.last?.isNumber == true
    }

    /// The bytes of an IPv4 (4) or IPv6 (16) address written as text, or nil when `text` is not one.
    public static func address(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    /// Whether an address (4 or 16 bytes) is not on the public internet.
    public static func isLocal(address bytes: [UInt8]) -> Bool {
        if bytes.count == 4 { return isLocalV4(bytes) }
        guard bytes.count == 16 else { return true }
        let prefix10 = Array(bytes[0..<10])
        let zeros10 = [UInt8](repeating: 0, count: 10)
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) carry an IPv4 address; so does NAT64's 64:ff9b::/96.
        if prefix10 == zeros10, (bytes[10] == 0xFF && bytes[11] == 0xFF) || (bytes[10] == 0 && bytes[11] == 0) {
            if bytes[10] == 0, bytes[12...15].allSatisfy({ $0 == 0 }) || bytes[12...14].allSatisfy({ $0 == 0 }) {
                return true  // :: and ::1
            }
            let embedded = Array(bytes[12...15])
            return isLocalV4(embedded)
        }
        if bytes[0] == 0x00, bytes[1] == 0x64, bytes[2] == 0xFF, bytes[3] == 0x9B {
            return isLocalV4(Array(bytes[12...15]))
        }
        if bytes[0] == 0x20, bytes[1] == 0x02 { return isLocalV4(Array(bytes[2...5])) }  // 6to4
        if bytes[0] & 0xFE == 0xFC { return true }  // unique local fc00::/7
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0x80 { return true }  // link-local fe80::/10
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0xC0 { return true }  // site-local fec0::/10
        if bytes[0] == 0xFF { return true }  // multicast
        if bytes[0] == 0x20, bytes[1] == 0x01, bytes[2] == 0x0D, bytes[3] == 0xB8 { return true }  // documentation
        if bytes[0] == 0x20, bytes[1] == 0x01, bytes[2] == 0x00, bytes[3] == 0x00 { return true }  // Teredo
        return bytes.allSatisfy { $0 == 0 }
    }

    static func isLocalV4(_ b: [UInt8]) -> Bool {
        switch (b[0], b[1], b[2]) {
        case (0, _, _), (10, _, _), (127, _, _): true
        case (100, 64...127, _): true  // shared address space
        case (169, 254, _): true  // link-local, cloud metadata
        case (172, 16...31, _): true
        case (192, 0, 0), (192, 0, 2), (192, 88, 99), (192, 168, _): true
        case (198, 18...19, _), (198, 51, 100), (203, 0, 113): true
        case (224...255, _, _): true  // multicast, reserved, broadcast
        default: false
        }
    }

    /// Every address `host` resolves to now, as bytes (empty when it does not resolve).
    public static func resolve(_ host: String) -> [[UInt8]] {
        let name = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if let literal = address(name) { return [literal] }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var found: [[UInt8]] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let socket = entry.pointee.ai_addr {
                switch Int32(socket.pointee.sa_family) {
                case AF_INET:
                    socket.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                        var address = v4.pointee.sin_addr
                        found.append(withUnsafeBytes(of: &address) { Array($0) })
                    }
                case AF_INET6:
                    socket.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                        var address = v6.pointee.sin6_addr
                        found.append(withUnsafeBytes(of: &address) { Array($0) })
                    }
                default: break
                }
            }
            cursor = entry.pointee.ai_next
        }
        return found
    }
}
