import Foundation
import SQLKit
import Testing
import TillitPlatform
import TillitListen
import TillitStorage
import TillitTestSupport

/// The pool's promises under load: a task never holds two connections, a wait for one is bounded,
/// and many writers at once all finish.
@Suite("Connection pool")
struct PoolTests {
    @Test("a connection asked for inside read {} or transaction {} is refused at once", arguments: TestDatabases.kinds)
    func nestedLeaseIsRefused(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            // given code inside a transaction or a read
            // when it asks the database for another connection
            // then it is refused, on both databases, instead of waiting for a connection it holds itself
            await #expect(throws: StorageError.self) {
                try await database.transaction { _ in try await database.read { db in try await db.raw("SELECT 1 AS x").run() } }
            }
            await #expect(throws: StorageError.self) {
                try await database.read { _ in try await database.transaction { db in try await db.raw("SELECT 1 AS x").run() } }
            }
            await #expect(throws: StorageError.self) {
                try await database.read { _ in try await database.read { db in try await db.raw("SELECT 1 AS x").run() } }
            }
            // and the marker is gone afterwards: the next read works
            #expect(DatabaseLease.isHeld == false)
            try await database.read { db in try await db.raw("SELECT 1 AS x").run() }
        }
    }

    @Test("the pool's figures for /metrics count the connections leased now", arguments: TestDatabases.kinds)
    func poolFigures(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind) { database in
            let idle = await database.poolStatus()
            #expect(idle.waiting == 0 && idle.readersIdle == idle.readersTotal && idle.readersTotal >= 2)
            // Two readers each hold a connection until both are counted (however long a new
            // connection takes to open on a busy machine), then let go.
            let (entered, enteredContinuation) = AsyncStream<Void>.makeStream()
            let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
            let gate = ReleaseGate(release)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await database.read { _ in
                            enteredContinuation.yield()
                            await gate.wait()
                        }
                    }
                }
                var count = 0
                for await _ in entered {
                    count += 1
                    if count == 2 { break }
                }
                let busy = await database.poolStatus()
                #expect(busy.readersTotal - busy.readersIdle == 2)
                releaseContinuation.finish()
                try await group.waitForAll()
            }
            #expect(await database.poolStatus() == idle)
        }
    }

    @Test("a platform lookup inside a transaction reads through the transaction", arguments: TestDatabases.kinds)
    func platformLookupsTakeTheTransaction(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: PlatformSchema.migrations + SignalSchema.migrations) { database in
            let fixture = try await Fixture.make(database)
            let platform = fixture.platform, org = fixture.organisation
            // the old way leased a second connection from inside the transaction
            await #expect(throws: StorageError.self) {
                try await database.transaction { _ in _ = try await platform.unitTree(organisationID: org.id) }
            }
            // the db-taking form is the one to use there
            let tree = try await database.transaction { db in try await platform.unitTree(db, organisationID: org.id) }
            #expect(tree.units.count == 5)
        }
    }

    @Test("when every connection is busy, a request is told so within the wait limit", arguments: TestDatabases.kinds)
    func exhaustedPoolAnswersInTime(kind: DatabaseKind) async throws {
        // Long enough for the holders to get their connections on a busy machine.
        let limits = DatabaseLimits(leaseTimeout: .seconds(2), maximumConnections: 2)
        try await TestDatabases.with(kind, limits: limits) { database in
            // given transactions that hold every writer connection until released
            let holders = kind == .sqlite ? 1 : 2
            let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
            let (started, startedContinuation) = AsyncStream<Void>.makeStream()
            let held = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<holders {
                        group.addTask {
                            try await database.transaction { db in
                                try await db.raw("SELECT 1 AS x").run()
                                startedContinuation.yield()
                                for await _ in release { break }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            var count = 0
            for await _ in started {
                count += 1
                if count == holders { break }
            }
            // when one more transaction asks for a connection
            let clock = ContinuousClock()
            let start = clock.now
            var failure: (any Error)?
            do {
                try await database.transaction { db in try await db.raw("SELECT 1 AS x").run() }
            } catch {
                failure = error
            }
            let waited = clock.now - start
            // then it is told the database is unavailable, after about the wait limit, not never
            guard case StorageError.unavailable = failure ?? CancellationError() else {
                Issue.record("expected StorageError.unavailable, got \(String(describing: failure))")
                releaseContinuation.finish()
                _ = try? await held.value
                return
            }
            #expect(waited >= .milliseconds(1900) && waited < .seconds(10), "waited \(waited)")
            // the readiness check (/readyz) still answers within its limit, whatever it answers
            let asked = clock.now
            _ = await database.isReady(within: .milliseconds(1500))
            #expect(clock.now - asked < .seconds(3), "readiness took \(clock.now - asked)")
            // and once the holders finish, the pool serves again: on a machine busy with other
            // suites a connection may take longer than one wait limit to come back, so a few waits
            releaseContinuation.finish()
            try await held.value
            var served = false
            for _ in 0..<5 where !served {
                do {
                    try await database.transaction { db in try await db.raw("SELECT 1 AS x").run() }
                    served = true
                } catch StorageError.unavailable {
                    continue
                }
            }
            #expect(served, "the pool served no transaction in five waits after the holders finished")
        }
    }

    @Test("64 people raising signals at once all get their signal, on a pool of 4", arguments: TestDatabases.kinds)
    func manyWritersAtOnce(kind: DatabaseKind) async throws {
        let limits = DatabaseLimits(leaseTimeout: .seconds(30), maximumConnections: 4)
        try await TestDatabases.with(kind, migrations: PlatformSchema.migrations + SignalSchema.migrations, limits: limits) { database in
            let fixture = try await Fixture.make(database)
            let org = fixture.organisation, unit = fixture.units["teamA"]!
            _ = try await fixture.person("chef@test.se", [RoleGrant(role: .chef, organisationID: org.id, unitID: fixture.units["norr"]!)])
            let actor = try await fixture.person("m@test.se", [RoleGrant(role: .medarbetare, organisationID: org.id, unitID: unit)])
            let signals = Signals(platform: fixture.platform)
            // when 64 raise at once, half of them anonymously
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for i in 0..<64 {
                    group.addTask {
                        try await signals.raise(actor: actor, .init(kind: "hinder", text: "Samtidigt \(i)", unitID: String(unit), anonymous: i % 2 == 0)).signal.id
                    }
                }
                return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
            }
            // then every one is stored, with its notices
            #expect(ids.count == 64)
            let stored = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM signals").first()!.decode(column: "n", as: Int.self)
            }
            #expect(stored == 64)
        }
    }
}

