import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import ServiceLifecycle
import Synchronization

/// PostgreSQL through PostgresNIO's `PostgresClient` pool, for national deployments with several
/// stateless app instances.
public final class PostgresDatabase: Database {
    public let kind: DatabaseKind = .postgres
    private let client: PostgresClient
    private let logger: Logger
    private let limits: DatabaseLimits

    /// Connects lazily to the server named by `url` (`postgres://user:password@host:port/database`).
    public init(url: String, limits: DatabaseLimits = .init(), logger: Logger) throws {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql",
              let host = components.host
        else { throw StorageError.unsupportedURL(Self.redacted(url)) }
        let database = components.path.split(separator: "/").first.map(String.init)
        let sslmode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value
        let tls: PostgresClient.Configuration.TLS =
            sslmode == "require" ? .require(.makeClientConfiguration()) : .disable
        var configuration = PostgresClient.Configuration(
            host: host,
            port: components.port ?? 5432,
            username: components.user?.removingPercentEncoding ?? "postgres",
            password: components.password?.removingPercentEncoding,
            database: database,
            tls: tls)
        configuration.options.maximumConnections = limits.maximumConnections
        // A server that does not answer a connection attempt must not hold a request longer than
        // the lease wait; the pool tries again with its own backoff.
        configuration.options.connectTimeout = min(limits.leaseTimeout, .seconds(5))
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
        self.limits = limits
    }

    /// The URL with its password replaced, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "<invalid URL>" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "<invalid URL>"
    }

    private let watch = ConnectionWatch()
    /// Leases held and leases waiting, for `/metrics` (the driver's pool does not tell).
    private let leases = LeaseCounts()

    private func sql(_ connection: PostgresConnection) -> any SQLDatabase {
        // Queries are never logged: their binds can hold personal data.
        WatchedPostgresSQL(base: connection.sql(queryLogLevel: nil), connection: connection, watch: watch)
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withLease { connection in
            try await body(self.sql(connection))
        }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        // One connection is pinned for BEGIN…COMMIT: on a pool they could otherwise land on two.
        try await withLease { connection in
            let db = self.sql(connection)
            try await db.raw("BEGIN").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Leases a connection for `body`, waiting at most `limits.leaseTimeout` for it.
    ///
    /// The pool itself waits without limit (for a free connection, or for a server that is down to
    /// come back), so the wait races a timer: whichever settles first wins, and a lease that comes
    /// after the timer gave up runs nothing. Errors that mean the server went away become
    /// ``StorageError/unavailable(_:)``, answered as 503.
    private func withLease<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try DatabaseLease.checkNotHeld()
        let race = LeaseRace()
        let timeout = limits.leaseTimeout
        let client = self.client
        let leases = self.leases
        // Counted as waiting until the race is settled, by whichever side settles it (or here, when
        // the pool failed before either did).
        leases.withLock { $0.waiting += 1 }
        defer { if race.claim(.expired) { leases.withLock { $0.waiting -= 1 } } }
        return try await withoutActuallyEscaping(body) { body in
            try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    do {
                        return try await client.withConnection { connection in
                            guard race.claim(.leased) else { throw StorageError.unavailable("no connection came free in time") }
                            leases.withLock { $0.waiting -= 1; $0.held += 1 }
                            defer { leases.withLock { $0.held -= 1 } }
                            return try await DatabaseLease.holding { try await body(connection) }
                        }
                    } catch let error as PSQLError where Self.meansServerGone(error) {
                        throw StorageError.unavailable("the connection to the database was lost")
                    }
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    if race.claim(.expired) {
                        leases.withLock { $0.waiting -= 1 }
                        throw StorageError.unavailable("no connection came free in time")
                    }
                    return nil
                }
                while let result = try await group.next() {
                    if let value = result {
                        group.cancelAll()
                        return value
                    }
                }
                throw StorageError.unavailable("no connection")
            }
        }
    }


    /// Whether a PostgreSQL error says the server or the connection is gone (SQLSTATE classes 08,
    /// connection exception, and 57, operator intervention: shutdown, restart), rather than that a
    /// statement was wrong.
    static func meansServerGone(_ error: PSQLError) -> Bool {
        switch error.code {
        case .serverClosedConnection, .connectionError, .uncleanShutdown, .poolClosed, .clientClosedConnection:
            return true
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || state.hasPrefix("57")
        default:
            return false
        }
    }

    public func truncateJournal() async throws {}

    public func ping() async throws {
        try await read { db in _ = try await db.raw("SELECT 1 AS ok").all() }
    }

    /// Never: asking is a round trip.
    public func peekNumber(_ sql: StaticString) -> Int64? { nil }

    /// The pool as leases see it: connections it may open, those not leased now, and requests
    /// waiting for one.
    public func poolStatus() async -> PoolStatus {
        let (held, waiting) = leases.withLock { ($0.held, $0.waiting) }
        return PoolStatus(readersIdle: max(0, limits.maximumConnections - held), readersTotal: limits.maximumConnections, waiting: waiting)
    }

    public func run() async throws {
        // The pool ends when the application shuts down gracefully, after the HTTP server has
        // finished its requests (services stop in reverse order of start).
        try await cancelWhenGracefulShutdown {
            await self.client.run()
        }
    }

    public func shutdown() async {}
}

/// Leases held and waiting.
private final class LeaseCounts: Sendable {
    private let state = Mutex((held: 0, waiting: 0))
    func withLock<R>(_ body: (inout (held: Int, waiting: Int)) -> R) -> R { state.withLock { body(&$0) } }
}

/// Who settles a lease first: the pool handing out a connection, or the timer giving up.
private final class LeaseRace: Sendable {
    enum State: Sendable { case waiting, leased, expired }
    private let state = Mutex(State.waiting)

    /// Moves from waiting to `outcome`; false when the other side was first.
    func claim(_ outcome: State) -> Bool {
        state.withLock { state in
            guard state == .waiting else { return false }
            state = outcome
            return true
        }
    }
}
