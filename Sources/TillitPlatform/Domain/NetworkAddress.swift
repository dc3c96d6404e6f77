import Foundation

/// Which addresses a server may be asked to connect to on an organisation's behalf. An
/// administrator's mail relay must not point the server at itself or at the network behind it
/// (server-side request forgery) unless the platform allows it.
public enum NetworkAddress {
    /// The bytes of an IPv4 (4) or IPv6 (16) address written as text; nil for anything else.
    public static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:a.b.c.d`), else the bytes as they are.
    public static func unmapped(_ bytes: [UInt8]) -> [UInt8] {
        bytes.count == 16 && bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF ? Array(bytes[12...]) : bytes
    }

    /// Whether a host as written names this machine: `localhost`, a name under `.localhost`,
    /// 127.0.0.0/8 or `::1`.
    public static func namesThisMachine(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]."))
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        guard let bytes = bytes(name).map(unmapped) else { return false }
        return bytes.count == 4 ? bytes[0] == 127 : bytes == Array(repeating: 0, count: 15) + [1]
    }

    /// Whether an address is reachable only from inside: loopback, private, shared (CGNAT),
    /// link-local, unspecified, multicast, reserved, documentation and benchmarking ranges, and
    /// IPv6's unique-local and link-local ones, including IPv4 written inside IPv6.
    public static func isInternal(_ bytes: [UInt8]) -> Bool {
        if bytes.count == 4 {
            let (a, b) = (bytes[0], bytes[1])
            return a == 0 || a == 10 || a == 127 || a >= 224
                || (a == 100 && (64...127).contains(b))
                || (a == 169 && b == 254)
                || (a == 172 && (16...31).contains(b))
                || (a == 192 && b == 168)
                || (a == 192 && b == 0 && (bytes[2] == 0 || bytes[2] == 2))
                || (a == 198 && (b == 18 || b == 19))
                || (a == 198 && b == 51 && bytes[2] == 100)
                || (a == 203 && b == 0 && bytes[2] == 113)
        }
        guard bytes.count == 16 else { return true }
        // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64): the IPv4 inside decides.
        if unmapped(bytes).count == 4 || bytes[0..<12].allSatisfy({ $0 == 0 }) {
            return isInternal(Array(bytes[12...]))
        }
        if bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B && bytes[4..<12].allSatisfy({ $0 == 0 }) {
            return isInternal(Array(bytes[12...]))
        }
        return bytes[0] & 0xFE == 0xFC                       // fc00::/7 unique local
            || (bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80)  // fe80::/10 link-local
            || (bytes[0] == 0xFE && bytes[1] & 0xC0 == 0xC0)  // fec0::/10 site-local (deprecated)
            || bytes[0] == 0xFF                              // multicast
            || (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8) // documentation
    }

    /// Whether a host name as written names this machine or an internal network by itself: an
    /// internal address literal, `localhost` and names under `.localhost`, `.local`, `.internal`,
    /// `.lan`, `.home.arpa`. Other names are checked when they are resolved.
    public static func namesInternalHost(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        if let bytes = bytes(name) { return isInternal(bytes) }
        // Digits and dots only but not a dotted quad ("2130706433", "127.1"): resolvers read them as addresses.
        if !name.isEmpty && name.allSatisfy({ $0.isNumber || $0 == "." }) { return true }
        if name.hasPrefix("0x") { return true }
        return name == "localhost" || [".localhost", ".local", ".internal", ".lan", ".home.arpa"].contains { name.hasSuffix($0) }
    }
}
