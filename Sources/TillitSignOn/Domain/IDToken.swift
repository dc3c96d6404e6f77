import Foundation
import JWTKit

/// The claims of an ID token that Tillit reads (OpenID Connect Core 1.0, 2).
public struct IDTokenClaims: JWTPayload, Equatable {
    public let issuer: String
    public let subject: String
    public let audience: [String]
    public let expires: Double
    public let issuedAt: Double
    public let nonce: String?
    /// The party the token was issued to, when the audience names several.
    public let authorizedParty: String?
    public let email: String?
    /// Whether the provider checked the address; absent at many providers (Entra ID among them).
    public let emailVerified: Bool?
    public let name: String?
    /// The token's other claims that are a string or a list of strings (such as `groups` or
    /// `roles`), by claim name, for an organisation's role map; at most ``maxListValues`` values each.
    public let lists: [String: [String]]

    /// How many values of one listed claim are read (a person in more groups has the first ones).
    public static let maxListValues = 500
    static let standardClaims: Set<String> = ["iss", "sub", "aud", "exp", "iat", "nonce", "azp", "email", "email_verified", "name"]

    struct ClaimName: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    enum CodingKeys: String, CodingKey {
        case issuer = "iss", subject = "sub", audience = "aud", expires = "exp", issuedAt = "iat", nonce
        case authorizedParty = "azp", email, emailVerified = "email_verified", name
    }

    public init(issuer: String, subject: String, audience: [String], expires: Double, issuedAt: Double, nonce: String?,
                authorizedParty: String? = nil, email: String? = nil, emailVerified: Bool? = nil, name: String? = nil,
                lists: [String: [String]] = [:]) {
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.expires = expires
        self.issuedAt = issuedAt
        self.nonce = nonce
        self.authorizedParty = authorizedParty
        self.email = email
        self.emailVerified = emailVerified
        self.name = name
        self.lists = lists
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        issuer = try c.decode(String.self, forKey: .issuer)
        subject = try c.decode(String.self, forKey: .subject)
        // "aud" is one string or an array of them.
        if let one = try? c.decode(String.self, forKey: .audience) {
            audience = [one]
        } else {
            audience = try c.decode([String].self, forKey: .audience)
        }
        expires = try c.decode(Double.self, forKey: .expires)
        issuedAt = try c.decode(Double.self, forKey: .issuedAt)
        nonce = try c.decodeIfPresent(String.self, forKey: .nonce)
        authorizedParty = try c.decodeIfPresent(String.self, forKey: .authorizedParty)
        email = try c.decodeIfPresent(String.self, forKey: .email)
        // Some providers send the flag as the string "true".
        if let flag = try? c.decodeIfPresent(Bool.self, forKey: .emailVerified) {
            emailVerified = flag
        } else if let text = try? c.decodeIfPresent(String.self, forKey: .emailVerified) {
            emailVerified = text == "true"
        } else {
            emailVerified = nil
        }
        name = try? c.decodeIfPresent(String.self, forKey: .name)
        let others = try decoder.container(keyedBy: ClaimName.self)
        var lists: [String: [String]] = [:]
        for key in others.allKeys where !Self.standardClaims.contains(key.stringValue) && key.stringValue.count <= 100 {
            if let one = try? others.decode(String.self, forKey: key) {
                lists[key.stringValue] = [one]
            } else if let many = try? others.decode([String].self, forKey: key) {
                lists[key.stringValue] = Array(many.prefix(Self.maxListValues))
            }
        }
        self.lists = lists
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(issuer, forKey: .issuer)
        try c.encode(subject, forKey: .subject)
        try c.encode(audience, forKey: .audience)
        try c.encode(expires, forKey: .expires)
        try c.encode(issuedAt, forKey: .issuedAt)
        try c.encodeIfPresent(nonce, forKey: .nonce)
        try c.encodeIfPresent(authorizedParty, forKey: .authorizedParty)
        try c.encodeIfPresent(email, forKey: .email)
        try c.encodeIfPresent(emailVerified, forKey: .emailVerified)
        try c.encodeIfPresent(name, forKey: .name)
        var others = encoder.container(keyedBy: ClaimName.self)
        for (claim, values) in lists where !Self.standardClaims.contains(claim) {
            try others.encode(values, forKey: ClaimName(stringValue: claim))
        }
    }