@Suite("Concurrent changes to one signal")
struct ConcurrentSignalChangeTests {
    @Test("16 comments on one signal at once all land, numbered without a gap", arguments: TestDatabases.kinds)
    func concurrentComments(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: PlatformSchema.migrations + SignalSchema.migrations) { database in
            let fixture = try await Fixture.make(database)
            let org = fixture.organisation
            let chef = try await fixture.person("chef@test.se", [RoleGrant(role: .chef, organisationID: org.id, unitID: fixture.units["norr"]!)])
            let staff = try await fixture.person("m@test.se", [RoleGrant(role: .medarbetare, organisationID: org.id, unitID: fixture.units["teamA"]!)])
            let signals = Signals(platform: fixture.platform)
            let id = try await signals.raise(actor: staff, .init(kind: "hinder", text: "En", unitID: String(fixture.units["teamA"]!))).signal.id
            // when the manager and the raiser comment 16 times at once
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<16 {
                    group.addTask { _ = try await signals.comment(actor: i % 2 == 0 ? chef : staff, id: id, text: "Kommentar \(i)") }
                }
                try await group.waitForAll()
            }
            // then every comment is there
            let detail = try await signals.detail(actor: chef, id: id)
            #expect(detail.comments.count == 16)
        }
    }
}

extension ConcurrentSignalChangeTests {
    @Test("parallel messages through one participant code stop at its daily limit", arguments: TestDatabases.kinds)
    func participantLimitHoldsInParallel(kind: DatabaseKind) async throws {
        try await TestDatabases.with(kind, migrations: PlatformSchema.migrations + SignalSchema.migrations) { database in
            let f = try await Fixture.make(database)
            let platform = Platform(database: database, clock: .fixed(TestDatabases.epoch), passwords: PasswordHasher(cost: 4),
                                    settings: PlatformSettings.definitions + SignalSchema.settings, logger: TestDatabases.logger)
            let org = f.organisation
            let chef = try await f.person("chef@test.se", [RoleGrant(role: .chef, organisationID: org.id, unitID: f.units["norr"]!)])
            let admin = try await f.person("admin@test.se", [RoleGrant(role: .administrator, organisationID: org.id, unitID: nil)])
            let signals = Signals(platform: platform)
            let code = try await signals.publishParticipantCode(actor: chef, unitID: f.units["norr"]!).code
            _ = try await platform.updateSettings(actor: admin, organisationID: org.id, changes: ["participant_daily_limit": "3"])
            // when twelve messages come in at once
            let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<12 {
                    group.addTask {
                        do {
                            _ = try await signals.raise(participantCode: code, kind: "ide", text: "Samtidigt \(i)")
                            return true
                        } catch let error as AppError where error.status == .tooManyRequests {
                            return false
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            // then exactly the limit got through
            #expect(accepted == 3)
        }
    }
}

@Suite("A database that goes away")
struct DatabaseGoneTests {
    @Test("a transaction whose connection the server ends fails at once as unavailable, and the pool serves again")
    func killedConnection() async throws {
        guard TestDatabases.postgresURL != nil else { return }
        try await TestDatabases.with(.postgres) { database in
            let (pids, pidContinuation) = AsyncStream<Int>.makeStream()
            let victim = Task {
                try await database.transaction { db in
                    let pid = try await db.raw("SELECT pg_backend_pid() AS pid").first()!.decode(column: "pid", as: Int.self)
                    pidContinuation.yield(pid)
                    try await db.raw("SELECT pg_sleep(30)").run()
                }
            }
            var first: Int?
            for await p in pids {
                first = p
                break
            }
            let pid = try #require(first)
            // when the server ends that connection (as a fast shutdown does to all of them)
            let clock = ContinuousClock()
            let start = clock.now
            try await database.read { db in try await db.raw("SELECT pg_terminate_backend(CAST(\(bind: pid) AS INTEGER))").run() }
            // then the transaction fails within seconds, as "unavailable"
            var failure: (any Error)?
            do { try await victim.value } catch { failure = error }
            let took = clock.now - start
            #expect(took < .seconds(5), "took \(took)")
            guard case StorageError.unavailable = failure ?? CancellationError() else {
                Issue.record("expected StorageError.unavailable, got \(String(describing: failure))")
                return
            }
            // and the next transaction works on a fresh connection
            try await database.transaction { db in try await db.raw("SELECT 1 AS x").run() }
        }
    }

    @Test("a transaction whose connection ends between two statements fails at once as unavailable")
    func killedBetweenStatements() async throws {
        guard TestDatabases.postgresURL != nil else { return }
        try await TestDatabases.with(.postgres) { database in
            let (pids, pidContinuation) = AsyncStream<Int>.makeStream()
            let (go, goContinuation) = AsyncStream<Void>.makeStream()
            let victim = Task {
                try await database.transaction { db in
                    let pid = try await db.raw("SELECT pg_backend_pid() AS pid").first()!.decode(column: "pid", as: Int.self)
                    pidContinuation.yield(pid)
                    for await _ in go { break }
                    try await db.raw("SELECT 1 AS x").run()
                }
            }
            var first: Int?
            for await p in pids {
                first = p
                break
            }
            let pid = try #require(first)
            try await database.read { db in try await db.raw("SELECT pg_terminate_backend(CAST(\(bind: pid) AS INTEGER))").run() }
            try await Task.sleep(for: .milliseconds(200))
            let clock = ContinuousClock()
            let start = clock.now
            goContinuation.finish()
            var failure: (any Error)?
            do { try await victim.value } catch { failure = error }
            let took = clock.now - start
            #expect(took < .seconds(5), "took \(took)")
            guard case StorageError.unavailable = failure ?? CancellationError() else {
                Issue.record("expected StorageError.unavailable, got \(String(reflecting: failure))")
                return
            }
            try await database.transaction { db in try await db.raw("SELECT 1 AS x").run() }
        }
    }
}

/// Lets any number of waiters through once its stream finishes.
actor ReleaseGate {
    private var open = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ stream: AsyncStream<Void>) {
        Task { [weak self] in
            for await _ in stream {}
            await self?.openUp()
        }
    }

    private func openUp() {
        open = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }

    func wait() async {
        if open { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
