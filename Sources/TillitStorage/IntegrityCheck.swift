import Foundation
import SQLKit

/// The database's own consistency checks, for `tillit check`.
public enum IntegrityCheck {
    /// Problems found; empty when all is well.
    public static func run(_ database: any Database) async throws -> [String] {
        try await database.read { db in
            switch database.kind {
            case .sqlite:
                var problems: [String] = []
                let integrity = try await db.raw("PRAGMA integrity_check").all()
                let messages = try integrity.map { try $0.decode(column: "integrity_check", as: String.self) }
                if messages != ["ok"] { problems += messages.map { "integrity: \($0)" } }
                let foreignKeys = try await db.raw("PRAGMA foreign_key_check").all()
                if !foreignKeys.isEmpty { problems.append("\(foreignKeys.count) rows break foreign keys") }
                return problems
            case .postgres:
                // PostgreSQL enforces constraints itself; check that it answers and the schema exists.
                _ = try await db.raw("SELECT COUNT(*) AS n FROM schema_migrations").all()
                return []
            }
        }
    }
}
