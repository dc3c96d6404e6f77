import Foundation
import SQLKit
import Testing
@testable import TillitPlatform
import TillitStorage
import TillitTestSupport

@Suite("Audit log")
struct AuditLogTests {
    @Test("an organisation's page is read in its index's order: no sorting of the whole log for fifty rows")
    func pageFromIndex() async throws {
        try await TestDatabases.with(.sqlite, migrations: PlatformSchema.migrations) { database in
            let statement = AuditLog.pageStatement("WHERE organisation_id = \(bind: Int64(1))", page: .first)
            let plan = try await database.read { db in
                try await db.raw("EXPLAIN QUERY PLAN \(statement)").all().map { try $0.string("detail") }.joined(separator: "; ")
            }
            #expect(plan.contains("audit_log_organisation_at"), "\(plan)")
            #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
        }
    }

    @Test("newest first by time, then by entry, on either database", arguments: TestDatabases.kinds)
    func newestFirst(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            // Later than anything the fixture wrote.
            let base = Date(timeIntervalSince1970: 4_000_000_000)
            // Written out of time order: an entry dated earlier comes after one dated later.
            try await database.transaction { db in
                for (offset, action) in [(300, "c"), (100, "a"), (300, "d"), (200, "b")] {
                    try await AuditLog.record(db, at: base.addingTimeInterval(Double(offset)), actor: admin, action: action,
                                              objectType: "thing", objectID: nil, organisationID: f.organisation.id)
                }
            }
            let page = try await f.platform.auditLog(actor: admin, organisationID: f.organisation.id, page: PageRequest(page: 1, perPage: 3)!)
            #expect(page.items.map(\.action) == ["d", "c", "b"])
        }
    }

    @Test("a page of the log is kept while the log's count stands, and every entry, whoever writes it, shows at once", arguments: TestDatabases.kinds)
    func keptPages(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let f = try await Fixture.make(database)
            let admin = try await f.person("admin@tillitsby.se", [f.grant(.administrator)])
            let first = PageRequest(page: 1, perPage: 3)!
            func actions(_ page: PageRequest = PageRequest(page: 1, perPage: 3)!) async throws -> [String] {
                try await f.platform.auditLog(actor: admin, organisationID: f.organisation.id, page: page).items.map(\.action)
            }
            let base = Date(timeIntervalSince1970: 4_000_000_000)
            func record(_ action: String, _ offset: Double) async throws {
                try await database.transaction { db in
                    try await AuditLog.record(db, at: base.addingTimeInterval(offset), actor: admin, action: action,
                                              objectType: "thing", objectID: nil, organisationID: f.organisation.id)
                }
            }
            try await record("a", 1)
            #expect(try await actions().first == "a")
            #expect(try await actions().first == "a")
            // through the service, and by plain SQL as a command or another instance would
            try await f.platform.addGrant(actor: admin, userID: admin.userID!, grant: f.grant(.styrelse))
            #expect(try await actions(PageRequest(page: 1, perPage: 100)!).prefix(2) == ["a", "role.grant"])  // dated by the clock, before "a"
            try await record("b", 2)
            #expect(try await actions().first == "b")
            try await database.transaction { db in
                try await db.raw("""
                    INSERT INTO audit_log (at, actor_user_id, actor_label, via, action, object_type, object_id, organisation_id, details)
                    VALUES (\(bind: Int64(4_000_000_003)), NULL, 'cli', 'cli', 'c', 'thing', NULL, \(bind: f.organisation.id), '{}')
                    """).run()
            }
            #expect(try await actions() == ["c", "b", "a"])
            #expect(try await actions(PageRequest(page: 2, perPage: 3)!).first == "role.grant")
            let total = try await f.platform.auditLog(actor: admin, organisationID: f.organisation.id, page: first).total
            // Only the kept pages answer while the count stands: with its triggers gone (SQLite),
            // an entry the count does not see is not shown; on PostgreSQL nothing is kept, so it is.
            if kind == .sqlite {
                try await database.transaction { db in
                    for event in ["insert", "update", "delete"] { try await db.raw(SQLQueryString("DROP TRIGGER audit_changes_audit_log_\(event)")).run() }
                }
            }
            try await record("unseen", 4)
            let shown = try await f.platform.auditLog(actor: admin, organisationID: f.organisation.id, page: first)
            #expect(shown.items.first?.action == (kind == .sqlite ? "c" : "unseen"))
            #expect(shown.total == (kind == .sqlite ? total : total + 1))
            // Another organisation's administrator is refused, kept page or not.
            let other = try await f.person("other@annanstad.se", [RoleGrant(role: .administrator, organisationID: f.other.id, unitID: nil)])
            await #expect(throws: AppError.self) { try await f.platform.auditLog(actor: other, organisationID: f.organisation.id, page: first) }
        }
    }
}
