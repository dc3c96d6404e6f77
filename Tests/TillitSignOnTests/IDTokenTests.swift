import Crypto
import Foundation
import JWTKit
import NIOConcurrencyHelpers
import Testing
@testable import TillitSignOn

/// A provider's signing key, made for the test: ES256 with its key id and public JWK.
struct TestKey: Sendable {
    let id: String
    let key: ES256PrivateKey

    init(_ id: String) {
        self.id = id
        self.key = ES256PrivateKey()
    }

    /// The public half as a JWKS entry, as a provider publishes it.
    var jwk: [String: String] {
        let parameters = key.publicKey.parameters!
        return ["kty": "EC", "crv": "P-256", "kid": id, "use": "sig", "x": parameters.x, "y": parameters.y]
    }

    /// `claims` signed with this key under `keyID` (default: its own id).
    func sign(_ claims: IDTokenClaims, keyID: String? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: key, kid: JWKIdentifier(string: keyID ?? id))
        return try await keys.sign(claims, kid: JWKIdentifier(string: keyID ?? id))
    }

    static func jwks(_ keys: [TestKey]) -> Data {
        try! JSONSerialization.data(withJSONObject: ["keys": keys.map(\.jwk)])
    }
}

/// A provider's HTTP endpoints in memory: discovery and keys, with counts of what was fetched.
final class MemoryProvider: SignOnHTTP, Sendable {
    let issuer: String
    let state: NIOLockedValueBox<(keys: [TestKey], issuerInDocument: String?, keyFetches: Int)>

    init(issuer: String, keys: [TestKey]) {
        self.issuer = issuer
        self.state = NIOLockedValueBox((keys, nil, 0))
    }

    func get(_ url: String) async throws -> SignOnHTTPResponse {
        if url == issuer + "/.well-known/openid-configuration" {
            let named = state.withLockedValue { $0.issuerInDocument } ?? issuer
            let document: [String: Any] = ["issuer": named, "authorization_endpoint": issuer + "/authorize", "token_endpoint": issuer + "/token",
                                           "jwks_uri": issuer + "/jwks", "end_session_endpoint": issuer + "/logout"]
            return SignOnHTTPResponse(status: 200, body: try JSONSerialization.data(withJSONObject: document))
        }
        if url == issuer + "/jwks" {
            let keys = state.withLockedValue { state in
                state.keyFetches += 1
                return state.keys
            }
            return SignOnHTTPResponse(status: 200, body: TestKey.jwks(keys))
        }
        return SignOnHTTPResponse(status: 404, body: Data())
    }

