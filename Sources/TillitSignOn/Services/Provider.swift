import AsyncHTTPClient
import Foundation
import JWTKit
import NIOCore
import NIOFoundationCompat
import NIOPosix
import TillitPlatform

/// What a provider's discovery document says (OpenID Connect Discovery 1.0, 3).
public struct ProviderMetadata: Codable, Sendable, Equatable {
    public let issuer: String
    public let authorizationEndpoint: String
    public let tokenEndpoint: String
    public let jwksURI: String
    public let endSessionEndpoint: String?

    enum CodingKeys: String, CodingKey {
        case issuer, authorizationEndpoint = "authorization_endpoint", tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri", endSessionEndpoint = "end_session_endpoint"
    }
}

/// An HTTP answer: its status and body.
public struct SignOnHTTPResponse: Sendable {
    public let status: Int
    public let body: Data
    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// The provider's HTTP endpoints as Tillit calls them (server to server).
public protocol SignOnHTTP: Sendable {
    func get(_ url: String) async throws -> SignOnHTTPResponse
    /// A form POST, with HTTP Basic client authentication (`client_secret_basic`).
    func postForm(_ url: String, form: [(String, String)], user: String, password: String) async throws -> SignOnHTTPResponse
}

/// Why a provider could not be used: its address, its answer, or its documents.
public enum ProviderProblem: Error, Equatable, Sendable {
    /// An address that is not https (unless allowed for tests), or on an internal network (unless allowed).
    case addressRefused
    case unreachable
    /// The discovery document or key set is not what the standard says, or names another issuer.
    case badDocument
    /// The token endpoint refused the code (with its OAuth error code, if it gave one).
    case tokenRefused(String)

    public var code: String {
        switch self {
        case .addressRefused: "provider-address"
        case .unreachable: "provider-unreachable"
        case .badDocument: "provider-document"
        case .tokenRefused: "provider-token"
        }
    }
}

/// The provider's endpoints over AsyncHTTPClient: no redirects followed, bounded time and size,
/// https only and no internal addresses unless the platform allows them.
public struct LiveSignOnHTTP: SignOnHTTP {
    /// Plain http (for a provider on this machine in tests).
    public let allowHTTP: Bool
    /// Addresses on loopback, link-local and private networks (an identity provider inside the
    /// organisation's network, such as AD FS).
    public let allowPrivate: Bool

    public init(allowHTTP: Bool, allowPrivate: Bool) {
        self.allowHTTP = allowHTTP
        self.allowPrivate = allowPrivate
    }

    /// One client for the process, never shut down (it lives as long as the process).
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(10))
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }()

    static let maxBody = 1 << 20

    /// Whether `url` may be called: its scheme, and its host by name and by resolved address.
    func check(_ url: String) async throws(ProviderProblem) {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty,
              components.scheme == "https" || (allowHTTP && components.scheme == "http") else { throw .addressRefused }
        guard !allowPrivate else { return }
        guard !NetworkAddress.namesInternalHost(host) else { throw .addressRefused }
        let port = components.port ?? (components.scheme == "https" ? 443 : 80)
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        let address: SocketAddress
        do {
            address = try await NIOThreadPool.singleton.runIfActive { try SocketAddress.makeAddressResolvingHost(bare, port: port) }
        } catch {
            throw .unreachable
        }
        if let ip = address.ipAddress, let bytes = NetworkAddress.bytes(ip), NetworkAddress.isInternal(bytes) { throw .addressRefused }
    }

    func run(_ request: HTTPClientRequest) async throws(ProviderProblem) -> SignOnHTTPResponse {
        do {
            let response = try await Self.client.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: Self.maxBody)
            return SignOnHTTPResponse(status: Int(response.status.code), body: Data(buffer: body))
        } catch {
            throw .unreachable
        }
    }

    public func get(_ url: String) async throws -> SignOnHTTPResponse {
        try await check(url)
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        return try await run(request)
    }

    public func postForm(_ url: String, form: [(String, String)], user: String, password: String) async throws -> SignOnHTTPResponse {
        try await check(url)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        // RFC 6749, 2.3.1: the id and secret are form-encoded before they go into Basic.
        let credentials = "\(FormEncoding.encode(user)):\(FormEncoding.encode(password))"
        request.headers.add(name: "Authorization", value: "Basic " + Data(credentials.utf8).base64EncodedString())
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(form)))
        return try await run(request)
    }
}

/// application/x-www-form-urlencoded, as OAuth wants it.
public enum FormEncoding {
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    public static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}

