import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import ServiceLifecycle

/// PostgreSQL through PostgresNIO's `PostgresClient` pool, for national deployments with several
/// stateless app instances.
public final class PostgresDatabase: Database {
    public let kind: DatabaseKind = .postgres
    private let client: PostgresClient
    private let logger: Logger

    /// Connects lazily to the server named by `url` (`postgres://user:password@host:port/database`).
    public init(url: String, logger: Logger) throws {
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
        configuration.options.maximumConnections = 20
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    /// The URL with its password replaced, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "<invalid URL>" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "<invalid URL>"
    }

    private static func sql(_ connection: PostgresConnection) -> any SQLDatabase {
        connection.sql(queryLogLevel: nil)
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(Self.sql(connection))
        }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        // One connection is pinned for BEGIN…COMMIT: on a pool they could otherwise land on two.
        try await client.withConnection { connection in
            let db = Self.sql(connection)
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

    public func ping() async throws {
        try await read { db in _ = try await db.raw("SELECT 1 AS ok").all() }
    }

    public func poolStatus() async -> PoolStatus {
        PoolStatus(readersIdle: 0, readersTotal: 20, waiting: 0)
    }

    public func run() async throws {
        await client.run()
    }

    public func shutdown() async {}
}