    func postForm(_ url: String, form: [(String, String)], user: String, password: String) async throws -> SignOnHTTPResponse {
        SignOnHTTPResponse(status: 400, body: Data(#"{"error":"unsupported"}"#.utf8))
    }
}

@Suite("ID token checks")
struct IDTokenTests {
    static let issuer = "https://login.kommun.example"
    static let now = Date(timeIntervalSince1970: 1_772_442_000)
    static let expect = IDTokenExpectations(issuer: issuer, clientID: "tillit", nonce: "n-123", now: now)

    static func claims(issuer: String = issuer, audience: [String] = ["tillit"], expires: Double = now.timeIntervalSince1970 + 300,
                       issuedAt: Double = now.timeIntervalSince1970 - 5, nonce: String? = "n-123", azp: String? = nil) -> IDTokenClaims {
        IDTokenClaims(issuer: issuer, subject: "abc-123", audience: audience, expires: expires, issuedAt: issuedAt, nonce: nonce,
                      authorizedParty: azp, email: "nora@kommun.example", emailVerified: true, name: "Nora")
    }

    func verify(_ token: String, keys: [TestKey], expect: IDTokenExpectations = IDTokenTests.expect) async throws -> IDTokenClaims {
        let directory = ProviderDirectory(http: MemoryProvider(issuer: Self.issuer, keys: keys))
        return try await directory.verify(token, issuer: Self.issuer, expect: expect)
    }

    func problem(_ token: String, keys: [TestKey]) async -> IDTokenProblem? {
        do {
            _ = try await verify(token, keys: keys)
            return nil
        } catch let problem as IDTokenProblem {
            return problem
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test("a token signed by the provider's key, for Tillit, in time and with the nonce, is accepted")
    func accepted() async throws {
        let key = TestKey("k1")
        let claims = try await verify(try await key.sign(Self.claims()), keys: [key])
        #expect(claims.subject == "abc-123" && claims.email == "nora@kommun.example" && claims.emailVerified == true)
    }

    @Test("a signature made with another key under the provider's key id is refused")
    func badSignature() async throws {
        let key = TestKey("k1"), forger = TestKey("k1")
        #expect(await problem(try await forger.sign(Self.claims()), keys: [key]) == .badSignature)
        // and a token whose signature was changed
        var token = try await key.sign(Self.claims())
        token.removeLast(4)
        token += "AAAA"
        #expect(await problem(token, keys: [key]) == .badSignature)
    }

    @Test("a token for another client is refused, also among several audiences without this client as authorised party")
    func audience() async throws {
        let key = TestKey("k1")
        #expect(await problem(try await key.sign(Self.claims(audience: ["another-app"])), keys: [key]) == .wrongAudience)
        #expect(await problem(try await key.sign(Self.claims(audience: ["tillit", "another-app"])), keys: [key]) == .wrongAudience)
        #expect(await problem(try await key.sign(Self.claims(audience: ["tillit", "another-app"], azp: "another-app")), keys: [key]) == .wrongAudience)
        #expect(await problem(try await key.sign(Self.claims(audience: ["tillit", "another-app"], azp: "tillit")), keys: [key]) == nil)
    }

    @Test("expiry and issue time hold with a minute of clock skew and no more")
    func time() async throws {
        let key = TestKey("k1")
        let now = Self.now.timeIntervalSince1970
        #expect(await problem(try await key.sign(Self.claims(expires: now - 61)), keys: [key]) == .expired)
        #expect(await problem(try await key.sign(Self.claims(expires: now - 30)), keys: [key]) == nil)
        #expect(await problem(try await key.sign(Self.claims(issuedAt: now + 61)), keys: [key]) == .issuedAtWrong)
        #expect(await problem(try await key.sign(Self.claims(issuedAt: now + 30)), keys: [key]) == nil)
        #expect(await problem(try await key.sign(Self.claims(expires: now + 3600, issuedAt: now - 3600)), keys: [key]) == .issuedAtWrong)
    }

    @Test("another issuer, another nonce or none is refused")
    func issuerAndNonce() async throws {
        let key = TestKey("k1")
        #expect(await problem(try await key.sign(Self.claims(issuer: "https://evil.example")), keys: [key]) == .wrongIssuer)
        #expect(await problem(try await key.sign(Self.claims(nonce: "n-other")), keys: [key]) == .nonceMismatch)
        #expect(await problem(try await key.sign(Self.claims(nonce: nil)), keys: [key]) == .nonceMismatch)
    }

    @Test("an unsigned token (alg none) and an HMAC one are refused before any key is tried")
    func algorithms() async throws {
        let key = TestKey("k1")
        func encoded(_ object: [String: Any]) -> String {
            try! JSONSerialization.data(withJSONObject: object).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        let payload = encoded(["iss": Self.issuer, "sub": "abc", "aud": "tillit", "exp": Self.now.timeIntervalSince1970 + 300,
                               "iat": Self.now.timeIntervalSince1970, "nonce": "n-123"])
        #expect(await problem(encoded(["alg": "none", "kid": "k1"]) + "." + payload + ".", keys: [key]) == .algorithmNotAllowed)
        let hmac = HMAC<SHA256>.authenticationCode(for: Data((encoded(["alg": "HS256", "kid": "k1"]) + "." + payload).utf8), using: SymmetricKey(data: Data("client-secret".utf8)))
        let signature = Data(hmac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        #expect(await problem(encoded(["alg": "HS256", "kid": "k1"]) + "." + payload + "." + signature, keys: [key]) == .algorithmNotAllowed)
        #expect(await problem("not a token", keys: [key]) == .malformed)
    }

    @Test("a new key id makes the keys be fetched again (rotation); an unknown one is refused without fetching them over and over")
    func rotation() async throws {
        let old = TestKey("2026-01"), new = TestKey("2026-03"), unknown = TestKey("never")
        let provider = MemoryProvider(issuer: Self.issuer, keys: [old])
        let directory = ProviderDirectory(http: provider)
        // given the keys were read once
        _ = try await directory.verify(try await old.sign(Self.claims()), issuer: Self.issuer, expect: Self.expect)
        #expect(provider.state.withLockedValue { $0.keyFetches } == 1)
        // when the provider rotates to a new key
        provider.state.withLockedValue { $0.keys = [new] }
        let claims = try await directory.verify(try await new.sign(Self.claims()), issuer: Self.issuer, expect: Self.expect)
        // then the keys are read again and the token is accepted
        #expect(claims.subject == "abc-123")
        #expect(provider.state.withLockedValue { $0.keyFetches } == 2)
        // a key id no one published: refused, and not fetched again within the minute
        do {
            _ = try await directory.verify(try await unknown.sign(Self.claims()), issuer: Self.issuer, expect: Self.expect)
            Issue.record("an unknown key was accepted")
        } catch let problem as IDTokenProblem {
            #expect(problem == .unknownKey)
        }
        #expect(provider.state.withLockedValue { $0.keyFetches } == 2)
    }

    @Test("a discovery document that names another issuer is not used")
    func discoveryIssuer() async throws {
        let provider = MemoryProvider(issuer: Self.issuer, keys: [TestKey("k1")])
        provider.state.withLockedValue { $0.issuerInDocument = "https://other.example" }
        await #expect(throws: ProviderProblem.badDocument) {
            _ = try await ProviderDirectory(http: provider).metadata(issuer: Self.issuer, now: Self.now)
        }
        // a trailing slash typed in the setting is forgiven
        provider.state.withLockedValue { $0.issuerInDocument = nil }
        #expect(try await ProviderDirectory(http: provider).metadata(issuer: Self.issuer + "/", now: Self.now).issuer == Self.issuer)
    }

    @Test("the PKCE challenge is the unpadded base64url SHA-256 of the verifier (RFC 7636, appendix B)")
    func pkce() {
        #expect(SignOn.codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test("the issuer setting wants https and a public host unless the platform allows otherwise")
    func issuerSetting() {
        #expect(SignOnSettings.issuerProblem("https://login.kommun.example/tenant/v2.0", allowHTTP: false, allowPrivate: false) == nil)
        #expect(SignOnSettings.issuerProblem("http://login.kommun.example", allowHTTP: false, allowPrivate: false)?.texts.sv == "Adressen måste börja med https://.")
        #expect(SignOnSettings.issuerProblem("https://10.0.0.5", allowHTTP: false, allowPrivate: false) != nil)
        #expect(SignOnSettings.issuerProblem("https://10.0.0.5", allowHTTP: false, allowPrivate: true) == nil)
        #expect(SignOnSettings.issuerProblem("http://127.0.0.1:8125", allowHTTP: true, allowPrivate: true) == nil)
        #expect(SignOnSettings.issuerProblem("not a url", allowHTTP: true, allowPrivate: true) != nil)
        #expect(SignOnSettings.issuerProblem("https://login.kommun.example?x=1", allowHTTP: false, allowPrivate: false) != nil)
    }
}
