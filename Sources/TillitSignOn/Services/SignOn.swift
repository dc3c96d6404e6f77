import Crypto
import Foundation
import Logging
import SQLKit
import TillitPlatform
import TillitStorage

/// Sign-in with an organisation's own identity provider: the OpenID Connect authorization code
/// flow with PKCE (RFC 7636), `state` and `nonce`.
///
/// A started sign-in is a row of `sign_on_requests`: the state's hash, the browser it was started
/// in (the hash of a cookie only that browser has), the nonce, the PKCE verifier and where to go
/// afterwards, for ten minutes. The provider's answer takes the row away in the statement that
/// reads it, so a state works once. The ID token is checked by ``ProviderDirectory`` and
/// ``IDTokenCheck``; the person is found by the claim the organisation chose.
public struct SignOn: Sendable {
    public let platform: Platform
    public let providers: ProviderDirectory
    let http: any SignOnHTTP

    /// How long a started sign-in may take.
    public static let requestLifetime: TimeInterval = 600

    public init(platform: Platform, http: any SignOnHTTP) {
        self.platform = platform
        self.http = http
        self.providers = ProviderDirectory(http: http)
    }

    init(platform: Platform, http: any SignOnHTTP, providers: ProviderDirectory) {
        self.platform = platform
        self.http = http
        self.providers = providers
    }

    /// The same sign-on over another platform value (another clock), sharing what it knows of providers.
    public func with(platform: Platform) -> SignOn {
        SignOn(platform: platform, http: http, providers: providers)
    }

    var now: Date { platform.clock.now() }

    /// The organisation's sign-on, or nil when it has none.
    public func configuration(organisationID: Int64) async throws -> SignOnConfiguration? {
        SignOnConfiguration(try await platform.settingValuesWithSecrets(organisationID: organisationID))
    }

    /// The organisations that offer sign-on, for the sign-in page (ids and names only).
    public func organisationsWithSignOn() async throws -> [Organisation] {
        let rows = try await platform.database.read { db in
            try await db.raw("""
                SELECT organisation_id FROM organisation_settings WHERE key = \(bind: SignOnSettings.issuer) AND value <> ''
                INTERSECT
                SELECT organisation_id FROM organisation_settings WHERE key = \(bind: SignOnSettings.clientID) AND value <> ''
                """).all().map { try $0.int64("organisation_id") }
        }
        guard !rows.isEmpty else { return [] }
        let organisations = try await platform.database.read { db in try await Directory.organisations(db, ids: Set(rows)) }
        return organisations.values.sorted { SwedishCollation.precedes($0.name, $1.name) }
    }

    // MARK: Starting

    /// A started sign-in: where to send the browser, and the value for its binding cookie.
    public struct Started: Sendable {
        public let authorizationURL: String
        public let binding: String
    }

    /// Starts a sign-in with `organisation`'s provider. `redirectURI` is Tillit's address for the
    /// provider's answer (registered at the provider); `returnTo` a path on this site.
    public func begin(organisation: Organisation, redirectURI: String, returnTo: String) async throws -> Started {
        guard let configuration = try await configuration(organisationID: organisation.id) else {
            throw AppError(.notFound, code: "sign-on-not-configured", message: SignOnText.notConfigured)
        }
        let metadata = try await metadata(configuration)
        let state = Secrets.newToken(), nonce = Secrets.newToken(), verifier = Secrets.newToken(), binding = Secrets.newToken()
        let now = self.now
        try await platform.database.transaction { db in
            try await db.raw("DELETE FROM sign_on_requests WHERE expires_at < \(bind: now.epochSeconds)").run()
            try await db.raw("""
                INSERT INTO sign_on_requests (state_hash, organisation_id, binding_hash, nonce, code_verifier, return_to, expires_at)
                VALUES (\(bind: Secrets.hash(state)), \(bind: organisation.id), \(bind: Secrets.hash(binding)), \(bind: nonce), \(bind: verifier),
                        \(bind: returnTo), \(bind: now.addingTimeInterval(Self.requestLifetime).epochSeconds))
                """).run()
        }
        let challenge = Self.codeChallenge(verifier)
        var components = URLComponents(string: metadata.authorizationEndpoint)!
        components.percentEncodedQuery = [components.percentEncodedQuery, FormEncoding.encode([
            ("response_type", "code"), ("client_id", configuration.clientID), ("redirect_uri", redirectURI),
            ("scope", "openid email profile"), ("state", state), ("nonce", nonce),
            ("code_challenge", challenge), ("code_challenge_method", "S256"),
        ])].compactMap { $0 }.joined(separator: "&")
        return Started(authorizationURL: components.string!, binding: binding)
    }

