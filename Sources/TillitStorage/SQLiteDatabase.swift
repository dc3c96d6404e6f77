import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import ServiceLifecycle
import Synchronization

/// Embedded SQLite: one writer connection and a small pool of readers, all in WAL mode.
///
/// SQLiteNIO runs every statement (and every lock wait) on its thread pool, which by default has one
/// thread per core; with more connections than threads, a waiting writer can starve the readers.
/// This database owns a thread pool for the writer. Readers are ``SQLiteReaderConnection``s: a read
/// lease runs on ``ReaderThreads`` (a thread per reader, at least one per core), in one read
/// transaction, and its statements run there directly.
public final class SQLiteDatabase: Database {
    public let kind: DatabaseKind = .sqlite
    /// The file this database lives in.
    public let path: String
    private let writer: ConnectionPool<SQLiteConnection>
    private let readers: ConnectionPool<SQLiteReaderConnection>
    /// A connection for ``peekNumber(_:)`` alone.
    private let peeking: SQLiteReaderConnection
    private let threadPool: NIOThreadPool
    private let readerThreads: ReaderThreads
    private let eventLoop: any EventLoop
    /// The library's version, as SQLiteKit reports it.
    private let version: (any SQLDatabaseReportedVersion)?
    private let logger: Logger
    private let limits: DatabaseLimits
    private let closed = LockedFlag()

    private init(path: String, writer: ConnectionPool<SQLiteConnection>, readers: ConnectionPool<SQLiteReaderConnection>, peeking: SQLiteReaderConnection, threadPool: NIOThreadPool, readerThreads: ReaderThreads, eventLoop: any EventLoop, version: (any SQLDatabaseReportedVersion)?, limits: DatabaseLimits, logger: Logger) {
        self.path = path
        self.writer = writer
        self.readers = readers
        self.peeking = peeking
        self.threadPool = threadPool
        self.readerThreads = readerThreads
        self.eventLoop = eventLoop
        self.version = version
        self.limits = limits
        self.logger = logger
    }