    /// Nothing here: the claims are checked by ``IDTokenCheck/claims(_:_:)`` with the platform's clock.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Why an ID token was not accepted. Each case is told to the person as a sentence of its own
/// (``SignOnText``) and written to the audit log by its code.
public enum IDTokenProblem: Error, Equatable, Sendable {
    case malformed
    /// `none`, an HMAC algorithm or anything else outside ``IDTokenCheck/allowedAlgorithms``.
    case algorithmNotAllowed
    /// No key of the provider's (after fetching them again) has the token's key id.
    case unknownKey
    case badSignature
    case wrongIssuer
    case wrongAudience
    case expired
    /// Issued later than now (beyond the allowed clock skew), or so long ago it cannot be this sign-in's.
    case issuedAtWrong
    case nonceMismatch

    /// A short code for the audit log.
    public var code: String {
        switch self {
        case .malformed: "token-malformed"
        case .algorithmNotAllowed: "token-algorithm"
        case .unknownKey: "token-unknown-key"
        case .badSignature: "token-signature"
        case .wrongIssuer: "token-issuer"
        case .wrongAudience: "token-audience"
        case .expired: "token-expired"
        case .issuedAtWrong: "token-issued-at"
        case .nonceMismatch: "token-nonce"
        }
    }
}

/// What an ID token must say to be this sign-in's.
public struct IDTokenExpectations: Sendable {
    /// The provider's issuer exactly as its discovery document gives it.
    public let issuer: String
    public let clientID: String
    /// The nonce this sign-in sent.
    public let nonce: String
    public let now: Date
    /// How far the provider's clock may be from ours.
    public let skew: TimeInterval
    /// How old a token may be when it arrives (its `iat`).
    public let maxAge: TimeInterval

    public init(issuer: String, clientID: String, nonce: String, now: Date, skew: TimeInterval = 60, maxAge: TimeInterval = 600) {
        self.issuer = issuer
        self.clientID = clientID
        self.nonce = nonce
        self.now = now
        self.skew = skew
        self.maxAge = maxAge
    }
}

/// The checks of an ID token (OpenID Connect Core 1.0, 3.1.3.7): the signature with the provider's
/// keys (by jwt-kit), then issuer, audience, authorised party, expiry, issue time and nonce.
public enum IDTokenCheck {
    /// The asymmetric algorithms accepted. `none` and the HMAC ones (keyed with the client secret)
    /// are refused: a token must be signed by the provider's published keys.
    public static let allowedAlgorithms: Set<String> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]

    /// The token's header fields that pick its key, read without trusting them.
    public static func header(_ token: String) throws(IDTokenProblem) -> (algorithm: String, keyID: String?) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = base64URLDecoded(String(parts[0])),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let algorithm = object["alg"] as? String else { throw .malformed }
        return (algorithm, object["kid"] as? String)
    }

    /// Verifies the signature with `keys` and returns the claims, unchecked.
    public static func signedClaims(_ token: String, keys: JWTKeyCollection) async throws(IDTokenProblem) -> IDTokenClaims {
        let (algorithm, keyID) = try header(token)
        guard allowedAlgorithms.contains(algorithm) else { throw .algorithmNotAllowed }
        do {
            // Without a key id every key of the provider's is tried.
            return try await keys.verify(token, as: IDTokenClaims.self, iteratingKeys: keyID == nil)
        } catch let error as JWTError where error.errorType == .malformedToken || error.errorType == .claimVerificationFailure {
            throw .malformed
        } catch is DecodingError {
            throw .malformed
        } catch {
            throw .badSignature
        }
    }

    /// The claims' checks, with the platform's clock: pure.
    public static func claims(_ claims: IDTokenClaims, _ expect: IDTokenExpectations) throws(IDTokenProblem) {
        guard claims.issuer == expect.issuer else { throw .wrongIssuer }
        guard claims.audience.contains(expect.clientID) else { throw .wrongAudience }
        // With several audiences the token must have been issued to this client (3.1.3.7, 4–5).
        if claims.audience.count > 1 || claims.authorizedParty != nil {
            guard claims.authorizedParty == expect.clientID else { throw .wrongAudience }
        }
        let now = expect.now.timeIntervalSince1970
        guard claims.expires.isFinite, now < claims.expires + expect.skew else { throw .expired }
        guard claims.issuedAt.isFinite, claims.issuedAt <= now + expect.skew, claims.issuedAt >= now - expect.maxAge - expect.skew else { throw .issuedAtWrong }
        guard let nonce = claims.nonce, constantTimeEquals(nonce, expect.nonce) else { throw .nonceMismatch }
        guard !claims.subject.isEmpty else { throw .malformed }
    }

    static func base64URLDecoded(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
