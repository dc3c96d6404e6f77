import Foundation
import HTTPTypes
import Hummingbird
import TillitPlatform

/// The proxies whose `X-Forwarded-For` is believed (`TILLIT_TRUSTED_PROXIES`: addresses and
/// networks such as `10.0.0.5, 10.1.0.0/16, fd00::/8`). Behind a proxy every connection comes from
/// the proxy, so without this every client would share one address and one attempt limit.
public struct TrustedProxies: Sendable, Equatable {
    struct Network: Sendable, Equatable {
        let bytes: [UInt8]
        let prefix: Int
        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var left = prefix
            for (a, b) in zip(address, bytes) where left > 0 {
                let bits = min(8, left)
                let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if a & mask != b & mask { return false }
                left -= bits
            }
            return true
        }
    }

    let networks: [Network]

    public static let none = TrustedProxies(networks: [])

    init(networks: [Network]) {
        self.networks = networks
    }

    /// Parses a comma-separated list; nil (with the bad entry) when an entry is not an address or network.
    public static func parse(_ list: String) -> Result<TrustedProxies, Invalid> {
        var networks: [Network] = []
        for raw in list.split(separator: ",") {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty { continue }
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = address(parts[0]) else { return .failure(Invalid(entry: entry)) }
            let maxPrefix = bytes.count * 8
            var prefix = maxPrefix
            if parts.count == 2 {
                guard let p = Int(parts[1]), (0...maxPrefix).contains(p) else { return .failure(Invalid(entry: entry)) }
                prefix = p
            }
            networks.append(Network(bytes: bytes, prefix: prefix))
        }
        return .success(TrustedProxies(networks: networks))
    }

    public struct Invalid: Error, Equatable {
        public let entry: String
    }

    /// An IPv4 or IPv6 address as its bytes; an IPv4 address written as IPv6 (`::ffff:a.b.c.d`) as IPv4.
    static func address(_ text: String) -> [UInt8]? {
        NetworkAddress.bytes(text).map(NetworkAddress.unmapped)
    }

    func trusts(_ address: String) -> Bool {
        guard !networks.isEmpty, let bytes = Self.address(address) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The client behind a chain of proxies: the connection's address unless it is a trusted proxy;
    /// then, from the right of `X-Forwarded-For`, the first address that is not a trusted proxy (an
    /// address a client wrote itself, further left, is never believed).
    public func client(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer, trusts(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard Self.address(hop) != nil else { break }
            client = hop
            if !trusts(hop) { break }
        }
        return client
    }
}

/// Resolves the client's address once, before anything counts attempts by it.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trusted: TrustedProxies

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !trusted.networks.isEmpty else { return try await next(request, context) }
        var context = context
        context.clientAddress = trusted.client(peer: context.clientAddress, forwardedFor: request.headers[values: Self.forwardedFor])
        return try await next(request, context)
    }
}
