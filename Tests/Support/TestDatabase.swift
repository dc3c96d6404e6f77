import Foundation
import Logging
import PostgresNIO
import SQLKit
import TillitPlatform
import TillitStorage

/// The databases the storage suites run on: SQLite always, PostgreSQL too when
/// `TILLIT_TEST_POSTGRES_URL` names a server where the user may create databases.
public enum TestDatabases {
    public static var kinds: [DatabaseKind] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["TILLIT_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }

    public static let logger: Logger = {
        var logger = Logger(label: "tillit-test")
        logger.logLevel = .warning
        return logger
    }()

    /// A fixed clock for tests: 2026-03-02 09:00 UTC, a Monday.
    public static let epoch = Date(timeIntervalSince1970: 1_772_442_000)

    /// The pool limits of a test database. A test checks what happens, not how fast: on a shared
    /// machine running both engines' suites in parallel, a writer may wait far longer than the
    /// server's default, so only the tests of the bounded wait itself set a short one.
    public static let limits = DatabaseLimits(leaseTimeout: .seconds(120))

    /// Runs `body` with a fresh, migrated database of `kind`, then removes it.
    public static func with<T: Sendable>(
        _ kind: DatabaseKind,
        migrations: [Migration] = PlatformSchema.migrations,
        limits: DatabaseLimits = TestDatabases.limits,
        _ body: @Sendable (any Database) async throws -> T
    ) async throws -> T {
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tillit-test-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = try await SQLiteDatabase.open(path: directory.appendingPathComponent("test.sqlite").path, readers: 2, limits: limits, logger: logger)
            return try await withRunningDatabase(database) { database in
                try await Migrator(migrations, logger: logger).migrate(database)
                return try await body(database)
            }
        case .postgres:
            guard let adminURL = postgresURL else { throw StorageError.notSupported("TILLIT_TEST_POSTGRES_URL is not set") }
            let name = "tillit_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
            try await admin(adminURL, "CREATE DATABASE \(name)")
            do {
                var components = URLComponents(string: adminURL)!
                components.path = "/" + name
                let database = try PostgresDatabase(url: components.string!, limits: limits, logger: logger)
                let result = try await withRunningDatabase(database) { database in
                    try await Migrator(migrations, logger: logger).migrate(database)
                    return try await body(database)
                }
                try await admin(adminURL, "DROP DATABASE \(name) WITH (FORCE)")
                return result
            } catch {
                try? await admin(adminURL, "DROP DATABASE \(name) WITH (FORCE)")
                throw error
            }
        }
    }

    /// Runs one statement on the server's maintenance database.
    private static func admin(_ url: String, _ sql: String) async throws {
        let database = try PostgresDatabase(url: url, limits: limits, logger: logger)
        try await withRunningDatabase(database) { database in
            try await database.read { db in try await db.raw(SQLQueryString(sql)).run() }
        }
    }
}