    /// Opens (creating if needed) the SQLite file at `path`.
    public static func open(path: String, readers readerCount: Int, limits: DatabaseLimits = .init(), logger: Logger) async throws -> SQLiteDatabase {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let count = max(1, readerCount)
        let threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()

        // The writer opens first: it switches the file to WAL, which readers then share.
        let writerConnection = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop)
        do {
            try await configure(writerConnection, pragmas: [
                "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = NORMAL",
                "PRAGMA foreign_keys = ON",
                "PRAGMA busy_timeout = 5000",
                // Deleted and replaced content is overwritten, not left in free pages of the file.
                "PRAGMA secure_delete = ON",
            ])
        } catch {
            try? await writerConnection.close()
            throw error
        }
        var readerConnections: [SQLiteReaderConnection] = []
        // The readers, then one more for peeking at counters.
        for _ in 0...count {
            do {
                readerConnections.append(try SQLiteReaderConnection.open(path: path, pragmas: [
                    "PRAGMA foreign_keys = ON",
                    "PRAGMA busy_timeout = 5000",
                    // A reader that tries to write is a bug: make it fail loudly.
                    "PRAGMA query_only = 1",
                    // Reads map the file instead of copying page by page through system calls: a
                    // national survey round (half a gigabyte of responses) reads in a third of the time.
                    "PRAGMA mmap_size = 1073741824",
                ]))
            } catch {
                for c in readerConnections { c.close() }
                try? await writerConnection.close()
                try? await threadPool.shutdownGracefully()
                throw error
            }
        }
        let peeking = readerConnections.removeLast()
        return SQLiteDatabase(
            path: path,
            writer: ConnectionPool([writerConnection]),
            readers: ConnectionPool(readerConnections),
            peeking: peeking,
            threadPool: threadPool,
            // Page requests run on these threads too (``readExecutor``): at least one per core.
            readerThreads: ReaderThreads(count: max(count, System.coreCount)),
            eventLoop: eventLoop,
            version: Self.sql(writerConnection).version,
            limits: limits,
            logger: logger)
    }

    private static func configure(_ connection: SQLiteConnection, pragmas: [String]) async throws {
        for pragma in pragmas {
            let _: [SQLiteRow] = try await connection.query(pragma, [])
        }
    }

    private static func sql(_ connection: SQLiteConnection) -> any SQLDatabase {
        SQLiteConnectionSQL(connection)
    }

    /// Where reads run: a request that will read several times runs here whole, so that its
    /// reads start without a hop to another thread.
    public var readExecutor: any TaskExecutor { readerThreads }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try DatabaseLease.checkNotHeld()
        let connection = try await readers.checkout(within: limits.leaseTimeout)
        let db = SQLiteReaderSQL(connection: connection, logger: logger, eventLoop: eventLoop, version: version)
        do {
            let result = try await withTaskExecutorPreference(readerThreads) {
                // The lease's statements share one read transaction: one snapshot for the whole
                // body, and the file's locks taken once rather than for every statement.
                try connection.beginRead()
                defer { connection.endRead() }
                return try await DatabaseLease.holding { try await body(db) }
            }
            readers.checkin(connection)
            return result
        } catch {
            readers.checkin(connection)
            throw Self.busyAsUnavailable(error)
        }
    }

    /// SQLITE_BUSY or SQLITE_LOCKED once busy_timeout has run out (another process holds the write
    /// lock: a backup, a second instance, a migration) is the database being busy: a 503, not a 500.
    static func busyAsUnavailable(_ error: any Error) -> any Error {
        if let read = error as? SQLiteReadError {
            return read.isBusy ? StorageError.unavailable("the database file is locked") : error
        }
        guard let sqlite = error as? SQLiteError else { return error }
        switch sqlite.reason {
        case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked, .lockedBySharedCache:
            return StorageError.unavailable("the database file is locked")
        default:
            return error
        }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try DatabaseLease.checkNotHeld()
        let connection = try await writer.checkout(within: limits.leaseTimeout)
        let db = Self.sql(connection)
        do {
            // IMMEDIATE takes the write lock up front; a deferred BEGIN that reads and then writes
            // fails with "database is locked" under WAL when another process wrote in between.
            try await db.raw("BEGIN IMMEDIATE").run()
            let result = try await DatabaseLease.holding { try await body(db) }
            try await db.raw("COMMIT").run()
            writer.checkin(connection)
            return result
        } catch {
            try? await db.raw("ROLLBACK").run()
            writer.checkin(connection)
            throw Self.busyAsUnavailable(error)
        }
    }

    /// Runs `body` on the writer connection outside any transaction, for statements that may not run
    /// inside one (`VACUUM INTO`).
    public func withWriterConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try DatabaseLease.checkNotHeld()
        let connection = try await writer.checkout(within: limits.leaseTimeout)
        do {
            let result = try await DatabaseLease.holding { try await body(Self.sql(connection)) }
            writer.checkin(connection)
            return result
        } catch {
            writer.checkin(connection)
            throw error
        }
    }

    public func truncateJournal() async throws {
        try await withWriterConnection { db in
            // Readers still on an older snapshot may keep it from finishing; the next day tries again.
            _ = try await db.raw("PRAGMA wal_checkpoint(TRUNCATE)").all()
        }
    }

    public func ping() async throws {
        try await read { db in
            _ = try await db.raw("SELECT 1 AS ok").all()
        }
    }

    /// Runs `sql` on a connection kept for it, where it is asked rather than on a reader's thread:
    /// a statement of microseconds (a one-row table) that sees every commit, this process's writer's
    /// or another process's (a command run beside the server). The statement is reset after the
    /// run, so it holds no snapshot.
    public func peekNumber(_ sql: StaticString) -> Int64? {
        var number: Int64?
        do {
            try peeking.run(sql.description, binds: []) { row in
                if number == nil, case .integer(let value) = row.values.first { number = Int64(value) }
            }
        } catch {
            return nil
        }
        return number
    }

    /// How often the idle readers' kept statements were prepared again (for tests).
    func keptStatementsReprepared() -> Int {
        readers.idleConnections().reduce(0) { $0 + $1.reprepared() }
    }

    public func poolStatus() async -> PoolStatus {
        let r = readers.status()
        return PoolStatus(readersIdle: r.idle, readersTotal: r.total, waiting: r.waiting)
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    public func shutdown() async {
        guard closed.setOnce() else { return }
        for connection in readers.drain() { connection.close() }
        peeking.close()
        for connection in writer.drain() { try? await connection.close() }
        await readerThreads.shutdown()
        try? await threadPool.shutdownGracefully()
    }

    /// Makes a consistent copy of the live database at `destination` (which must not exist), while
    /// other connections keep reading and writing.
    public func backup(to destination: String) async throws {
        try await withWriterConnection { db in
            try await db.raw("VACUUM INTO \(bind: destination)").run()
        }
    }
}