    /// The PKCE challenge for a verifier: base64url of its SHA-256, unpadded (RFC 7636, 4.2).
    public static func codeChallenge(_ verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    func metadata(_ configuration: SignOnConfiguration) async throws -> ProviderMetadata {
        do {
            return try await providers.metadata(issuer: configuration.issuer, now: now)
        } catch {
            throw Self.appError(error)
        }
    }

    // MARK: Completing

    /// A finished sign-in: the session's token for the cookie, and where to go.
    public struct Completed: Sendable {
        public let sessionToken: String
        public let userID: Int64
        public let returnTo: String
        /// Whether the account was made by this sign-in.
        public let created: Bool
    }

    /// The provider's answer at `redirectURI`: its query's `state`, `code` or `error`, and the
    /// binding cookie of the browser. Refuses with an ``AppError`` carrying a ``SignOnText``.
    public func complete(organisation: Organisation, redirectURI: String, state: String?, code: String?, error: String?, binding: String?) async throws -> Completed {
        let now = self.now
        guard let state, !state.isEmpty, state.count <= 200 else { throw Self.requestUnknown }
        // Taken away as it is read: a second answer with the same state finds nothing.
        let row = try await platform.database.transaction { db in
            try await db.raw("""
                DELETE FROM sign_on_requests WHERE state_hash = \(bind: Secrets.hash(state))
                RETURNING organisation_id, binding_hash, nonce, code_verifier, return_to, expires_at
                """).first()
        }
        guard let row, try row.int64("organisation_id") == organisation.id, try row.int64("expires_at") > now.epochSeconds,
              let binding, Secrets.constantTimeEquals(Secrets.hash(binding), try row.string("binding_hash")) else {
            throw Self.requestUnknown
        }
        let nonce = try row.string("nonce"), verifier = try row.string("code_verifier"), returnTo = try row.string("return_to")
        guard error == nil else {
            try await refuse(organisation, "provider-denied")
            throw AppError(.badRequest, code: "sign-on-denied", message: SignOnText.providerDenied)
        }
        guard let code, !code.isEmpty, code.count <= 4096 else { throw Self.requestUnknown }
        guard let configuration = try await configuration(organisationID: organisation.id) else {
            throw AppError(.notFound, code: "sign-on-not-configured", message: SignOnText.notConfigured)
        }
        let metadata = try await metadata(configuration)

        // The code for tokens, with the PKCE verifier and the client's secret.
        let response: SignOnHTTPResponse
        do {
            response = try await http.postForm(metadata.tokenEndpoint, form: [
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
                ("code_verifier", verifier), ("client_id", configuration.clientID),
            ], user: configuration.clientID, password: configuration.clientSecret)
        } catch {
            throw Self.appError(error)
        }
        let body = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        guard response.status == 200, let idToken = body?["id_token"] as? String else {
            let reason = (body?["error"] as? String).map { String($0.prefix(40)) } ?? "status-\(response.status)"
            try await refuse(organisation, "provider-token", detail: reason)
            throw AppError(.badRequest, code: "sign-on-code-refused", message: SignOnText.codeRefused)
        }

        let claims: IDTokenClaims
        do {
            claims = try await providers.verify(idToken, issuer: configuration.issuer,
                                                expect: IDTokenExpectations(issuer: metadata.issuer, clientID: configuration.clientID, nonce: nonce, now: now))
        } catch let problem as IDTokenProblem {
            try await refuse(organisation, problem.code)
            throw AppError(.badRequest, code: "sign-on-\(problem.code)", message: SignOnText.tokenRefused(problem))
        } catch {
            throw Self.appError(error)
        }
        return try await signIn(organisation: organisation, configuration: configuration, claims: claims, returnTo: returnTo)
    }

    /// The person the claims name: found, linked or made, then given a session.
    func signIn(organisation: Organisation, configuration: SignOnConfiguration, claims: IDTokenClaims, returnTo: String) async throws -> Completed {
        let email = claims.email.map { TextInput.normalise($0).lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        let subject = claims.subject
        let claim = configuration.identityClaim
        // An address the provider says it has not verified names no one (absent is trusted:
        // providers such as Entra ID send no such claim for their own accounts).
        if claim == .email, claims.emailVerified == false {
            return try await refused(organisation, "email-not-verified", SignOnText.emailNotVerified)
        }
        // Found by the organisation's claim.
        var found: User? = try await platform.database.read { db in
            switch claim {
            case .email:
                guard let email else { return nil }
                return try await platform.user(db, email: email)
            case .sub:
                guard let row = try await db.raw("""
                    SELECT user_id FROM sign_on_identities WHERE organisation_id = \(bind: organisation.id) AND subject = \(bind: subject)
                    """).first() else { return nil }
                return try await platform.user(db, id: try row.int64("user_id"))
            }
        }
        var link = false
        if found == nil {
            guard let email else { return try await refused(organisation, "email-missing", SignOnText.emailMissing) }
            if claims.emailVerified == false { return try await refused(organisation, "email-not-verified", SignOnText.emailNotVerified) }
            if claim == .sub {
                // A first sign-in under `sub` links an existing account by an address the provider verified.
                if let existing = try await platform.user(email: email) {
                    guard claims.emailVerified == true else { return try await refused(organisation, "email-not-verified", SignOnText.emailNotVerified) }
                    found = existing
                }
                link = true
            }
        }
        var created = false
        let user: User
        if let found {
            user = found
        } else {
            guard let unitID = configuration.newPeopleUnitID else {
                return try await refused(organisation, "unknown-person", SignOnText.unknownPerson(organisation: organisation.name))
            }
            let tree = try await platform.unitTree(organisationID: organisation.id)
            guard let unit = tree.units[unitID], unit.closedAt == nil else {
                return try await refused(organisation, "new-people-unit-missing", SignOnText.newPeopleUnitMissing)
            }
            let name = claims.name.map { TextInput.normalise($0) }.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
                ?? String(email!.split(separator: "@").first ?? "")
            let actor = Actor(userID: nil, label: "sign-on: \(organisation.slug)", grants: [RoleGrant(role: .administrator, organisationID: organisation.id, unitID: nil)],
                              via: "sso")
            user = try await platform.createPerson(actor: actor, .init(email: email, name: name, password: nil,
                                                                        grants: [RoleGrant(role: .medarbetare, organisationID: organisation.id, unitID: unit.id)],
                                                                        invited: false)).user
            created = true
        }
        guard user.disabledAt == nil else { return try await refused(organisation, "account-disabled", SignOnText.accountDisabled) }
        // The roles the organisation's role map decides follow the provider's claim.
        let held = try await platform.grants(userID: user.id)
        var mapped: (managed: Set<RoleGrant>, given: Set<RoleGrant>) = ([], [])
        if !configuration.roleMap.isEmpty, !configuration.roleClaim.isEmpty {
            let tree = try await platform.unitTree(organisationID: organisation.id)
            let open = Set(tree.units.values.filter { $0.closedAt == nil }.map(\.id))
            mapped = configuration.roleMap.grants(values: claims.lists[configuration.roleClaim] ?? [], organisationID: organisation.id, units: open)
        }
        // What the person will hold: their roles outside the map, and the map's roles the claim gives.
        let grants = held.filter { !mapped.managed.contains($0) } + mapped.given
        // The organisation's provider vouches for its own people only: an account with a role
        // elsewhere, or over the whole instance, signs in with its password.
        guard !grants.isEmpty else { return try await refused(organisation, "unknown-person", SignOnText.unknownPerson(organisation: organisation.name)) }
        guard grants.allSatisfy({ $0.organisationID == organisation.id }) else {
            return try await refused(organisation, "account-elsewhere", SignOnText.accountElsewhere(organisation: organisation.name))
        }
        let now = self.now
        let (linking, made, mapping, roles) = (link, created, mapped, grants)
        let token = try await platform.database.transaction { db in
            if linking {
                try await db.raw("DELETE FROM sign_on_identities WHERE organisation_id = \(bind: organisation.id) AND subject = \(bind: subject)").run()
                try await db.raw("""
                    INSERT INTO sign_on_identities (organisation_id, subject, user_id, created_at)
                    VALUES (\(bind: organisation.id), \(bind: subject), \(bind: user.id), \(bind: now.epochSeconds))
                    """).run()
            }
            if !mapping.managed.isEmpty {
                let mapper = Actor(userID: nil, label: "sign-on: \(organisation.slug)",
                                   grants: [RoleGrant(role: .administrator, organisationID: organisation.id, unitID: nil)], via: "sso")
                _ = try await platform.setManagedGrants(db, actor: mapper, userID: user.id, managed: mapping.managed, given: mapping.given)
            }
            let (token, _) = try await platform.startSession(db, userID: user.id)
            try await db.raw("DELETE FROM sign_on_sessions WHERE token_hash NOT IN (SELECT token_hash FROM sessions)").run()
            try await db.raw("""
                INSERT INTO sign_on_sessions (token_hash, organisation_id, created_at) VALUES (\(bind: Secrets.hash(token)), \(bind: organisation.id), \(bind: now.epochSeconds))
                """).run()
            // Named by account id and the claim used: the claim's value is personal data.
            try await AuditLog.record(db, at: now, actor: Actor(userID: user.id, label: "user:\(user.id)", grants: roles, via: "sso"),
                                      action: "signon.sign_in", objectType: "user", objectID: String(user.id), organisationID: organisation.id,
                                      details: ["claim": claim.rawValue, "account_made": made ? "yes" : "no", "linked": linking ? "yes" : "no"])
            return token
        }
        if !mapped.managed.isEmpty { platform.rolesChanged(userID: user.id) }
        return Completed(sessionToken: token, userID: user.id, returnTo: returnTo, created: created)
    }

    // MARK: Signing out

    /// The organisation whose provider a session came from, if one did; forgets the link (the
    /// session is ending).
    public func endingSession(sessionToken: String) async throws -> Organisation? {
        let hash = Secrets.hash(sessionToken)
        let organisationID = try await platform.database.transaction { db in
            try await db.raw("DELETE FROM sign_on_sessions WHERE token_hash = \(bind: hash) RETURNING organisation_id").first()?.int64("organisation_id")
        }
        guard let organisationID else { return nil }
        return try await platform.organisation(id: organisationID)
    }

    /// Where the browser may go to sign out at the organisation's provider too: its end-session
    /// endpoint (RP-Initiated Logout 1.0) with the client id and `postLogoutRedirect`, when it has one.
    public func endSessionURL(organisationID: Int64, postLogoutRedirect: String) async throws -> String? {
        guard let configuration = try await configuration(organisationID: organisationID),
              let metadata = try? await providers.metadata(issuer: configuration.issuer, now: now),
              let endpoint = metadata.endSessionEndpoint, var components = URLComponents(string: endpoint),
              components.scheme == "https" || components.scheme == "http" else { return nil }
        components.percentEncodedQuery = [components.percentEncodedQuery, FormEncoding.encode([
            ("client_id", configuration.clientID), ("post_logout_redirect_uri", postLogoutRedirect),
        ])].compactMap { $0 }.joined(separator: "&")
        return components.string
    }

    // MARK: Passwords

    /// The organisation that has switched off passwords for this person, if one has: every role of
    /// theirs is in an organisation whose sign-on is set up with `oidc_passwords_off`.
    public func passwordsOff(userID: Int64) async throws -> Organisation? {
        let grants = try await platform.grants(userID: userID)
        let organisations = Set(grants.map(\.organisationID))
        guard organisations.count == 1, let organisationID = organisations.first ?? nil,
              let configuration = try await configuration(organisationID: organisationID), configuration.passwordsOff else { return nil }
        return try await platform.organisation(id: organisationID)
    }

    // MARK: Refusals

    static let requestUnknown = AppError(.badRequest, code: "sign-on-request-unknown", message: SignOnText.requestUnknown)

    /// Writes a refusal to the audit log by its reason only: no claim, address or name.
    func refuse(_ organisation: Organisation, _ reason: String, detail: String? = nil) async throws {
        let now = self.now
        try await platform.database.transaction { db in
            var details = ["reason": reason]
            if let detail { details["detail"] = detail }
            try await AuditLog.record(db, at: now, actor: Actor(userID: nil, label: "sign-on", grants: [], via: "sso"),
                                      action: "signon.refused", objectType: "organisation", objectID: String(organisation.id),
                                      organisationID: organisation.id, details: details)
        }
        platform.logger.info("sign-on refused", metadata: ["organisation": "\(organisation.id)", "reason": "\(reason)"])
    }

    func refused(_ organisation: Organisation, _ reason: String, _ message: SignOnText) async throws -> Completed {
        try await refuse(organisation, reason)
        throw AppError(.forbidden, code: "sign-on-\(reason)", message: message)
    }

    static func appError(_ error: any Error) -> AppError {
        switch error {
        case let error as AppError: error
        case ProviderProblem.addressRefused: AppError(.unavailable, code: "sign-on-provider-address", message: SignOnText.providerAddress)
        case ProviderProblem.badDocument: AppError(.unavailable, code: "sign-on-provider-document", message: SignOnText.providerDocument)
        default: AppError(.unavailable, code: "sign-on-provider-unavailable", message: SignOnText.providerUnavailable)
        }
    }
}

/// Sign-on's tables. Append only.
public enum SignOnSchema {
    public static let migrations: [Migration] = [
        Migration("signon.0001.requests", sql: [
            // A started sign-in, for ten minutes; taken away when the provider answers.
            """
            CREATE TABLE sign_on_requests (
                state_hash TEXT PRIMARY KEY,
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                binding_hash TEXT NOT NULL,
                nonce TEXT NOT NULL,
                code_verifier TEXT NOT NULL,
                return_to TEXT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX sign_on_requests_expiry ON sign_on_requests (expires_at)",
            // The provider's `sub` for a person, when the organisation identifies people by it.
            """
            CREATE TABLE sign_on_identities (
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                subject TEXT NOT NULL,
                user_id BIGINT NOT NULL REFERENCES users(id),
                created_at BIGINT NOT NULL,
                PRIMARY KEY (organisation_id, subject)
            )
            """,
            "CREATE INDEX sign_on_identities_user ON sign_on_identities (user_id)",
            // Which sessions came through which organisation's provider, for signing out there too.
            """
            CREATE TABLE sign_on_sessions (
                token_hash TEXT PRIMARY KEY,
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                created_at BIGINT NOT NULL
            )
            """,
        ]),
    ]
}

/// What sign-on holds about a person: the provider's id linked to their account (with `sub`).
public enum SignOnPersonalData {
    public static let part = PersonalDataPart(
        name: "signon",
        export: { db, person in
            let rows = try await db.raw("""
                SELECT i.organisation_id, i.subject, i.created_at FROM sign_on_identities i
                WHERE i.user_id = \(bind: person.id) ORDER BY i.organisation_id
                """).all()
            let organisations = try await Directory.organisations(db, ids: Set(try rows.map { try $0.int64("organisation_id") }))
            return [
                try PersonalFile(name: "inloggning.json", title: BothLanguages(sv: "Ditt id hos organisationens inloggningstjänst", en: "Your id at the organisation's sign-in service"),
                                 records: rows.map { row in [
                                     "organisation": organisations[try row.int64("organisation_id")]?.name ?? "", "id_hos_leverantoren": try row.string("subject"),
                                     "kopplat": JSONTime.iso(try row.int64("created_at")),
                                 ] }),
            ]
        },
        remove: { db, person, _ in
            try await db.raw("DELETE FROM sign_on_identities WHERE user_id = \(bind: person.id)").run()
        })
}
