import Foundation
import SQLKit
import TillitStorage

/// A person with their roles, as listed to administrators and by `tillit user list --json`.
public struct Person: Sendable {
    public let user: User
    public let grants: [RoleGrant]
}

extension Platform {
    /// The person with `id`.
    public func user(id: Int64) async throws -> User {
        try await database.read { db in try await user(db, id: id) }
    }

    /// The person with `id`, read through `db` (inside a loop's own `read {}` or `transaction {}`).
    public func user(_ db: any SQLDatabase, id: Int64) async throws -> User {
        guard let row = try await db.raw("SELECT \(unsafeRaw: Columns.user) FROM users p WHERE p.id = \(bind: id)").first() else {
            throw AppError.notFound
        }
        return try User(row: row)
    }

    /// The person with `email` (compared lower-cased), if any.
    public func user(email: String) async throws -> User? {
        let normalised = TextInput.normalise(email).lowercased()
        let row = try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: Columns.user) FROM users p WHERE p.email = \(bind: normalised)").first()
        }
        return try row.map(User.init(row:))
    }

    /// The person with `email` (compared lower-cased), read through the caller's `db`.
    public func user(_ db: any SQLDatabase, email: String) async throws -> User? {
        let normalised = TextInput.normalise(email).lowercased()
        return try await db.raw("SELECT \(unsafeRaw: Columns.user) FROM users p WHERE p.email = \(bind: normalised)").first().map(User.init(row:))
    }

    /// The roles of a person, read through the caller's `db`.
    public func grants(_ db: any SQLDatabase, userID: Int64) async throws -> [RoleGrant] {
        try await Self.loadGrants(db, userID: userID)
    }

    /// The roles of a person.
    public func grants(userID: Int64) async throws -> [RoleGrant] {
        try await database.read { db in try await Self.loadGrants(db, userID: userID) }
    }

    /// The roles of several people, in one statement; a person without any has no entry.
    public func grants(userIDs: [Int64]) async throws -> [Int64: [RoleGrant]] {
        try await database.read { db in try await Self.loadGrants(db, userIDs: userIDs) }
    }

    static func loadGrants(_ db: any SQLDatabase, userID: Int64) async throws -> [RoleGrant] {
        try await db.raw("SELECT role, organisation_id, unit_id FROM role_grants WHERE user_id = \(bind: userID) ORDER BY id").all().map(RoleGrant.init(row:))
    }

    static func loadGrants(_ db: any SQLDatabase, userIDs: [Int64]) async throws -> [Int64: [RoleGrant]] {
        guard !userIDs.isEmpty else { return [:] }
        var byUser: [Int64: [RoleGrant]] = [:]
        for start in stride(from: 0, to: userIDs.count, by: 500) {
            let chunk = Array(userIDs[start..<min(start + 500, userIDs.count)])
            let rows = try await db.raw("""
                SELECT user_id, role, organisation_id, unit_id FROM role_grants WHERE user_id IN \(SQLQueryString.list(chunk)) ORDER BY id
                """).all()
            byUser.merge(try grantsByUser(rows)) { $0 + $1 }
        }
        return byUser
    }

    /// Rows of `role_grants` with their `user_id`, in the rows' order, by person.
    static func grantsByUser(_ rows: [any SQLRow]) throws -> [Int64: [RoleGrant]] {
        var byUser: [Int64: [RoleGrant]] = [:]
        for row in rows { byUser[try row.int64("user_id"), default: []].append(try RoleGrant(row: row)) }
        return byUser
    }

    /// The people of an organisation (anyone with a role in it), for its administrators.
    public func people(actor: Actor, organisationID: Int64, page: PageRequest) async throws -> People {
        guard Policy.canAdministerOrganisation(actor, organisationID) else { throw AppError.forbidden }
        return try await database.read { db in
            let version = try await DirectoryChanges.count(db)
            // The page and how many there are in all, in one statement; past the last page there is
            // no row to carry the count, and it is asked for alone.
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: Columns.user), COUNT(*) OVER () AS total FROM users p
                WHERE p.id IN (SELECT user_id FROM role_grants WHERE organisation_id = \(bind: organisationID))
                ORDER BY p.name, p.id LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
                """).all()
            let total: Int
            if let first = rows.first {
                total = try first.decode(column: "total", as: Int.self)
            } else {
                total = try await db.raw("""
                    SELECT COUNT(DISTINCT user_id) AS n FROM role_grants WHERE organisation_id = \(bind: organisationID)
                    """).first()!.decode(column: "n", as: Int.self)
            }
            let users = try rows.map(User.init(row:))
            let grants = try await Self.loadGrants(db, userIDs: users.map(\.id))
            return People(page: Page(items: users.map { Person(user: $0, grants: grants[$0.id] ?? []) }, total: total, request: page),
                          version: version)
        }
    }

    /// A page of an organisation's people, with the directory's count it was read at
    /// (``DirectoryChanges``; nil where it could not be read).
    public struct People: Sendable {
        public let page: Page<Person>
        public let version: Int64?
    }

    /// Every account with its roles, for `tillit user list`.
    public func allPeople() async throws -> [Person] {
        try await database.read { db in
            let users = try await db.raw("SELECT \(unsafeRaw: Columns.user) FROM users p ORDER BY p.email").all().map(User.init(row:))
            let byUser = try Self.grantsByUser(try await db.raw("SELECT user_id, role, organisation_id, unit_id FROM role_grants ORDER BY id").all())
            return users.map { Person(user: $0, grants: byUser[$0.id] ?? []) }
        }
    }

    /// Input for a new account.
    public struct NewPerson: Sendable {
        public var email: String?
        public var name: String?
        /// A password to set now; nil leaves the account waiting for its invitation to be accepted.
        public var password: String?
        public var grants: [RoleGrant]
        /// Whether an account without a password gets an invitation to choose one (not when the
        /// person signs in with their organisation's own account).
        public var invited: Bool
        public init(email: String?, name: String?, password: String? = nil, grants: [RoleGrant] = [], invited: Bool = true) {
            self.email = email
            self.name = name
            self.password = password
            self.grants = grants
            self.invited = invited
        }
    }

    /// Creates an account with roles. Without a password, returns a one-time invitation token
    /// (valid seven days) for the person to choose their own.
    public func createPerson(actor: Actor, _ input: NewPerson) async throws -> (user: User, invitationToken: String?) {
        var v = Validator()
        let email = v.email("email", input.email)
        let name = v.text("name", input.name, maxLength: 200)
        let password = input.password.flatMap { v.newPassword("password", $0) }
        try v.check()
        for grant in input.grants where !Policy.canGrant(actor, grant) { throw AppError.forbidden }
        if input.grants.isEmpty && !Policy.isSystemAdministrator(actor) { throw AppError.forbidden }
        let hash = try await password.asyncMap { try await passwords.hash($0) }
        let now = self.now
        let invitation = hash == nil && input.invited ? Secrets.newToken() : nil
        do {
            let user = try await database.transaction { db in
                try await Self.checkGrantScopes(db, input.grants)
                let id = try await db.raw("""
                    INSERT INTO users (email, name, password_hash, created_at) VALUES (\(bind: email!), \(bind: name!), \(bind: hash), \(bind: now.epochSeconds))
                    RETURNING id
                    """).first()!.int64("id")
                for grant in input.grants {
                    try await Self.insertGrant(db, userID: id, grant: grant, at: now)
                }
                if let invitation {
                    try await Self.insertLink(db, token: invitation, userID: id, purpose: .invitation, now: now)
                }
                // The audit log names the account by id: the email is personal data and stays in users.
                try await AuditLog.record(db, at: now, actor: actor, action: "user.create", objectType: "user", objectID: String(id),
                                          organisationID: input.grants.first?.organisationID,
                                          details: ["roles": input.grants.map(\.role.rawValue).joined(separator: ","), "invited": invitation == nil ? "no" : "yes"])
                return User(id: id, email: email!, name: name!, language: nil, createdAt: now, disabledAt: nil, hasPassword: hash != nil)
            }
            return (user, invitation)
        } catch where database.isUniqueViolation(error) {
            throw AppError.invalid([FieldError("email", PlatformText.emailTaken)])
        }
    }

    /// Gives a person a role.
    public func addGrant(actor: Actor, userID: Int64, grant: RoleGrant) async throws {
        guard Policy.canGrant(actor, grant) else { throw AppError.forbidden }
        let now = self.now
        try await database.transaction { db in
            try await Self.checkGrantScopes(db, [grant])
            let existing = try await Self.loadGrants(db, userID: userID)
            // An organisation's administrator reaches only its own people: someone without a role
            // there is not found (new people come in through an invitation).
            if !Policy.isSystemAdministrator(actor), !existing.contains(where: { $0.organisationID == grant.organisationID }) {
                throw AppError.notFound
            }
            guard !existing.contains(grant) else { return }
            try await Self.insertGrant(db, userID: userID, grant: grant, at: now)
            try await AuditLog.record(db, at: now, actor: actor, action: "role.grant", objectType: "user", objectID: String(userID),
                                      organisationID: grant.organisationID, details: Self.describe(grant))
        }
        sessionCache?.remove(userID: userID)
    }

    /// Takes a role from a person.
    public func removeGrant(actor: Actor, userID: Int64, grant: RoleGrant) async throws {
        guard Policy.canGrant(actor, grant) else { throw AppError.forbidden }
        let now = self.now
        try await database.transaction { db in
            if grant.role == .systemadministrator {
                let count = try await Directory.grantCount(db, role: .systemadministrator)
                if count <= 1 { throw AppError(.conflict, code: "last-system-administrator", message: PlatformText.lastSystemAdministrator) }
            }
            try await db.raw("""
                DELETE FROM role_grants WHERE user_id = \(bind: userID) AND role = \(bind: grant.role.rawValue)
                AND \(Self.matches("organisation_id", grant.organisationID)) AND \(Self.matches("unit_id", grant.unitID))
                """).run()
            try await AuditLog.record(db, at: now, actor: actor, action: "role.revoke", objectType: "user", objectID: String(userID),
                                      organisationID: grant.organisationID, details: Self.describe(grant))
        }
        sessionCache?.remove(userID: userID)
    }

    /// Makes a person's roles among `managed` exactly `given` (roles another system decides, such as
    /// an organisation's identity provider), through the caller's transaction, each change in the
    /// audit log by `actor`. Returns whether anything changed; the caller forgets the person's
    /// cached sessions once the transaction is done.
    public func setManagedGrants(_ db: any SQLDatabase, actor: Actor, userID: Int64, managed: Set<RoleGrant>, given: Set<RoleGrant>) async throws -> Bool {
        let given = given.intersection(managed)
        let held = Set(try await Self.loadGrants(db, userID: userID))
        let now = self.now
        var changed = false
        for grant in managed.subtracting(given).intersection(held).sorted(by: { $0.sortKey < $1.sortKey }) {
            try await db.raw("""
                DELETE FROM role_grants WHERE user_id = \(bind: userID) AND role = \(bind: grant.role.rawValue)
                AND \(Self.matches("organisation_id", grant.organisationID)) AND \(Self.matches("unit_id", grant.unitID))
                """).run()
            try await AuditLog.record(db, at: now, actor: actor, action: "role.revoke", objectType: "user", objectID: String(userID),
                                      organisationID: grant.organisationID, details: Self.describe(grant))
            changed = true
        }
        let added = given.subtracting(held).sorted(by: { $0.sortKey < $1.sortKey })
        try await Self.checkGrantScopes(db, added)
        for grant in added {
            try await Self.insertGrant(db, userID: userID, grant: grant, at: now)
            try await AuditLog.record(db, at: now, actor: actor, action: "role.grant", objectType: "user", objectID: String(userID),
                                      organisationID: grant.organisationID, details: Self.describe(grant))
            changed = true
        }
        return changed
    }

    /// Forgets the cached sessions of a person whose roles changed.
    public func rolesChanged(userID: Int64) {
        sessionCache?.remove(userID: userID)
    }

    /// Builds a grant from form or API input, checking that the scope fits the role.
    public func makeGrant(role: String?, organisationID: Int64, unitID: String?) async throws -> RoleGrant {
        var v = Validator()
        let role = v.choice("role", role, as: Role.self)
        try v.check()
        switch role!.scope {
        case .instance:
            return RoleGrant(role: .systemadministrator, organisationID: nil, unitID: nil)
        case .organisation:
            return RoleGrant(role: role!, organisationID: organisationID, unitID: nil)
        case .unit:
            guard let id = RequestNumber.id(unitID) else { throw AppError.invalid([FieldError("unit_id", PlatformText.roleScopeMismatch)]) }
            let unit = try await self.unit(id: id)
            guard unit.organisationID == organisationID else { throw AppError.invalid([FieldError("unit_id", PlatformText.unitOfAnotherOrganisation)]) }
            return RoleGrant(role: role!, organisationID: organisationID, unitID: id)
        }
    }

    /// Disables an account: it can no longer sign in, its sessions and tokens end, its history stays.
    public func disablePerson(actor: Actor, userID: Int64, organisationID: Int64) async throws {
        guard Policy.canAdministerOrganisation(actor, organisationID) else { throw AppError.forbidden }
        let grants = try await grants(userID: userID)
        guard grants.contains(where: { $0.organisationID == organisationID }) else { throw AppError.notFound }
        // An organisation's administrator may not disable someone who also belongs elsewhere.
        if !Policy.isSystemAdministrator(actor), grants.contains(where: { $0.organisationID != organisationID }) { throw AppError.forbidden }
        let now = self.now
        try await database.transaction { db in
            try await db.raw("UPDATE users SET disabled_at = \(bind: now.epochSeconds) WHERE id = \(bind: userID)").run()
            try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: userID)").run()
            try await db.raw("UPDATE api_tokens SET revoked_at = \(bind: now.epochSeconds) WHERE user_id = \(bind: userID) AND revoked_at IS NULL").run()
            try await AuditLog.record(db, at: now, actor: actor, action: "user.disable", objectType: "user", objectID: String(userID), organisationID: organisationID)
        }
        sessionCache?.remove(userID: userID)
    }

    /// Records the language a person chose.
    public func setLanguage(userID: Int64, _ language: Language) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE users SET language = \(bind: language.rawValue) WHERE id = \(bind: userID)").run()
        }
        sessionCache?.remove(userID: userID)
    }

    // MARK: helpers

    static func insertGrant(_ db: any SQLDatabase, userID: Int64, grant: RoleGrant, at: Date) async throws {
        try await db.raw("""
            INSERT INTO role_grants (user_id, role, organisation_id, unit_id, created_at)
            VALUES (\(bind: userID), \(bind: grant.role.rawValue), \(bind: grant.organisationID), \(bind: grant.unitID), \(bind: at.epochSeconds))
            """).run()
    }

    /// Checks that each grant names the scope its role needs and that a unit belongs to the named organisation.
    static func checkGrantScopes(_ db: any SQLDatabase, _ grants: [RoleGrant]) async throws {
        for grant in grants {
            switch grant.role.scope {
            case .instance:
                guard grant.organisationID == nil, grant.unitID == nil else { throw AppError.invalid([FieldError("role", PlatformText.roleScopeMismatch)]) }
            case .organisation:
                guard grant.organisationID != nil, grant.unitID == nil else { throw AppError.invalid([FieldError("role", PlatformText.roleScopeMismatch)]) }
            case .unit:
                guard let unitID = grant.unitID, let org = grant.organisationID else { throw AppError.invalid([FieldError("unit_id", PlatformText.roleScopeMismatch)]) }
                let row = try await db.raw("SELECT organisation_id FROM units WHERE id = \(bind: unitID)").first()
                guard let row, try row.int64("organisation_id") == org else { throw AppError.invalid([FieldError("unit_id", PlatformText.unitOfAnotherOrganisation)]) }
            }
        }
    }

    static func matches(_ column: String, _ value: Int64?) -> SQLQueryString {
        if let value { return "\(unsafeRaw: column) = \(bind: value)" }
        return "\(unsafeRaw: column) IS NULL"
    }

    static func describe(_ grant: RoleGrant) -> [String: String] {
        ["role": grant.role.rawValue, "organisation_id": grant.organisationID.map(String.init) ?? "", "unit_id": grant.unitID.map(String.init) ?? ""]
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

extension RoleGrant {
    /// An order for writing several grants alike every time.
    fileprivate var sortKey: String { "\(role.rawValue):\(organisationID ?? 0):\(unitID ?? 0)" }
}
