import Foundation
import SQLKit
import TillitStorage

/// What a loop reads of the platform's people, roles and organisations, through the `db` of its
/// own `read {}` or `transaction {}` (never a connection of its own: see `DatabaseLease`). The
/// platform owns `users`, `role_grants`, `organisations` and `units`; no other module names them in
/// SQL. Roles are bound by their raw values, never written as literals.
public enum Directory {
    /// The active people who manage unit `unitID` (the chef role there).
    public static func managers(_ db: any SQLDatabase, unitID: Int64) async throws -> [Int64] {
        try await db.raw("""
            SELECT DISTINCT g.user_id FROM role_grants g JOIN users p ON p.id = g.user_id
            WHERE g.unit_id = \(bind: unitID) AND g.role = \(bind: Role.chef.rawValue) AND p.disabled_at IS NULL ORDER BY g.user_id
            """).all().map { try $0.int64("user_id") }
    }

    /// The active people holding `role` in `organisationID` (nil: in any organisation, or the instance).
    public static func holders(_ db: any SQLDatabase, role: Role, organisationID: Int64?) async throws -> [Int64] {
        let scope: SQLQueryString = organisationID.map { " AND g.organisation_id = \(bind: $0)" } ?? ""
        return try await db.raw("""
            SELECT DISTINCT g.user_id FROM role_grants g JOIN users p ON p.id = g.user_id
            WHERE g.role = \(bind: role.rawValue)\(scope) AND p.disabled_at IS NULL ORDER BY g.user_id
            """).all().map { try $0.int64("user_id") }
    }