/// A fixed set of connections handed out one at a time; callers wait in order when all are busy,
/// each for a bounded time.
///
/// A lock, not an actor: a free connection is handed out without a hop to another executor, and a
/// wait costs a continuation, not a timer of its own. One sweeper task at a time ends the waits
/// that ran out, sleeping until the earliest deadline.
final class ConnectionPool<Connection: Sendable>: Sendable {
    private struct Waiter {
        let id: UInt64
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Connection, any Error>
    }
    private struct State {
        var idle: [Connection]
        var total: Int
        var waiters: [Waiter] = []
        var nextWaiter: UInt64 = 0
        var sweeping = false
    }
    private let state: Mutex<State>
    private enum Outcome { case handed(Connection), waiting(startSweeper: Bool) }

    init(_ connections: [Connection]) {
        self.state = Mutex(State(idle: connections, total: connections.count))
    }

    /// A connection, or ``StorageError/unavailable(_:)`` when none came free within `timeout`.
    func checkout(within timeout: Duration) async throws -> Connection {
        if let connection = state.withLock({ $0.idle.popLast() }) { return connection }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        return try await withCheckedThrowingContinuation { continuation in
            let outcome: Outcome = state.withLock { state in
                // A connection may have come back between the first look and now.
                if let connection = state.idle.popLast() { return .handed(connection) }
                state.nextWaiter &+= 1
                state.waiters.append(Waiter(id: state.nextWaiter, deadline: deadline, continuation: continuation))
                if state.sweeping { return .waiting(startSweeper: false) }
                state.sweeping = true
                return .waiting(startSweeper: true)
            }
            switch outcome {
            case .handed(let connection):
                continuation.resume(returning: connection)
            case .waiting(let startSweeper):
                if startSweeper { Task { await self.sweep() } }
            }
        }
    }

    /// Ends the waits whose deadline passed, until nobody waits.
    private func sweep() async {
        while true {
            let now = ContinuousClock.now
            let (expired, next): ([Waiter], ContinuousClock.Instant?) = state.withLock { state in
                let expired = state.waiters.filter { $0.deadline <= now }
                if !expired.isEmpty { state.waiters.removeAll { $0.deadline <= now } }
                let next = state.waiters.map(\.deadline).min()
                if next == nil { state.sweeping = false }
                return (expired, next)
            }
            for waiter in expired {
                waiter.continuation.resume(throwing: StorageError.unavailable("no connection came free in time"))
            }
            guard let next else { return }
            try? await Task.sleep(until: next, clock: .continuous)
        }
    }

    func checkin(_ connection: Connection) {
        let waiter: Waiter? = state.withLock { state in
            if state.waiters.isEmpty {
                state.idle.append(connection)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.continuation.resume(returning: connection)
    }

    func status() -> (idle: Int, total: Int, waiting: Int) {
        state.withLock { ($0.idle.count, $0.total, $0.waiters.count) }
    }

    /// The idle connections, left in the pool.
    func idleConnections() -> [Connection] {
        state.withLock { $0.idle }
    }

    /// Takes every idle connection out of the pool, for closing.
    func drain() -> [Connection] {
        state.withLock { state in
            let all = state.idle
            state.idle = []
            return all
        }
    }
}

/// A flag that can be set exactly once, from any thread.
final class LockedFlag: Sendable {
    private let state = NIOLockedValueBox(false)
    /// Sets the flag; returns true only for the first caller.
    func setOnce() -> Bool {
        state.withLockedValue { value in
            if value { return false }
            value = true
            return true
        }
    }
}
