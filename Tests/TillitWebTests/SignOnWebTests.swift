import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import NIOConcurrencyHelpers
import SQLKit
import Testing
import TillitPlatform
import TillitSignOn
import TillitTestSupport
@testable import TillitWeb

/// An OpenID Connect provider served on a real loopback port, with keys made for the test: its
/// discovery document, key set and token endpoint. The token endpoint checks the client's secret
/// and the PKCE verifier, takes each code once, and signs the ID token as `mode` says (right, or
/// with a fault Tillit must refuse).
final class TestProvider: Sendable {
    enum Mode: Sendable { case good, wrongAudience, badSignature, expired, otherIssuer }

    struct Grant: Sendable {
        let nonce: String
        let challenge: String
        let claims: [String: String]
    }

    struct State: Sendable {
        var mode = Mode.good
        var codes: [String: Grant] = [:]
        var tokenRequests = 0
    }

    static let clientID = "tillit-test"
    static let clientSecret = "klienthemlighet 1"
    let key = ES256PrivateKey()
    let forger = ES256PrivateKey()
    let keyID = "test-key-1"
    let state = NIOLockedValueBox(State())

    var jwks: [String: Any] {
        let parameters = key.publicKey.parameters!
        return ["keys": [["kty": "EC", "crv": "P-256", "kid": keyID, "use": "sig", "x": parameters.x, "y": parameters.y]]]
    }

    /// A code for a sign-in Tillit started, as the provider's sign-in page would hand it out.
    func issueCode(nonce: String, challenge: String, claims: [String: String]) -> String {
        let code = UUID().uuidString
        state.withLockedValue { $0.codes[code] = Grant(nonce: nonce, challenge: challenge, claims: claims) }
        return code
    }

    var application: some ApplicationProtocol {
        let router = Router()
        router.get("/.well-known/openid-configuration") { request, _ -> Response in
            let base = "http://\(request.head.authority ?? "127.0.0.1")"
            return try Self.json(["issuer": base, "authorization_endpoint": base + "/authorize", "token_endpoint": base + "/token",
                                  "jwks_uri": base + "/jwks", "end_session_endpoint": base + "/logout"])
        }
        router.get("/jwks") { _, _ -> Response in try Self.json(self.jwks) }
        router.post("/token") { request, _ -> Response in
            let base = "http://\(request.head.authority ?? "127.0.0.1")"
            let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
            var form: [String: String] = [:]
            for pair in body.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
                if parts.count == 2 { form[parts[0]] = parts[1] }
            }
            self.state.withLockedValue { $0.tokenRequests += 1 }
            let expected = "Basic " + Data("\(Self.clientID):\(Self.clientSecret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)".utf8).base64EncodedString()
            guard request.headers[.authorization] == expected else { return try Self.json(["error": "invalid_client"], status: .unauthorized) }
            let code = form["code"] ?? ""
            guard let grant = self.state.withLockedValue({ $0.codes.removeValue(forKey: code) }) else { return try Self.json(["error": "invalid_grant"], status: .badRequest) }
            guard SignOn.codeChallenge(form["code_verifier"] ?? "") == grant.challenge else { return try Self.json(["error": "invalid_grant"], status: .badRequest) }
            let mode = self.state.withLockedValue { $0.mode }
            // Tillit's clock in the tests is the harness's fixed one.
            let now = TestDatabases.epoch.timeIntervalSince1970
            let claims = IDTokenClaims(
                issuer: mode == .otherIssuer ? "https://evil.example" : base, subject: grant.claims["sub"] ?? "subject-1",
                audience: [mode == .wrongAudience ? "another-app" : Self.clientID],
                expires: mode == .expired ? now - 3600 : now + 300, issuedAt: mode == .expired ? now - 3700 : now, nonce: grant.nonce,
                email: grant.claims["email"], emailVerified: grant.claims["email_verified"].map { $0 == "true" }, name: grant.claims["name"],
                // "groups" is a list, written here with commas between its values.
                lists: grant.claims["groups"].map { ["groups": $0.split(separator: ",").map(String.init)] } ?? [:])
            let keys = JWTKeyCollection()
            await keys.add(ecdsa: mode == .badSignature ? self.forger : self.key, kid: JWKIdentifier(string: self.keyID))
            let token = try await keys.sign(claims, kid: JWKIdentifier(string: self.keyID))
            return try Self.json(["access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": token])
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))))
    }
}

/// A browser's cookies across requests.
struct Browser {
    var cookies: [String: String] = ["tillit_csrf": Caller.anonymous.csrfToken]