    /// How many grants of `role` there are in the whole instance.
    public static func grantCount(_ db: any SQLDatabase, role: Role) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM role_grants WHERE role = \(bind: role.rawValue)").first()!.decode(column: "n", as: Int.self)
    }

    /// The units among `units` that have an active manager. What routing asks about is a unit and
    /// the units above it (``UnitTree/withAncestors(_:)``), a few where an organisation has thousands.
    public static func managedUnits(_ db: any SQLDatabase, among units: Set<Int64>) async throws -> Set<Int64> {
        units.isEmpty ? [] : try await managedUnits(db, "g.unit_id IN \(SQLQueryString.list(units.sorted()))")
    }

    /// The units of an organisation that have an active manager.
    public static func managedUnits(_ db: any SQLDatabase, organisationID: Int64) async throws -> Set<Int64> {
        try await managedUnits(db, "g.organisation_id = \(bind: organisationID) AND g.unit_id IS NOT NULL")
    }

    /// The units of the manager roles that meet `condition`, held by people not disabled.
    private static func managedUnits(_ db: any SQLDatabase, _ condition: SQLQueryString) async throws -> Set<Int64> {
        Set(try await db.raw("""
            SELECT DISTINCT g.unit_id FROM role_grants g JOIN users p ON p.id = g.user_id
            WHERE \(condition) AND g.role = \(bind: Role.chef.rawValue) AND p.disabled_at IS NULL
            """).all().map { try $0.int64("unit_id") })
    }

    /// How many active people work in any of `unitIDs` (as staff or as their manager), each counted once.
    public static func peopleCount(_ db: any SQLDatabase, organisationID: Int64, unitIDs: Set<Int64>) async throws -> Int {
        guard !unitIDs.isEmpty else { return 0 }
        var people: Set<Int64> = []
        for row in try await db.raw("""
            SELECT DISTINCT g.user_id, g.unit_id FROM role_grants g JOIN users p ON p.id = g.user_id
            WHERE g.organisation_id = \(bind: organisationID) AND g.role IN (\(bind: Role.medarbetare.rawValue), \(bind: Role.chef.rawValue))
            AND g.unit_id IS NOT NULL AND p.disabled_at IS NULL
            """).all() {
            if unitIDs.contains(try row.int64("unit_id")) { people.insert(try row.int64("user_id")) }
        }
        return people.count
    }

    /// People with a role in any unit of the organisation: ``peopleCount(_:organisationID:unitIDs:)``
    /// over all its units, counted by the database.
    public static func peopleCount(_ db: any SQLDatabase, organisationID: Int64) async throws -> Int {
        try await db.raw("""
            SELECT COUNT(DISTINCT g.user_id) AS n FROM role_grants g JOIN users p ON p.id = g.user_id
            JOIN units u ON u.id = g.unit_id AND u.organisation_id = g.organisation_id
            WHERE g.organisation_id = \(bind: organisationID) AND g.role IN (\(bind: Role.medarbetare.rawValue), \(bind: Role.chef.rawValue))
            AND p.disabled_at IS NULL
            """).first().map { try $0.int64("n") }.map(Int.init) ?? 0
    }

    /// The active accounts with these emails (compared lower-cased).
    public static func activeUserIDs(_ db: any SQLDatabase, emails: [String]) async throws -> [Int64] {
        let normalised = Array(Set(emails.map { TextInput.normalise($0).lowercased() }.filter { !$0.isEmpty }))
        guard !normalised.isEmpty else { return [] }
        return try await db.raw("""
            SELECT id FROM users WHERE disabled_at IS NULL AND email IN \(SQLQueryString.list(normalised)) ORDER BY id
            """).all().map { try $0.int64("id") }
    }

    /// People's names by id (missing ids are left out).
    public static func names(_ db: any SQLDatabase, userIDs: Set<Int64>) async throws -> [Int64: String] {
        guard !userIDs.isEmpty else { return [:] }
        var names: [Int64: String] = [:]
        for row in try await db.raw("SELECT id, name FROM users WHERE id IN \(SQLQueryString.list(Array(userIDs).sorted()))").all() {
            names[try row.int64("id")] = try row.string("name")
        }
        return names
    }

    /// Units' names by id (missing ids are left out).
    public static func unitNames(_ db: any SQLDatabase, ids: Set<Int64>) async throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        var names: [Int64: String] = [:]
        for row in try await db.raw("SELECT id, name FROM units WHERE id IN \(SQLQueryString.list(Array(ids).sorted()))").all() {
            names[try row.int64("id")] = try row.string("name")
        }
        return names
    }

    /// The organisation a unit belongs to, if the unit exists.
    public static func organisationID(_ db: any SQLDatabase, unitID: Int64) async throws -> Int64? {
        try await db.raw("SELECT organisation_id FROM units WHERE id = \(bind: unitID)").first()?.int64("organisation_id")
    }

    /// Every organisation's id, in order.
    public static func organisationIDs(_ db: any SQLDatabase) async throws -> [Int64] {
        try await db.raw("SELECT id FROM organisations ORDER BY id").all().map { try $0.int64("id") }
    }

    /// The organisations with these ids (all of them when nil), by id.
    public static func organisations(_ db: any SQLDatabase, ids: Set<Int64>? = nil) async throws -> [Int64: Organisation] {
        if let ids, ids.isEmpty { return [:] }
        let filter: SQLQueryString = ids.map { " WHERE o.id IN \(SQLQueryString.list(Array($0).sorted()))" } ?? ""
        var all: [Int64: Organisation] = [:]
        for row in try await db.raw("SELECT \(unsafeRaw: Columns.organisation) FROM organisations o\(filter)").all() {
            let organisation = try Organisation(row: row)
            all[organisation.id] = organisation
        }
        return all
    }

    /// A scalar subquery giving every organisation as `id kind name`, the entries separated by
    /// U+001F (which names never hold): for a query that reads the organisations in the same round
    /// trip as its own rows (the search).
    public static let organisationDigest: SQLQueryString = """
        SELECT STRING_AGG(CAST(id AS TEXT) || ' ' || kind || ' ' || name, \(bind: "\u{1F}")) FROM organisations
        """

    /// Reads what ``organisationDigest`` gave: name and kind by id.
    public static func organisations(digest: String?) -> [Int64: (name: String, kind: String)] {
        var organisations: [Int64: (name: String, kind: String)] = [:]
        for entry in (digest ?? "").utf8.split(separator: 0x1F) {
            let fields = entry.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let id = Int64(String(decoding: fields[0], as: UTF8.self)) else { continue }
            organisations[id] = (String(decoding: fields[2], as: UTF8.self), String(decoding: fields[1], as: UTF8.self))
        }
        return organisations
    }

    /// Creates an organisation inside the caller's transaction (an import naming one that is new),
    /// with a slug made from its name; returns its id.
    public static func createOrganisation(_ db: any SQLDatabase, name: String, kind: OrganisationKind, at now: Date) async throws -> Int64 {
        let folded = name.lowercased().replacingOccurrences(of: "å", with: "a").replacingOccurrences(of: "ä", with: "a").replacingOccurrences(of: "ö", with: "o")
            .folding(options: .diacriticInsensitive, locale: nil)
        var base = String(folded.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        while base.contains("--") { base = base.replacingOccurrences(of: "--", with: "-") }
        base = String(base.trimmingCharacters(in: CharacterSet(charactersIn: "-")).prefix(50))
        if base.isEmpty { base = "organisation" }
        var slug = base, n = 2
        while try await db.raw("SELECT 1 AS x FROM organisations WHERE slug = \(bind: slug)").first() != nil {
            slug = "\(base)-\(n)"
            n += 1
        }
        return try await db.raw("""
            INSERT INTO organisations (slug, name, kind, created_at) VALUES (\(bind: slug), \(bind: name), \(bind: kind.rawValue), \(bind: now.epochSeconds))
            RETURNING id
            """).first()!.int64("id")
    }
}

/// Whether the people of the directory or their roles may have changed since they were read: a
/// count the database moves on every write to ``tables`` (migration `platform.0014.directory_changes`).
/// Those are written seldom (an invitation, a role given or taken, a name, a language, a password,
/// an account closed or erased) and never by an anonymous action, so a page kept while the count
/// stands tells no one anything by its speed that it does not show.
public enum DirectoryChanges {
    /// The people and their roles.
    public static let tables = ["users", "role_grants"]

    /// The count as of `db`'s snapshot.
    public static func count(_ db: any SQLDatabase) async throws -> Int64? {
        try await ChangeCounter.count(db, name: "directory_changes")
    }

    /// The count as last committed, where it can be known without a round trip (SQLite).
    public static func peek(_ database: any Database) -> Int64? {
        database.peekNumber("SELECT n FROM directory_changes WHERE id = 1")
    }
}
