import Foundation
import SQLKit
import Testing
import TillitPlatform
import TillitListen
import TillitStorage
import TillitTestSupport

@Suite("Anonymity migrations")
struct AnonymityMigrationTests {
    static let later: Set<String> = ["platform.0008.notifications_random_ids", "signals.0003.without_rowid"]

    @Test("rebuilding signals and notices keeps every row and every link, and leaves no counted order", arguments: TestDatabases.kinds)
    func rebuildKeepsData(kind: DatabaseKind) async throws {
        let all = PlatformSchema.migrations + SignalSchema.migrations
        let before = all.filter { !Self.later.contains($0.id) }
        try await TestDatabases.with(kind, migrations: before) { database in
            // given signals with hops, comments (one an anonymous reply), supports and notices, written before the change
            let fixture = try await Fixture.make(database)
            let org = fixture.organisation
            let chef = try await fixture.person("chef@test.se", [RoleGrant(role: .chef, organisationID: org.id, unitID: fixture.units["norr"]!)])
            let staff = try await fixture.person("m@test.se", [RoleGrant(role: .medarbetare, organisationID: org.id, unitID: fixture.units["teamA"]!)])
            let signals = Signals(platform: fixture.platform)
            let named = try await signals.raise(actor: staff, .init(kind: "hinder", text: "Med namn", unitID: String(fixture.units["teamA"]!))).signal.id
            _ = try await signals.comment(actor: chef, id: named, text: "Tack")
            try await signals.toggleSupport(actor: chef, id: named)
            // an anonymous reply as the old code wrote it: numbered in the conversation
            try await database.transaction { db in
                try await db.raw("""
                    INSERT INTO signal_comments (id, signal_id, seq, author_id, by_raiser, question, text, created_at)
                    VALUES (4242, \(bind: named), 2, NULL, 1, 0, 'Svar', \(bind: TestDatabases.epoch.epochSeconds - TestDatabases.epoch.epochSeconds % 86_400))
                    """).run()
                try await db.raw("""
                    INSERT INTO notifications (user_id, organisation_id, created_at, kind, message_sv, message_en, url)
                    VALUES (\(bind: chef.userID!), \(bind: org.id), 1, 'test', 'a', 'b', '/x')
                    """).run()
            }
            let counts = try await Self.counts(database)
            // when the rest of the migrations run
            try await Migrator(all, logger: TestDatabases.logger).migrate(database)
            // then everything is still there and linked
            #expect(try await Self.counts(database) == counts)
            let detail = try await signals.detail(actor: chef, id: named)
            #expect(detail.comments.map(\.text) == ["Tack", "Svar"] && detail.supporters == 1 && detail.path.count == 1)
            try await database.read { db in
                #expect(try await db.raw("SELECT seq FROM signal_comments WHERE id = 4242").first()!.optionalInt64("seq") == nil)
                let ids = try await db.raw("SELECT id FROM notifications").all().map { try $0.int64("id") }
                #expect(ids.allSatisfy { $0 > 1_000 }, "notice ids renumbered at random: \(ids)")
            }
            // and new rows still go in, with the foreign keys enforced
            _ = try await signals.raise(actor: staff, .init(kind: "ide", text: "Efteråt", unitID: String(fixture.units["teamA"]!), anonymous: true))
            await #expect(throws: (any Error).self) {
                try await database.transaction { db in
                    try await db.raw("INSERT INTO signal_hops (id, signal_id, seq, at, kind, to_unit_id) VALUES (1, 999, 1, 0, 'landed', 1)").run()
                }
            }
        }
    }

    static func counts(_ database: any Database) async throws -> [String: Int] {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for table in ["signals", "signal_hops", "signal_comments", "signal_supports", "notifications"] {
                counts[table] = try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }
}

@Suite("Anonymity: the daily re-stamping")
struct RestampTests {
    @Test("the day after, an anonymous signal's rows share one transaction and leave the order of writing", arguments: TestDatabases.kinds)
    func restamp(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: PlatformSchema.migrations + SignalSchema.migrations) { database in
            let clock = MovableClock(TestDatabases.epoch)
            let f = try await Fixture.make(database, clock: clock.appClock)
            let org = f.organisation
            _ = try await f.person("chef@test.se", [RoleGrant(role: .chef, organisationID: org.id, unitID: f.units["norr"]!)])
            let staff = try await f.person("m@test.se", [RoleGrant(role: .medarbetare, organisationID: org.id, unitID: f.units["teamA"]!)])
            let signals = Signals(platform: f.platform)
            let unit = String(f.units["teamA"]!)
            // given named signals around one anonymous one, written in that order on one day
            let before = try await signals.raise(actor: staff, .init(kind: "ide", text: "Före", unitID: unit)).signal.id
            clock.advance(seconds: 60)
            let anonymous = try await signals.raise(actor: staff, .init(kind: "hinder", text: "Anonym", unitID: unit, anonymous: true)).signal.id
            clock.advance(seconds: 60)
            let after = try await signals.raise(actor: staff, .init(kind: "ide", text: "Efter", unitID: unit)).signal.id
            // when the first job run of the next day re-stamps
            clock.advance(days: 1)
            #expect(try await signals.restampAnonymousRows())
            // then no other run does it again
            #expect(try await signals.restampAnonymousRows() == false)
            guard kind == .postgres else { return }
            // and on PostgreSQL the anonymous rows share one transaction id, later than every named row of that day
            try await database.read { db in
                func xmin(_ sql: SQLQueryString) async throws -> [Int64] {
                    try await db.raw(sql).all().map { try $0.int64("x") }
                }
                let signalX = try await xmin("SELECT xmin::text::bigint AS x FROM signals WHERE id = \(bind: anonymous)")
                let hopX = try await xmin("SELECT xmin::text::bigint AS x FROM signal_hops WHERE signal_id = \(bind: anonymous)")
                let noticeX = try await xmin("SELECT xmin::text::bigint AS x FROM notifications WHERE url = \(bind: "signal:\(anonymous)")")
                let namedX = try await xmin("SELECT xmin::text::bigint AS x FROM signals WHERE id IN (\(bind: before), \(bind: after))")
                #expect(Set(signalX + hopX + noticeX).count == 1 && !noticeX.isEmpty)
                #expect(namedX.allSatisfy { $0 < signalX[0] })
            }
        }
    }
}
