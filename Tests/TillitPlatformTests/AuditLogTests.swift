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
}
