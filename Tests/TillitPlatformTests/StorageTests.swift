import Foundation
import SQLKit
import Testing
import TillitPlatform
@testable import TillitStorage
import TillitTestSupport

/// The storage layer's promises, on every database the suite can reach.
@Suite("Storage")
struct StorageTests {
    @Test("migrations run once and record themselves", arguments: TestDatabases.kinds)
    func migrationsAreIdempotent(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            // given a migrated database
            let migrator = Migrator(PlatformSchema.migrations, logger: TestDatabases.logger)
            // when the migrations run again
            let applied = try await migrator.migrate(database)
            // then nothing is applied twice and nothing is pending
            #expect(applied.isEmpty)
            #expect(try await migrator.pending(database).isEmpty)
        }
    }

    @Test("a row's columns read as the same values on both databases, whatever type is asked for", arguments: TestDatabases.kinds)
    func rowValues(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let row = try await database.read { db in
                try await db.raw("""
                    SELECT 'Åsa Öberg' AS text, CAST(9007199254740993 AS BIGINT) AS big, 42 AS small, CAST(2.5 AS DOUBLE PRECISION) AS real, NULL AS missing, '[1,2]' AS list
                    """).first()!
            }
            #expect(try row.string("text") == "Åsa Öberg")
            #expect(try row.decode(column: "text", as: String?.self) == "Åsa Öberg")
            #expect(try row.int64("big") == 9_007_199_254_740_993)
            #expect(try row.decode(column: "small", as: Int.self) == 42)
            #expect(try row.decode(column: "small", as: Int32.self) == 42)
            #expect(try row.decode(column: "real", as: Double.self) == 2.5)
            #expect(try row.decodeNil(column: "missing"))
            #expect(try row.optionalString("missing") == nil)
            #expect(try row.optionalInt64("small") == 42)
            #expect(!(try row.decodeNil(column: "text")))
            #expect(row.contains(column: "list") && !row.contains(column: "absent"))
            #expect(throws: (any Error).self) { try row.string("absent") }
            #expect(throws: (any Error).self) { try row.int64("text") }
            #expect(Set(row.allColumns) == ["text", "big", "small", "real", "missing", "list"])
        }
    }

    @Test("a failing transaction writes nothing", arguments: TestDatabases.kinds)
    func transactionRollsBack(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            // given a transaction that writes two rows and then fails
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await database.transaction { db in
                    try await db.raw("INSERT INTO organisations (slug, name, kind, created_at) VALUES ('a', 'A', 'kommun', 1)").run()
                    try await db.raw("INSERT INTO organisations (slug, name, kind, created_at) VALUES ('b', 'B', 'kommun', 1)").run()
                    throw Boom()
                }
            }
            // then neither row is there
            let count = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM organisations").first()!.decode(column: "n", as: Int.self)
            }
            #expect(count == 0)
        }
    }

    @Test("foreign keys are enforced", arguments: TestDatabases.kinds)
    func foreignKeys(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            await #expect(throws: (any Error).self) {
                try await database.transaction { db in
                    try await db.raw("INSERT INTO units (organisation_id, name, kind, created_at) VALUES (999, 'X', 'enhet', 1)").run()
                }
            }
        }
    }

    @Test("SQLite readers keep answering while a write transaction is open")
    func readersRunBesideWriter() async throws {
        try await TestDatabases.with(.sqlite) { database in
            // given a write transaction that holds the writer until we let it go
            let (stream, continuation) = AsyncStream<Void>.makeStream()
            let (started, startedContinuation) = AsyncStream<Void>.makeStream()
            async let writer: Void = database.transaction { db in
                try await db.raw("INSERT INTO organisations (slug, name, kind, created_at) VALUES ('w', 'W', 'kommun', 1)").run()
                startedContinuation.yield()
                for await _ in stream { break }
            }
            for await _ in started { break }
            // when a reader asks meanwhile
            let count = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM organisations").first()!.decode(column: "n", as: Int.self)
            }
            // then it answers at once, with the committed state (the write is not visible yet)
            #expect(count == 0)
            continuation.yield()
            continuation.finish()
            try await writer
            let after = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM organisations").first()!.decode(column: "n", as: Int.self)
            }
            #expect(after == 1)
        }
    }

    @Test("SQLite peeks at a number as last committed, by this process's writer or another connection, without a lease")
    func peekNumber() async throws {
        try await TestDatabases.with(.sqlite) { database in
            let sqlite = database as! SQLiteDatabase
            #expect(database.peekNumber("SELECT COUNT(*) FROM organisations") == 0)
            try await database.transaction { db in
                try await db.raw("INSERT INTO organisations (slug, name, kind, created_at) VALUES ('a', 'A', 'kommun', 0)").run()
            }
            #expect(database.peekNumber("SELECT COUNT(*) FROM organisations") == 1)
            // a rolled-back transaction commits nothing
            await #expect(throws: (any Error).self) {
                try await database.transaction { db in
                    try await db.raw("INSERT INTO organisations (slug, name, kind, created_at) VALUES ('b', 'B', 'kommun', 0)").run()
                    throw StorageError.notSupported("roll back")
                }
            }
            #expect(database.peekNumber("SELECT COUNT(*) FROM organisations") == 1)
            // a second connection to the file, as a command run beside the server would open
            let other = try await SQLiteDatabase.open(path: sqlite.path, readers: 1, logger: TestDatabases.logger)
            try await other.transaction { db in
                try await db.raw("INSERT INTO organisations (slug, name, kind, created_at) VALUES ('c', 'C', 'kommun', 0)").run()
            }
            await other.shutdown()
            #expect(database.peekNumber("SELECT COUNT(*) FROM organisations") == 2)
            // inside a lease too (it takes none), and a failing statement is nil
            let inside = try await database.read { _ in database.peekNumber("SELECT COUNT(*) FROM organisations") }
            #expect(inside == 2)
            #expect(database.peekNumber("SELECT nothing FROM nowhere") == nil)
            #expect(database.peekNumber("SELECT name FROM organisations WHERE slug = 'a'") == nil, "not a whole number")
        }
    }

    @Test("PostgreSQL peeks at nothing: it would be a round trip")
    func noPeekOnPostgres() async throws {
        guard TestDatabases.kinds.contains(.postgres) else { return }
        try await TestDatabases.with(.postgres) { database in
            #expect(database.peekNumber("SELECT 1") == nil)
        }
    }

    @Test("SQLite reads run on the readers' own threads, and what follows a read does not")
    func readsRunOnReaderThreads() async throws {
        try await TestDatabases.with(.sqlite) { database in
            let caller = currentThreadName()
            let inside = try await database.read { db in
                _ = try await db.raw("SELECT 1 AS one").all()
                return currentThreadName()
            }
            // NIO names its thread pools' threads "TP-#n"; the request's own threads are Swift's.
            #expect(inside.hasPrefix("TP-"))
            #expect(!caller.hasPrefix("TP-"))
            #expect(!currentThreadName().hasPrefix("TP-"), "the caller goes on where it was")
            try await Task.sleep(for: .milliseconds(1))
            #expect(!currentThreadName().hasPrefix("TP-"))
        }
    }

    @Test("SQLite readers' kept statements see later commits, hold no snapshot, and survive errors and churn")
    func keptStatements() async throws {
        try await TestDatabases.with(.sqlite) { database in
            func names() async throws -> [String] {
                try await database.read { db in
                    try await db.raw("SELECT name FROM organisations WHERE kind = \(bind: "kommun") ORDER BY name").all()
                        .map { try $0.string("name") }
                }
            }
            // given a statement kept from an earlier read
            #expect(try await names() == [])
            // when a commit follows, the same statement sees it
            try await database.transaction { db in
                try await db.raw("INSERT INTO organisations (slug, name, kind, created_at) VALUES ('a', 'Åre', 'kommun', 1)").run()
            }
            #expect(try await names() == ["Åre"])
            // and no kept statement holds the log: a checkpoint empties it whole
            let checkpoint = try await (database as! SQLiteDatabase).withWriterConnection { db in
                try await db.raw("PRAGMA wal_checkpoint(TRUNCATE)").first()!.int64("busy")
            }
            #expect(checkpoint == 0)
            // a failing statement is an error, and the connections go on answering
            await #expect(throws: (any Error).self) {
                try await database.read { db in try await db.raw("SELECT nothing FROM nowhere").run() }
            }
            // more distinct statements than are kept still answer correctly
            for n in 0..<(300) {
                let value = try await database.read { db in
                    try await db.raw("SELECT \(unsafeRaw: String(n)) + \(bind: 1) AS v").first()!.int64("v")
                }
                #expect(value == Int64(n) + 1)
            }
            // every kind of value is bound and read back as it was
            let row = try await database.read { db in
                try await db.raw("SELECT \(bind: "a\u{0}b ö") AS t, \(bind: 2.25) AS d, \(bind: Int64.min) AS i, \(bind: String?.none) AS n, \(bind: "") AS e").first()!
            }
            #expect(try row.string("t") == "a\u{0}b ö")
            #expect(try row.decode(column: "d", as: Double.self) == 2.25)
            #expect(try row.int64("i") == Int64.min)
            #expect(try row.decodeNil(column: "n"))
            #expect(try row.string("e") == "")
            #expect(try await names() == ["Åre"])
            // a kept statement keeps its plan, even where SQLite would take a bound value to be
            // one that could change it (a LIKE pattern)
            for pattern in ["Å%", "B%", "%e", "Å%"] {
                _ = try await database.read { db in
                    try await db.raw("SELECT name FROM organisations WHERE name LIKE \(bind: pattern)").all()
                }
            }
            #expect((database as! SQLiteDatabase).keptStatementsReprepared() == 0)
        }
    }

    @Test("SQLite backup makes a readable copy of the live database")
    func backup() async throws {
        try await TestDatabases.with(.sqlite) { database in
            try await database.transaction { db in
                try await db.raw("INSERT INTO organisations (slug, name, kind, created_at) VALUES ('b', 'Backup', 'kommun', 1)").run()
            }
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("tillit-backup-\(UUID().uuidString).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: copy) }
            try await (database as! SQLiteDatabase).backup(to: copy)
            let restored = try await SQLiteDatabase.open(path: copy, readers: 1, logger: TestDatabases.logger)
            let names = try await withRunningDatabase(restored) { db in
                try await db.read { try await $0.raw("SELECT name FROM organisations").all().map { try $0.decode(column: "name", as: String.self) } }
            }
            #expect(names == ["Backup"])
            #expect(try await IntegrityCheck.run(database).isEmpty)
        }
    }

    @Test("page requests refuse absurd values")
    func pageBounds() {
        #expect(PageRequest(page: 0) == nil)
        #expect(PageRequest(page: 1, perPage: 101) == nil)
        #expect(PageRequest(page: PageRequest.maxPage + 1) == nil)
        #expect(PageRequest(page: 3, perPage: 20)?.offset == 40)
    }
}