    var headers: HTTPFields {
        var headers = HTTPFields()
        headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
        return headers
    }

    mutating func take(_ response: TestResponse) {
        for field in response.headers where field.name == .setCookie {
            guard let pair = field.value.split(separator: ";").first, let eq = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<eq]), value = String(pair[pair.index(after: eq)...])
            if value.isEmpty || field.value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
    }
}

@Suite("Sign-on with an organisation's OpenID Connect provider")
struct SignOnWebTests {
    static let environment = ["TILLIT_OIDC_ALLOW_HTTP": "1", "TILLIT_OIDC_ALLOW_PRIVATE": "1"]

    /// The harness's organisation signs in with `provider`; `settings` adds to its sign-on settings.
    static func with(_ settings: [String: String] = [:], _ body: @Sendable @escaping (Harness, any TestClientProtocol, TestProvider) async throws -> Void) async throws {
        let provider = TestProvider()
        try await provider.application.test(.live) { providerClient in
            let issuer = "http://127.0.0.1:\(providerClient.port!)"
            try await Harness.with(environment: environment) { harness, app in
                _ = try await harness.platform.updateSettings(actor: .commandLine("test"), organisationID: harness.organisation.id, changes: [
                    "oidc_issuer": issuer, "oidc_client_id": TestProvider.clientID, "oidc_client_secret": TestProvider.clientSecret,
                ].merging(settings) { _, new in new })
                try await app.test(.router) { client in try await body(harness, client, provider) }
            }
        }
    }

