import Foundation
import SQLKit
import TillitStorage

/// The append-only audit log: who changed what, when, and through which route or command.
///
/// It is written in the same transaction as the change it records, so there is never a change
/// without its entry. It holds field names and identifiers, never survey answers, anonymous content
/// or free text written by staff.
public enum AuditLog {
    /// Records one change. `details` are key–value pairs, stored sorted as compact JSON.
    public static func record(
        _ db: any SQLDatabase, at: Date, actor: Actor, action: String, objectType: String,
        objectID: String?, organisationID: Int64?, details: [String: String] = [:]
    ) async throws {
        let json = try String(decoding: JSONSerialization.data(withJSONObject: details, options: [.sortedKeys]), as: UTF8.self)
        try await db.raw("""
            INSERT INTO audit_log (at, actor_user_id, actor_label, via, action, object_type, object_id, organisation_id, details)
            VALUES (\(bind: at.epochSeconds), \(bind: actor.userID), \(bind: actor.label), \(bind: actor.via), \(bind: action),
                    \(bind: objectType), \(bind: objectID), \(bind: organisationID), \(bind: json))
            """).run()
    }

    /// A page of an organisation's log, newest first (or the whole instance's when nil).
    public static func list(_ db: any SQLDatabase, organisationID: Int64?, page: PageRequest) async throws -> Page<AuditEntry> {
        let filter: SQLQueryString = organisationID.map { "WHERE organisation_id = \(bind: $0)" } ?? ""
        let total = try await db.raw("SELECT COUNT(*) AS n FROM audit_log \(filter)").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await db.raw(pageStatement(filter, page: page)).all()
        return Page(items: try rows.map(AuditEntry.init(row:)), total: total, request: page)
    }

    /// A number that moves with every entry written, whoever writes it, as last committed; nil
    /// where it cannot be known without a round trip (PostgreSQL, where the count does not move and
    /// nothing is kept by it). Entries are written only for named actions, never for an anonymous
    /// one, so a page kept while it stands tells no one anything by its speed that it does not show.
    public static func peekChanges(_ database: any Database) -> Int64? {
        database.peekNumber("SELECT n FROM audit_changes WHERE id = 1")
    }

    /// A page of the log, newest first (an organisation's in the order of its index).
    static func pageStatement(_ filter: SQLQueryString, page: PageRequest) -> SQLQueryString {
        """
        SELECT id, at, actor_user_id, actor_label, via, action, object_type, object_id, organisation_id, details
        FROM audit_log \(filter) ORDER BY at DESC, id DESC LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
        """
    }
}