/// Providers' discovery documents and keys, kept for a while per issuer. A token signed with a
/// key id Tillit does not know makes it fetch the keys again (the provider rotated them), at most
/// once a minute per provider.
public actor ProviderDirectory {
    struct Entry {
        var metadata: ProviderMetadata
        var fetched: Date
        var keys: JWTKeyCollection
        var keyIDs: Set<String>
        /// When the keys were last fetched again for an unknown key id.
        var keysRefetched: Date?
    }

    let http: any SignOnHTTP
    var entries: [String: Entry] = [:]
    /// How long a discovery document and key set are used before they are fetched again.
    let lifetime: TimeInterval = 3600
    let refetchInterval: TimeInterval = 60

    public init(http: any SignOnHTTP) {
        self.http = http
    }

    /// The discovery URL for an issuer (Discovery 1.0, 4).
    static func discoveryURL(_ issuer: String) -> String {
        (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/openid-configuration"
    }

    /// The provider's metadata, fetched when not known or old.
    public func metadata(issuer: String, now: Date) async throws(ProviderProblem) -> ProviderMetadata {
        try await entry(issuer: issuer, now: now).metadata
    }

    func entry(issuer: String, now: Date) async throws(ProviderProblem) -> Entry {
        if let entry = entries[issuer], now.timeIntervalSince(entry.fetched) < lifetime { return entry }
        let response = try await call { try await self.http.get(Self.discoveryURL(issuer)) }
        guard response.status == 200, let metadata = try? JSONDecoder().decode(ProviderMetadata.self, from: response.body) else { throw .badDocument }
        // The document must name the issuer it was fetched for (Discovery 1.0, 4.3); a trailing
        // slash typed in the setting is forgiven.
        guard trimmed(metadata.issuer) == trimmed(issuer) else { throw .badDocument }
        let (keys, ids) = try await fetchKeys(metadata.jwksURI)
        let entry = Entry(metadata: metadata, fetched: now, keys: keys, keyIDs: ids, keysRefetched: nil)
        entries[issuer] = entry
        return entry
    }

    func fetchKeys(_ url: String) async throws(ProviderProblem) -> (JWTKeyCollection, Set<String>) {
        let response = try await call { try await self.http.get(url) }
        guard response.status == 200, let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any],
              let list = object["keys"] as? [[String: Any]] else { throw .badDocument }
        let keys = JWTKeyCollection()
        var ids: Set<String> = []
        for item in list {
            // Keys for encryption, or of a kind jwt-kit does not take, are left out one by one.
            guard (item["use"] as? String) != "enc", let data = try? JSONSerialization.data(withJSONObject: item),
                  let key = try? JSONDecoder().decode(JWK.self, from: data), let id = key.keyIdentifier,
                  (try? await keys.add(jwk: key)) != nil else { continue }
            ids.insert(id.string)
        }
        guard !ids.isEmpty else { throw .badDocument }
        return (keys, ids)
    }

    /// Checks an ID token's signature with the provider's keys, fetching them again when the
    /// token names a key id not among them, and then its claims.
    public func verify(_ token: String, issuer: String, expect: IDTokenExpectations) async throws -> IDTokenClaims {
        var entry = try await entry(issuer: issuer, now: expect.now)
        let (_, keyID) = try IDTokenCheck.header(token)
        if let keyID, !entry.keyIDs.contains(keyID) {
            if let last = entry.keysRefetched, expect.now.timeIntervalSince(last) < refetchInterval { throw IDTokenProblem.unknownKey }
            let (keys, ids) = try await fetchKeys(entry.metadata.jwksURI)
            entry.keys = keys
            entry.keyIDs = ids
            entry.keysRefetched = expect.now
            entries[issuer] = entry
            guard ids.contains(keyID) else { throw IDTokenProblem.unknownKey }
        }
        let claims = try await IDTokenCheck.signedClaims(token, keys: entry.keys)
        try IDTokenCheck.claims(claims, expect)
        return claims
    }

    /// Forgets what is known about an issuer (its settings changed).
    public func forget(issuer: String) {
        entries[issuer] = nil
    }

    private func call(_ body: () async throws -> SignOnHTTPResponse) async throws(ProviderProblem) -> SignOnHTTPResponse {
        do {
            return try await body()
        } catch let problem as ProviderProblem {
            throw problem
        } catch {
            throw .unreachable
        }
    }

    private func trimmed(_ text: String) -> String {
        text.hasSuffix("/") ? String(text.dropLast()) : text
    }
}
