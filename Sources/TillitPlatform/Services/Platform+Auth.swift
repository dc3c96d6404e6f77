import Foundation
import SQLKit
import TillitStorage

/// A signed-in browser session.
public struct SessionInfo: Sendable {
    public let user: User
    public let grants: [RoleGrant]
    /// The token every form of this session must carry (synchroniser-token CSRF protection).
    public let csrfToken: String
}

/// An API token as its owner sees it later.
public struct APIToken: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let createdAt: Date
}

/// What a one-time link is for.
public enum OneTimePurpose: String, Sendable {
    case invitation
    case passwordReset = "password_reset"

    var lifetime: TimeInterval {
        switch self {
        case .invitation: 7 * 24 * 3600
        case .passwordReset: 3600
        }
    }
}

/// How long sessions and sign-in limits last.
public enum SessionRules {
    /// A session ends after this long without use.
    public static let idleLifetime: TimeInterval = 8 * 3600
    /// The last-seen time is written at most this often, so reading pages does not write on every request.
    public static let touchInterval: TimeInterval = 300
    /// Sign-in attempts that may fail in ``failureWindow``: for one account from one client (so a
    /// guesser elsewhere cannot lock the owner out), for one client over all accounts, and for the
    /// whole instance (a brake on a spread-out attack and on the cost of checking passwords). Past
    /// the instance's limit each account gets one try from each client, not none: an attack from
    /// many addresses must not lock everyone out.
    public static let maxFailures = 5
    public static let maxFailuresPerClient = 50
    public static let maxFailuresInstance = 2000
    public static let failureWindow: TimeInterval = 15 * 60
    /// Password-reset links sent to one account per hour.
    public static let maxResetLinksPerHour = 3
}

extension Platform {
    /// Signs in with email and password. Returns the new session token (for the cookie) and session.
    ///
    /// Each attempt is counted before the password is checked, atomically in the database (so
    /// parallel guesses count, and every app instance sees the same counts), under three keys: the
    /// account from this `client` (an address, or nil for a local socket), the client, and the
    /// instance (see ``SessionRules``). A sign-in that succeeds takes its attempt back. A missing
    /// account costs the same bcrypt time as a wrong password.
    public func signIn(email rawEmail: String?, password: String?, client: String? = nil) async throws -> (token: String, session: SessionInfo) {
        var v = Validator()
        let email = v.text("email", rawEmail, maxLength: 254)?.lowercased()
        if (password ?? "").isEmpty { v.add("password", PlatformText.fieldRequired) }
        try v.check()
        let password = password!
        let now = self.now
        let clientKey = client ?? "local"
        let keys = [(Secrets.hash("sign-in:" + email! + "|" + clientKey), SessionRules.maxFailures),
                    (Secrets.hash("sign-in-client:" + clientKey), SessionRules.maxFailuresPerClient),
                    (Secrets.hash("sign-in-instance"), SessionRules.maxFailuresInstance)]
        let since = now.addingTimeInterval(-SessionRules.failureWindow).epochSeconds
        let (allowed, row) = try await database.transaction { db in
            var allowed = true
            var firstTry = false
            for (index, (key, limit)) in keys.enumerated() {
                let attempts = try await db.raw("""
                    INSERT INTO sign_in_attempts (key_hash, window_start, attempts) VALUES (\(bind: key), \(bind: now.epochSeconds), 1)
                    ON CONFLICT (key_hash) DO UPDATE SET
                        attempts = CASE WHEN sign_in_attempts.window_start <= \(bind: since) THEN 1 ELSE sign_in_attempts.attempts + 1 END,
                        window_start = CASE WHEN sign_in_attempts.window_start <= \(bind: since) THEN \(bind: now.epochSeconds) ELSE sign_in_attempts.window_start END
                    RETURNING attempts
                    """).first()!.int64("attempts")
                if index == 0 { firstTry = attempts == 1 }
                // The instance's limit leaves each account its first try from each client.
                if attempts > limit, !(index == keys.count - 1 && firstTry) { allowed = false }
            }
            // Keep the table small: counters whose window has passed no longer count.
            try await db.raw("DELETE FROM sign_in_attempts WHERE window_start <= \(bind: since)").run()
            let row = allowed ? try await db.raw("""
                SELECT \(unsafeRaw: Columns.user), p.password_hash FROM users p WHERE p.email = \(bind: email!)
                """).first() : nil
            return (allowed, row)
        }
        guard allowed else {
            throw AppError(.tooManyRequests, code: "rate-limited", message: PlatformText.signInRateLimited)
        }
        let user = try row.map(User.init(row:))
        let hash = try row?.optionalString("password_hash")
        let matches = try await passwords.verify(password, hash: hash ?? passwords.decoy)
        let ok = matches && hash != nil && user?.disabledAt == nil
        guard ok, let user else {
            throw AppError(.unauthorized, code: "sign-in-failed", message: PlatformText.signInFailed, fieldErrors: [FieldError("email", PlatformText.signInFailed)])
        }
        let (token, csrf) = try await database.transaction { db in
            let started = try await startSession(db, userID: user.id)
            // The account's failures from this client are forgiven; its attempt no longer counts elsewhere.
            try await db.raw("DELETE FROM sign_in_attempts WHERE key_hash = \(bind: keys[0].0)").run()
            try await db.raw("""
                UPDATE sign_in_attempts SET attempts = attempts - 1 WHERE key_hash IN \(SQLQueryString.list([keys[1].0, keys[2].0])) AND attempts > 0
                """).run()
            return started
        }
        let grants = try await grants(userID: user.id)
        return (token, SessionInfo(user: user, grants: grants, csrfToken: csrf))
    }