    /// Starts a sign-in in `browser` and answers it as the provider would for `claims`: returns the
    /// provider's redirect back (the callback's address) and Tillit's answer to it.
    @discardableResult
    static func signIn(_ client: any TestClientProtocol, _ provider: TestProvider, _ browser: inout Browser, claims: [String: String],
                       next: String = "/mitt") async throws -> (callback: String, response: TestResponse) {
        let start = try await client.execute(uri: "/logga-in/sso/tillitsby?next=\(next)", method: .get, headers: browser.headers, body: nil)
        #expect(start.status == .seeOther)
        browser.take(start)
        let location = try #require(start.headers[.location])
        let query = Dictionary(uniqueKeysWithValues: (URLComponents(string: location)?.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(location.hasPrefix("http://127.0.0.1:") && location.contains("/authorize?"))
        #expect(query["response_type"] == "code" && query["client_id"] == TestProvider.clientID && query["code_challenge_method"] == "S256")
        #expect(query["scope"]?.split(separator: " ").contains("openid") == true)
        #expect(query["redirect_uri"]?.hasSuffix("/logga-in/sso/tillitsby/svar") == true)
        let code = provider.issueCode(nonce: try #require(query["nonce"]), challenge: try #require(query["code_challenge"]), claims: claims)
        let callback = "/logga-in/sso/tillitsby/svar?state=\(try #require(query["state"]))&code=\(code)"
        let response = try await client.execute(uri: callback, method: .get, headers: browser.headers, body: nil)
        browser.take(response)
        return (callback, response)
    }

    static let nora = ["sub": "nora-1", "email": "medarbetare@test.se", "email_verified": "true", "name": "Nora"]

    @Test("a person of the organisation signs in through the provider and lands where they were going; the audit log names no address")
    func signIn() async throws {
        try await Self.with { harness, client, provider in
            var browser = Browser()
            let (_, response) = try await Self.signIn(client, provider, &browser, claims: Self.nora)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/mitt")
            #expect(browser.cookies["tillit_session"] != nil)
            #expect(browser.cookies["tillit_sso"] == nil)
            let page = try await client.execute(uri: "/mitt", method: .get, headers: browser.headers, body: nil)
            #expect(page.status == .ok)
            #expect(page.text.contains("medarbetare@test.se"))
            let entries = try await harness.platform.auditLog(actor: .commandLine("test"), organisationID: harness.organisation.id, page: .first).items
            let entry = try #require(entries.first { $0.action == "signon.sign_in" })
            #expect(!entry.details.contains("@") && !entry.details.contains("nora-1"))
        }
    }

    @Test("a state used once is refused the second time, with a page that says to start again")
    func replayedState() async throws {
        try await Self.with { _, client, provider in
            var browser = Browser()
            let (callback, first) = try await Self.signIn(client, provider, &browser, claims: Self.nora)
            #expect(first.status == .seeOther)
            let again = try await client.execute(uri: callback, method: .get, headers: browser.headers, body: nil)
            #expect(again.status == .badRequest)
            #expect(again.text.contains("redan använts"))
            #expect(provider.state.withLockedValue { $0.tokenRequests } == 1)
        }
    }

    @Test("an answer brought to another browser (no binding cookie) is refused before the code is used")
    func otherBrowser() async throws {
        try await Self.with { _, client, provider in
            var browser = Browser()
            let start = try await client.execute(uri: "/logga-in/sso/tillitsby", method: .get, headers: browser.headers, body: nil)
            browser.take(start)
            let query = Dictionary(uniqueKeysWithValues: (URLComponents(string: start.headers[.location]!)?.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            let code = provider.issueCode(nonce: query["nonce"]!, challenge: query["code_challenge"]!, claims: Self.nora)
            let elsewhere = try await client.execute(uri: "/logga-in/sso/tillitsby/svar?state=\(query["state"]!)&code=\(code)", method: .get,
                                                     headers: Browser().headers, body: nil)
            #expect(elsewhere.status == .badRequest)
            #expect(provider.state.withLockedValue { $0.tokenRequests } == 0)
        }
    }

    @Test("an ID token for another audience, with a bad signature, expired or from another issuer is refused with its reason",
          arguments: [(TestProvider.Mode.wrongAudience, "inte utfärdat för Tillit"), (.badSignature, "underskriften stämde inte"),
                      (.expired, "hade gått ut"), (.otherIssuer, "någon annan än organisationens leverantör")])
    func refusedTokens(mode: TestProvider.Mode, words: String) async throws {
        try await Self.with { harness, client, provider in
            provider.state.withLockedValue { $0.mode = mode }
            var browser = Browser()
            let (_, response) = try await Self.signIn(client, provider, &browser, claims: Self.nora)
            #expect(response.status == .badRequest)
            #expect(response.text.contains(words), "\(mode)")
            #expect(browser.cookies["tillit_session"] == nil)
            let entries = try await harness.platform.auditLog(actor: .commandLine("test"), organisationID: harness.organisation.id, page: .first).items
            #expect(entries.contains { $0.action == "signon.refused" && $0.details.contains("token-") })
        }
    }

    @Test("the refusal is in English for a reader who chose English")
    func english() async throws {
        try await Self.with { _, client, provider in
            provider.state.withLockedValue { $0.mode = .wrongAudience }
            var browser = Browser()
            browser.cookies["tillit_lang"] = "en"
            let (_, response) = try await Self.signIn(client, provider, &browser, claims: Self.nora)
            #expect(response.text.contains("it was not issued for Tillit"))
        }
    }

    @Test("someone without an account is refused and told to contact the administrator, unless a unit for new people is set")
    func unknownPeople() async throws {
        let stranger = ["sub": "s-9", "email": "ny.person@test.se", "email_verified": "true", "name": "Ny Person"]
        try await Self.with { harness, client, provider in
            var browser = Browser()
            let (_, refused) = try await Self.signIn(client, provider, &browser, claims: stranger)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("Kontakta din administratör"))
            #expect(try await harness.platform.user(email: "ny.person@test.se") == nil)
            // with a unit for new people, they get an account there as staff
            _ = try await harness.platform.updateSettings(actor: .commandLine("test"), organisationID: harness.organisation.id,
                                                          changes: ["oidc_new_people_unit_id": String(harness.units["teamA"]!)])
            let (_, welcomed) = try await Self.signIn(client, provider, &browser, claims: stranger)
            #expect(welcomed.status == .seeOther)
            let person = try #require(try await harness.platform.user(email: "ny.person@test.se"))
            #expect(person.name == "Ny Person")
            #expect(try await harness.platform.grants(userID: person.id) == [RoleGrant(role: .medarbetare, organisationID: harness.organisation.id, unitID: harness.units["teamA"])])
            // they sign in with the provider: no invitation to choose a password is waiting
            let links = try await harness.platform.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM one_time_links WHERE user_id = \(bind: person.id)").first()!.decode(column: "n", as: Int.self)
            }
            #expect(links == 0)
        }
    }

    @Test("an address the provider says it has not verified does not sign anyone in")
    func unverified() async throws {
        try await Self.with { _, client, provider in
            var browser = Browser()
            let (_, response) = try await Self.signIn(client, provider, &browser, claims: ["sub": "x", "email": "medarbetare@test.se", "email_verified": "false"])
            #expect(response.status == .forbidden)
            #expect(response.text.contains("inte bekräftat"))
            #expect(browser.cookies["tillit_session"] == nil)
        }
    }

    @Test("an account with roles outside the organisation is not signed in by its provider")
    func elsewhere() async throws {
        try await Self.with { _, client, provider in
            var browser = Browser()
            let (_, response) = try await Self.signIn(client, provider, &browser, claims: ["sub": "x", "email": "systemadministrator@test.se", "email_verified": "true"])
            #expect(response.status == .forbidden)
            #expect(response.text.contains("roller utanför"))
        }
    }

    @Test("with sub, the first sign-in links the account by a verified address, and later ones find it by sub alone")
    func subject() async throws {
        try await Self.with(["oidc_identity_claim": "sub"]) { harness, client, provider in
            var browser = Browser()
            // an unverified address does not link
            let (_, unverified) = try await Self.signIn(client, provider, &browser, claims: ["sub": "nora-1", "email": "medarbetare@test.se"])
            #expect(unverified.status == .forbidden)
            let (_, first) = try await Self.signIn(client, provider, &browser, claims: Self.nora)
            #expect(first.status == .seeOther)
            var again = Browser()
            let (_, second) = try await Self.signIn(client, provider, &again, claims: ["sub": "nora-1", "email": "nora.ny@annat.example"])
            #expect(second.status == .seeOther)
            let page = try await client.execute(uri: "/mitt", method: .get, headers: again.headers, body: nil)
            #expect(page.text.contains("medarbetare@test.se"))
            // the data download has the link; removal takes it away
            func links() async throws -> Int {
                try await harness.platform.database.read { db in
                    try await db.raw("SELECT COUNT(*) AS n FROM sign_on_identities").first()!.decode(column: "n", as: Int.self)
                }
            }
            #expect(try await links() == 1)
            let nora = harness.callers["medarbetare"]!
            let actor = Actor(userID: nora.userID, label: "medarbetare", grants: try await harness.platform.grants(userID: nora.userID!), via: "test")
            let (_, files) = try await harness.platform.exportPersonalData(actor: actor, parts: Tillit.personalDataParts)
            let file = try #require(files.first { $0.name == "inloggning.json" })
            #expect(String(decoding: file.content, as: UTF8.self).contains("nora-1"))
            try await harness.platform.removePerson(actor: .commandLine("test"), userID: nora.userID!, parts: Tillit.personalDataParts)
            #expect(try await links() == 0)
        }
    }

    @Test("signing out ends the session and offers the provider's sign-out")
    func signOut() async throws {
        try await Self.with { _, client, provider in
            var browser = Browser()
            try await Self.signIn(client, provider, &browser, claims: Self.nora)
            let me = try await client.execute(uri: "/mitt", method: .get, headers: browser.headers, body: nil)
            let csrf = try #require(me.text.range(of: #"name="_csrf" value=""#).map { String(me.text[$0.upperBound...].prefix { $0 != "\"" }) })
            var headers = browser.headers
            headers[.contentType] = "application/x-www-form-urlencoded"
            let out = try await client.execute(uri: "/logga-ut", method: .post, headers: headers, body: ByteBuffer(string: "_csrf=\(csrf)"))
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/utloggad?organisation=tillitsby")
            browser.take(out)
            let page = try await client.execute(uri: out.headers[.location]!, method: .get, headers: browser.headers, body: nil)
            #expect(page.text.contains("Du är utloggad"))
            #expect(page.text.contains("/logout?client_id=\(TestProvider.clientID)&amp;post_logout_redirect_uri="))
            let after = try await client.execute(uri: "/mitt", method: .get, headers: browser.headers, body: nil)
            #expect(after.status == .seeOther)
        }
    }

    @Test("the sign-in page offers the organisation; with passwords switched off its people cannot use one")
    func passwordsOff() async throws {
        try await Self.with(["oidc_passwords_off": "ja"]) { harness, client, _ in
            let page = try await client.get("/logga-in", as: .anonymous)
            #expect(page.text.contains("Logga in med Tillitsby kommun"))
            #expect(page.text.contains("href=\"/logga-in/sso/tillitsby\""))
            let refused = try await client.post("/logga-in", as: .anonymous, form: [("email", "medarbetare@test.se"), ("password", Harness.password)])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("loggar in med organisationens eget konto"))
            #expect(refused.headers[.setCookie]?.contains("tillit_session=;") != false)
            // someone with a role beyond the organisation keeps the password
            let system = try await client.post("/logga-in", as: .anonymous, form: [("email", "systemadministrator@test.se"), ("password", Harness.password)])
            #expect(system.status == .seeOther)
        }
    }

    @Test("the provider's groups give and take the roles the organisation's role map names, and no other role")
    func roleMap() async throws {
        try await Self.with(["oidc_role_claim": "groups"]) { harness, client, provider in
            let org = harness.organisation.id, teamA = harness.units["teamA"]!
            _ = try await harness.platform.updateSettings(actor: .commandLine("test"), organisationID: org, changes: [
                "oidc_role_map": "tillit-redaktorer = redaktor; chefer-team-a=chef:\(teamA)\nokänd-enhet=chef:999999",
            ])
            let nora = harness.callers["medarbetare"]!.userID!
            let before = try await harness.platform.grants(userID: nora)
            var browser = Browser()
            let (_, first) = try await Self.signIn(client, provider, &browser, claims: Self.nora.merging(["groups": "alla,tillit-redaktorer,chefer-team-a"]) { $1 })
            #expect(first.status == .seeOther)
            let given = Set(try await harness.platform.grants(userID: nora))
            #expect(given == Set(before).union([RoleGrant(role: .redaktor, organisationID: org, unitID: nil), RoleGrant(role: .chef, organisationID: org, unitID: teamA)]))
            // the session made by this sign-in already has the roles
            let editors = try await client.execute(uri: "/mitt", method: .get, headers: browser.headers, body: nil)
            #expect(editors.text.contains("Redaktör"))
            // out of a group at the provider: out of its role at the next sign-in; other roles stay
            var again = Browser()
            let (_, second) = try await Self.signIn(client, provider, &again, claims: Self.nora.merging(["groups": "tillit-redaktorer"]) { $1 })
            #expect(second.status == .seeOther)
            #expect(Set(try await harness.platform.grants(userID: nora)) == Set(before).union([RoleGrant(role: .redaktor, organisationID: org, unitID: nil)]))
            let (_, third) = try await Self.signIn(client, provider, &again, claims: Self.nora)
            #expect(third.status == .seeOther)
            #expect(Set(try await harness.platform.grants(userID: nora)) == Set(before))
            // each change is in the audit log, by the sign-on
            let actions = try await harness.platform.database.read { db in
                try await db.raw("SELECT action FROM audit_log WHERE object_type = 'user' AND object_id = \(bind: String(nora)) AND via = 'sso' AND action LIKE 'role.%'").all()
                    .map { try $0.string("action") }
            }
            #expect(actions.sorted() == ["role.grant", "role.grant", "role.revoke", "role.revoke"])
        }
    }

    @Test("a role map that is not in the right form, or names a role over the whole instance, is refused with the part to correct")
    func roleMapRefused() async throws {
        try await Self.with { harness, client, _ in
            for (map, part) in [("grupp", 1), ("a=redaktor; b=systemadministrator", 2), ("a=chef", 1), ("a=redaktor:3", 1), ("=forskare", 1), ("a=chef:-1", 1)] {
                let refused = try await client.api(.patch, "/api/v1/organisations/\(harness.organisation.id)/settings", as: harness.callers["administrator"]!,
                                                   json: #"{"oidc_role_map":"\#(map)"}"#)
                #expect(refused.status == .unprocessableContent, "\(map)")
                #expect(refused.text.contains("Part \(part)") || refused.text.contains("Del \(part)"), "\(map): \(refused.text)")
            }
            #expect(RoleMap.parse("a=Redaktör;b = medarbetare:4 ;") == .success(RoleMap(entries: [
                .init(value: "a", role: .redaktor, unitID: nil), .init(value: "b", role: .medarbetare, unitID: 4),
            ])))
        }
    }

    @Test("the settings page names the address to register at the provider and never shows the client secret")
    func settingsPage() async throws {
        try await Self.with { harness, client, _ in
            let page = try await client.get("/o/tillitsby/admin/installningar", as: harness.callers["administrator"]!)
            #expect(page.text.contains("/logga-in/sso/tillitsby/svar"))
            #expect(!page.text.contains(TestProvider.clientSecret))
            let api = try await client.api(.get, "/api/v1/organisations/\(harness.organisation.id)/settings", as: harness.callers["administrator"]!)
            #expect(api.json?["oidc_client_secret"] as? Bool == true)
            #expect(api.json?["oidc_identity_claim"] as? String == "email")
            #expect(api.json?["oidc_new_people_unit_id"] as? String == "")
        }
    }
}