@Suite("Notice targets")
struct NoticeTargetTests {
    @Test("notices written with web addresses are read back as targets after the migration", arguments: TestDatabases.kinds)
    func migratedTargets(kind: DatabaseKind) async throws {
        let before = PlatformSchema.migrations.filter { $0.id != "platform.0010.notice_targets" }
        try await TestDatabases.with(kind, migrations: before) { database in
            let f = try await Fixture.make(database)
            let maja = try await f.person("maja@tillitsby.se", [f.grant(.medarbetare, unit: "teamA")])
            try await database.transaction { db in
                for (n, url) in ["/signaler/42", "/forsok/7", "/kunskapsbank/anmalningar", "/mitt"].enumerated() {
                    try await db.raw("""
                        INSERT INTO notifications (id, user_id, organisation_id, created_at, kind, message_sv, message_en, url)
                        VALUES (\(bind: Int64(100 + n)), \(bind: maja.userID!), NULL, \(bind: Int64(n)), 'test', 'a', 'b', \(bind: url))
                        """).run()
                }
            }
            _ = try await Migrator(PlatformSchema.migrations, logger: TestDatabases.logger).migrate(database)
            let items = try await f.platform.notifications(userID: maja.userID!, page: PageRequest(page: 1, perPage: 10)!).page.items
            #expect(Set(items.map(\.target)) == [NoticeTarget("signal", id: 42), NoticeTarget("pilot", id: 7), NoticeTarget("problem-reports"),
                                                 NoticeTarget("/mitt")])
            #expect(NoticeTarget(stored: NoticeTarget("signal", id: 42).description) == NoticeTarget("signal", id: 42))
        }
    }
}

/// The name the system gives the running thread (Linux).
private func currentThreadName() -> String {
    ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "")
        .trimmingCharacters(in: .whitespacesAndNewlines)
}

@Suite("Reader rows")
struct ReaderRowTests {
    @Test("a row's column is found by name as the first of that name, in any order of asking, with names repeated or not")
    func columnByName() {
        let lists: [[String]] = [[], ["id"], ["id", "name", "created_at", "first_answered_at", "status"], ["id", "name", "id", "x", "name"], ["a", "a", "a"]]
        var generator = SystemRandomNumberGenerator()
        for names in lists {
            let columns = SQLiteValues.Columns(names: names)
            let asked = (names + ["missing", ""]).flatMap { [$0, $0] }
            for attempt in 0..<20 {
                // in the order selected (as most rows are read), and then shuffled
                let order = attempt == 0 ? names + names : asked.shuffled(using: &generator)
                for name in order {
                    #expect(columns.offset(of: name) == names.firstIndex(of: name), "\(names): \(name)")
                }
            }
        }
    }
}