    /// Starts a session for a person whose identity was checked by the caller (a password, or an
    /// identity provider's token), in the caller's transaction. Returns the token for the cookie
    /// and the session's form token. Sessions past their time are cleared on the way.
    public func startSession(_ db: any SQLDatabase, userID: Int64) async throws -> (token: String, csrfToken: String) {
        let now = self.now
        let token = Secrets.newToken()
        let csrf = Secrets.newToken()
        try await db.raw("""
            INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
            VALUES (\(bind: Secrets.hash(token)), \(bind: userID), \(bind: csrf), \(bind: now.epochSeconds), \(bind: now.epochSeconds),
                    \(bind: now.addingTimeInterval(SessionRules.idleLifetime).epochSeconds))
            """).run()
        try await db.raw("DELETE FROM sessions WHERE expires_at < \(bind: now.epochSeconds)").run()
        return (token, csrf)
    }

    /// The session for a cookie's token, if it is valid. Extends its lifetime now and then.
    public func session(token: String) async throws -> SessionInfo? {
        let now = self.now
        let hash = Secrets.hash(token)
        if let cached = sessionCache?.get(hash, now: now) { return cached }
        // One statement: the session, its person and their roles (one row per role).
        let found = try await database.read { db -> (User, String, Int64, [RoleGrant])? in
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: Columns.user), s.csrf_token, s.last_seen_at, g.role, g.organisation_id, g.unit_id
                FROM sessions s JOIN users p ON p.id = s.user_id LEFT JOIN role_grants g ON g.user_id = p.id
                WHERE s.token_hash = \(bind: hash) AND s.expires_at > \(bind: now.epochSeconds) AND p.disabled_at IS NULL
                ORDER BY g.id
                """).all()
            guard let row = rows.first else { return nil }
            return (try User(row: row), try row.string("csrf_token"), try row.int64("last_seen_at"), try Self.grants(joined: rows))
        }
        guard let (user, csrf, lastSeen, grants) = found else { return nil }
        if Double(now.epochSeconds - lastSeen) > SessionRules.touchInterval {
            // Not written now: a write in this request would sit next to whatever the request does,
            // an anonymous signal included. ``flushSessionActivity()`` writes all sessions seen
            // since its last run together, with its own time.
            sessionActivity.note(hash)
        }
        let session = SessionInfo(user: user, grants: grants, csrfToken: csrf)
        sessionCache?.put(hash, session, now: now)
        return session
    }

    /// Writes, in one statement, that the sessions used since the last call are alive: each gets
    /// this moment as its last use and a new idle deadline. Run every minute by each instance, and
    /// at shutdown. Returns how many sessions were touched.
    @discardableResult
    public func flushSessionActivity() async throws -> Int {
        let hashes = sessionActivity.take()
        guard !hashes.isEmpty else { return 0 }
        let now = self.now
        do {
            try await database.transaction { db in
                for start in stride(from: 0, to: hashes.count, by: 500) {
                    let chunk = hashes[start..<min(start + 500, hashes.count)]
                    try await db.raw("""
                        UPDATE sessions SET last_seen_at = \(bind: now.epochSeconds), expires_at = \(bind: now.addingTimeInterval(SessionRules.idleLifetime).epochSeconds)
                        WHERE token_hash IN \(SQLQueryString.list(Array(chunk)))
                        """).run()
                }
            }
        } catch {
            // Kept for the next run: a session must not expire because the database was busy once.
            for hash in hashes { sessionActivity.note(hash) }
            throw error
        }
        return hashes.count
    }

    /// Ends a session.
    public func signOut(token: String) async throws {
        let hash = Secrets.hash(token)
        sessionCache?.remove(hash)
        try await database.transaction { db in
            try await db.raw("DELETE FROM sessions WHERE token_hash = \(bind: hash)").run()
        }
    }

    // MARK: One-time links

    static func insertLink(_ db: any SQLDatabase, token: String, userID: Int64, purpose: OneTimePurpose, now: Date) async throws {
        try await db.raw("""
            INSERT INTO one_time_links (token_hash, user_id, purpose, created_at, expires_at)
            VALUES (\(bind: Secrets.hash(token)), \(bind: userID), \(bind: purpose.rawValue), \(bind: now.epochSeconds),
                    \(bind: now.addingTimeInterval(purpose.lifetime).epochSeconds))
            """).run()
    }

    /// Starts a password reset: returns the one-time token to mail, or nil when there is no such
    /// active account or it was sent enough links this hour (the caller shows the same answer either
    /// way). Both cases do the same work in one transaction, so the time taken does not tell them apart.
    public func requestPasswordReset(email: String?) async throws -> (user: User, token: String)? {
        var v = Validator()
        let email = v.email("email", email)
        try v.check()
        let token = Secrets.newToken()
        let now = self.now
        return try await database.transaction { db -> (User, String)? in
            let row = try await db.raw("SELECT \(unsafeRaw: Columns.user) FROM users p WHERE p.email = \(bind: email!.lowercased())").first()
            let user = try row.map(User.init(row:))
            // At most a few links an hour, so the form cannot be used to flood someone's inbox.
            let recent = try await db.raw("""
                SELECT COUNT(*) AS n FROM one_time_links WHERE user_id = \(bind: user?.id ?? 0) AND purpose = 'password_reset'
                AND created_at > \(bind: now.addingTimeInterval(-3600).epochSeconds)
                """).first()!.decode(column: "n", as: Int.self)
            guard let user, user.disabledAt == nil, recent < SessionRules.maxResetLinksPerHour else { return nil }
            try await Self.insertLink(db, token: token, userID: user.id, purpose: .passwordReset, now: now)
            return (user, token)
        }
    }

    /// Creates a new invitation link for an existing account (for `tillit user create` and administrators).
    public func createInvitation(actor: Actor, userID: Int64) async throws -> String {
        let grants = try await grants(userID: userID)
        guard Policy.isSystemAdministrator(actor) || grants.contains(where: { $0.organisationID.map { Policy.canAdministerOrganisation(actor, $0) } == true }) else {
            throw AppError.forbidden
        }
        let token = Secrets.newToken()
        let now = self.now
        try await database.transaction { db in
            try await Self.insertLink(db, token: token, userID: userID, purpose: .invitation, now: now)
            try await AuditLog.record(db, at: now, actor: actor, action: "user.invite", objectType: "user", objectID: String(userID),
                                      organisationID: grants.first?.organisationID)
        }
        return token
    }

    /// Whether a one-time link is still good, and for whom (to show the right form).
    public func checkLink(token: String, purpose: OneTimePurpose) async throws -> User? {
        let now = self.now
        let row = try await database.read { db in
            try await db.raw("""
                SELECT user_id FROM one_time_links WHERE token_hash = \(bind: Secrets.hash(token)) AND purpose = \(bind: purpose.rawValue)
                AND used_at IS NULL AND expires_at > \(bind: now.epochSeconds)
                """).first()
        }
        guard let row else { return nil }
        return try await user(id: try row.int64("user_id"))
    }

    /// Uses a one-time link to set a password. The link works once; every session and API token of
    /// the account ends (a reset is often done because someone else got in).
    public func usePasswordLink(token: String, purpose: OneTimePurpose, password: String?, confirmation: String?) async throws -> User {
        var v = Validator()
        let password = v.newPassword("password", password)
        if password != nil, password != confirmation { v.add("password_confirmation", PlatformText.passwordsDiffer) }
        try v.check()
        let hash = try await passwords.hash(password!)
        let now = self.now
        let userID = try await database.transaction { db -> Int64 in
            // Marking the link used in the same statement that checks it makes a replay race lose.
            guard let row = try await db.raw("""
                UPDATE one_time_links SET used_at = \(bind: now.epochSeconds)
                WHERE token_hash = \(bind: Secrets.hash(token)) AND purpose = \(bind: purpose.rawValue)
                AND used_at IS NULL AND expires_at > \(bind: now.epochSeconds)
                RETURNING user_id
                """).first() else {
                throw AppError(.badRequest, code: "link-invalid", message: PlatformText.linkInvalidOrUsed)
            }
            let userID = try row.int64("user_id")
            try await db.raw("UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: userID)").run()
            // Whoever else got in is shut out: every session and API token of the account ends.
            try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: userID)").run()
            try await db.raw("UPDATE api_tokens SET revoked_at = \(bind: now.epochSeconds) WHERE user_id = \(bind: userID) AND revoked_at IS NULL").run()
            try await AuditLog.record(db, at: now, actor: Actor(userID: userID, label: "user:\(userID)", grants: [], via: purpose.rawValue),
                                      action: purpose == .invitation ? "user.accept_invitation" : "user.reset_password",
                                      objectType: "user", objectID: String(userID), organisationID: nil)
            return userID
        }
        sessionCache?.remove(userID: userID)
        return try await user(id: userID)
    }

    // MARK: API tokens

    /// Creates an API token for a person; the token is returned once and only its hash is kept.
    public func createToken(actor: Actor, userID: Int64, name: String?) async throws -> String {
        guard actor.userID == userID || Policy.isSystemAdministrator(actor) else { throw AppError.forbidden }
        var v = Validator()
        let name = v.text("name", name, maxLength: 100)
        try v.check()
        let token = Secrets.newToken(prefix: "tlt_")
        let now = self.now
        try await database.transaction { db in
            let id = try await db.raw("""
                INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (\(bind: userID), \(bind: name!), \(bind: Secrets.hash(token)), \(bind: now.epochSeconds))
                RETURNING id
                """).first()!.int64("id")
            try await AuditLog.record(db, at: now, actor: actor, action: "token.create", objectType: "api_token", objectID: String(id),
                                      organisationID: nil, details: ["user_id": String(userID)])
        }
        return token
    }

    /// A person's API tokens that still work, newest first (names and dates only: the tokens
    /// themselves were shown once and are not kept).
    public func tokens(userID: Int64) async throws -> [APIToken] {
        try await database.read { db in
            try await db.raw("""
                SELECT id, name, created_at FROM api_tokens WHERE user_id = \(bind: userID) AND revoked_at IS NULL ORDER BY id DESC
                """).all().map { APIToken(id: try $0.int64("id"), name: try $0.string("name"), createdAt: try $0.date("created_at")) }
        }
    }

    /// Revokes one of the actor's own API tokens (system administrators: anyone's).
    public func revokeToken(actor: Actor, tokenID: Int64) async throws {
        let now = self.now
        let owner = try await database.transaction { db in
            guard let row = try await db.raw("SELECT user_id FROM api_tokens WHERE id = \(bind: tokenID) AND revoked_at IS NULL").first() else {
                throw AppError.notFound
            }
            let owner = try row.int64("user_id")
            guard owner == actor.userID || Policy.isSystemAdministrator(actor) else { throw AppError.notFound }
            try await db.raw("UPDATE api_tokens SET revoked_at = \(bind: now.epochSeconds) WHERE id = \(bind: tokenID)").run()
            try await AuditLog.record(db, at: now, actor: actor, action: "token.revoke", objectType: "api_token", objectID: String(tokenID),
                                      organisationID: nil, details: ["user_id": String(owner)])
            return owner
        }
        sessionCache?.remove(userID: owner)
    }

    /// The person and roles behind an API token, if it is valid: one statement, one row per role.
    public func authenticate(apiToken: String) async throws -> (user: User, grants: [RoleGrant])? {
        let hash = Secrets.hash(apiToken)
        // Kept beside the sessions under a key of their own: a session's token is never a bearer token.
        let key = "api:" + hash
        let now = self.now
        if let cached = sessionCache?.get(key, now: now) { return (cached.user, cached.grants) }
        let found = try await database.read { db -> (user: User, grants: [RoleGrant])? in
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: Columns.user), g.role, g.organisation_id, g.unit_id
                FROM api_tokens t JOIN users p ON p.id = t.user_id LEFT JOIN role_grants g ON g.user_id = p.id
                WHERE t.token_hash = \(bind: hash) AND t.revoked_at IS NULL AND p.disabled_at IS NULL
                ORDER BY g.id
                """).all()
            guard let row = rows.first else { return nil }
            return (try User(row: row), try Self.grants(joined: rows))
        }
        if let found { sessionCache?.put(key, SessionInfo(user: found.user, grants: found.grants, csrfToken: ""), now: now) }
        return found
    }

    /// The roles of rows that joined a person to their `role_grants` (a person without any has one row of NULLs).
    static func grants(joined rows: [any SQLRow]) throws -> [RoleGrant] {
        try rows.compactMap { row in try row.decodeNil(column: "role") ? nil : try RoleGrant(row: row) }
    }
}
