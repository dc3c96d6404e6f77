import Foundation
import Logging
import SQLKit
import ServiceLifecycle

/// The two databases Tillit runs on. Repositories are written once; where the dialects really
/// differ (full-text search, date arithmetic), code switches on this in one named place.
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

    /// Checks that the database answers.
    func ping() async throws

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

    public var description: String {
        switch self {
        case .unsupportedURL(let url): "Unsupported database URL (expected postgres://…): \(url)"
        case .migrationFailed(let id, let underlying): "Migration \(id) failed: \(underlying)"
        case .notSupported(let what): what
        }
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

    /// Whether `error` is a foreign-key violation.
    public func isForeignKeyViolation(_ error: any Error) -> Bool {
        let text = String(reflecting: error)
        switch kind {
        case .sqlite: return text.contains("FOREIGN KEY constraint failed")
        case .postgres: return text.contains("23503")
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
public func openDatabase(_ location: DatabaseLocation, readers: Int = 4, logger: Logger) async throws -> any Database {
    switch location {
    case .sqlite(let path):
        return try await SQLiteDatabase.open(path: path, readers: readers, logger: logger)
    case .postgres(let url):
        return try PostgresDatabase(url: url, logger: logger)
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
