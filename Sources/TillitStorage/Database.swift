import Foundation
import Logging
import SQLKit
import ServiceLifecycle
import Synchronization

/// The two databases Tillit runs on. Repositories are written once; where the dialects really
/// differ (identity columns, `WITHOUT ROWID`, row locks, collations, unique-violation detection,
/// integrity checks), code switches on this in one named place.
public enum DatabaseKind: String, Sendable {
    case sqlite
    case postgres
}

/// Tillit's database: reads through a pool, writes in transactions.
///
/// Neither driver offers a pooled `SQLDatabase` with transactions, so this is the seam. On SQLite,
/// readers share a small pool (WAL lets them run beside the writer) and every write goes through
/// one writer connection, so a slow read never blocks writes and writers never fight over locks.
/// On PostgreSQL, both go through PostgresNIO's `PostgresClient` pool.
///
/// The database is a `Service`: it runs in the application's `ServiceGroup` and closes its
/// connections on graceful shutdown.
public protocol Database: Service {
    /// Which SQL dialect this is.
    var kind: DatabaseKind { get }

    /// Runs `body` on a connection for reading. Statements see committed data only.
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `body` in one transaction: everything it writes is committed together, or nothing is.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Empties the write-ahead log into the database file (SQLite: a `TRUNCATE` checkpoint, whose
    /// frames would otherwise keep the order of recent commits); nothing on PostgreSQL.
    func truncateJournal() async throws

    /// Checks that the database answers.
    func ping() async throws

    /// The whole number `sql` reads (its first row's first column) as last committed by any
    /// connection or process, asked where it is called without a lease; nil where that would be a
    /// round trip (PostgreSQL) or the statement fails. For a counter that says whether something
    /// read earlier may have changed.
    func peekNumber(_ sql: StaticString) -> Int64?

    /// Pool figures for `/metrics`.
    func poolStatus() async -> PoolStatus

    /// Closes every connection. Safe to call more than once.
    func shutdown() async
}

/// How busy a connection pool is.
public struct PoolStatus: Sendable, Equatable {
    public var readersIdle: Int
    public var readersTotal: Int
    public var waiting: Int
    public init(readersIdle: Int, readersTotal: Int, waiting: Int) {
        self.readersIdle = readersIdle
        self.readersTotal = readersTotal
        self.waiting = waiting
    }
}

/// Errors raised by the storage layer itself.
public enum StorageError: Error, CustomStringConvertible, Sendable {
    case unsupportedURL(String)
    case migrationFailed(id: String, underlying: String)
    case notSupported(String)
    /// A connection was asked for while this task already holds one (inside `read {}` or
    /// `transaction {}`). Under load that waits for a connection that only this task can give back,
    /// so it is refused at once: pass the `db` of the enclosing block along instead.
    case nestedLease
    /// No connection could be had within the wait limit, or the server went away: the pool is
    /// exhausted or the database is down. Answered as 503; nothing of the request was committed.
    case unavailable(String)

    public var description: String {
        switch self {
        case .unsupportedURL(let url): "Unsupported database URL (expected postgres://…): \(url)"
        case .migrationFailed(let id, let underlying): "Migration \(id) failed: \(underlying)"
        case .notSupported(let what): what
        case .nestedLease: "A database connection was requested inside read {} or transaction {}; use the block's db"
        case .unavailable(let why): "The database is unavailable: \(why)"
        }
    }
}

/// Marks the tasks that hold a database connection, so that a second lease from the same task
/// fails loudly instead of deadlocking the pool.
///
/// A transaction that waits for a second connection holds its first one meanwhile; with as many
/// such transactions as the pool has connections, nothing moves again. Every `read {}` and
/// `transaction {}` checks this marker before it waits for a connection, on both databases, so the
/// mistake shows up in the first test that takes the path, not under production load.
public enum DatabaseLease {
    @TaskLocal static var held = false

    /// Whether the current task is inside `read {}` or `transaction {}`.
    public static var isHeld: Bool { held }

    /// Throws ``StorageError/nestedLease`` when the current task already holds a connection.
    static func checkNotHeld() throws {
        if held { throw StorageError.nestedLease }
    }

    /// Runs `body` marked as holding a connection.
    static func holding<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await $held.withValue(true) { try await body() }
    }
}

/// How long a request may wait for a connection before it is told the service is busy.
public struct DatabaseLimits: Sendable {
    /// The longest wait for a pooled connection; past it the call throws ``StorageError/unavailable(_:)``.
    public var leaseTimeout: Duration
    /// PostgreSQL's pool size.
    public var maximumConnections: Int

    public init(leaseTimeout: Duration = .seconds(5), maximumConnections: Int = 20) {
        self.leaseTimeout = leaseTimeout
        self.maximumConnections = maximumConnections
    }
}

extension Database {
    /// Whether `error` is a unique-constraint violation, so a repository can turn a race into a clear
    /// "already exists" instead of a 500.
    public func isUniqueViolation(_ error: any Error) -> Bool {
        let text = String(reflecting: error)
        switch kind {
        case .sqlite: return text.contains("UNIQUE constraint failed")
        case .postgres: return text.contains("23505")
        }
    }
}

/// Where Tillit keeps its data.
public enum DatabaseLocation: Sendable, Equatable {
    /// An SQLite file (created if missing).
    case sqlite(path: String)
    /// A PostgreSQL server given by a `postgres://user:password@host:port/database` URL.
    case postgres(url: String)
}

/// Opens the database at `location`.
///
/// - Parameters:
///   - readers: SQLite reader connections (ignored for PostgreSQL, whose pool sizes itself).
public func openDatabase(_ location: DatabaseLocation, readers: Int = 4, limits: DatabaseLimits = .init(), logger: Logger) async throws -> any Database {
    switch location {
    case .sqlite(let path):
        return try await SQLiteDatabase.open(path: path, readers: readers, limits: limits, logger: logger)
    case .postgres(let url):
        return try PostgresDatabase(url: url, limits: limits, logger: logger)
    }
}

/// Runs `body` with `database` running as a service, for command-line tools that are not a server.
/// PostgreSQL's client pool needs its `run()` loop; SQLite needs nothing but a clean close.
public func withRunningDatabase<T: Sendable>(
    _ database: any Database,
    _ body: @Sendable (any Database) async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await database.run() }
        do {
            let result = try await body(database)
            await database.shutdown()
            group.cancelAll()
            return result
        } catch {
            await database.shutdown()
            group.cancelAll()
            throw error
        }
    }
}

extension Database {
    /// Whether the database answers within `limit`, whatever the pool is doing: the ping runs in a
    /// task of its own and is abandoned (it ends by its own lease limit) if it takes longer.
    public func isReady(within limit: Duration) async -> Bool {
        let outcome = Settlement()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            outcome.start(continuation)
            // Unstructured on purpose: a structured child would make this call wait for the ping.
            Task { outcome.settle((try? await self.ping()) != nil) }
            Task {
                try? await Task.sleep(for: limit)
                outcome.settle(false)
            }
        }
    }
}

/// A continuation resumed by whichever of two racers comes first.
private final class Settlement: Sendable {
    private let continuation = Mutex<CheckedContinuation<Bool, Never>?>(nil)

    func start(_ continuation: CheckedContinuation<Bool, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func settle(_ value: Bool) {
        continuation.withLock { continuation in
            continuation?.resume(returning: value)
            continuation = nil
        }
    }
}
