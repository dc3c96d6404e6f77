import Logging
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO

/// SQLKit over one SQLite connection, as SQLiteKit's own (its dialect, its bind encoding), with
/// rows that read text, whole numbers and reals directly. SQLiteKit's row decoder asks the runtime
/// whether each requested type converts from SQLite's data — a protocol conformance lookup for
/// every column of every row, a tenth of a list page's time. Any other type is decoded as
/// SQLiteKit decodes it.
struct SQLiteConnectionSQL: SQLDatabase {
    let connection: SQLiteConnection
    /// SQLiteKit's database over the same connection, for everything but running statements.
    let kit: any SQLDatabase

    init(_ connection: SQLiteConnection) {
        self.connection = connection
        // Queries are never logged: their binds can hold personal data.
        self.kit = connection.sql(queryLogLevel: nil)
    }

    var logger: Logger { kit.logger }
    var eventLoop: any EventLoop { kit.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { kit.version }
    var dialect: any SQLDialect { kit.dialect }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do {
            let (sql, binds) = try sqliteStatement(query)
            return connection.query(sql, binds, logger: logger) { onRow(SQLiteColumns(row: $0)) }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        let (sql, binds) = try sqliteStatement(query)
        try await connection.query(sql, binds) { onRow(SQLiteColumns(row: $0)) }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}

/// A row of SQLite's answer.
struct SQLiteColumns: SQLRow {
    let row: SQLiteRow

    var allColumns: [String] { row.columns.map(\.name) }

    func contains(column: String) -> Bool { row.column(column) != nil }

    func decodeNil(column: String) throws -> Bool { (row.column(column) ?? .null) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let data = row.column(column) else { throw MissingColumn(column: column) }
        return try Self.decode(data, as: D.self)
    }

    /// Text, whole numbers and reals read directly; any other type as SQLiteKit decodes it.
    static func decode<D: Decodable>(_ data: SQLiteData, as type: D.Type) throws -> D {
        switch data {
        case .text(let text) where D.self == String.self: return text as! D
        case .integer(let value) where D.self == Int64.self: return Int64(value) as! D
        case .integer(let value) where D.self == Int.self: return value as! D
        case .float(let value) where D.self == Double.self: return value as! D
        default: return try SQLiteDataDecoder().decode(D.self, from: data)
        }
    }

    struct MissingColumn: Error, CustomStringConvertible {
        let column: String
        var description: String { "no column \(column) in the row" }
    }
}

extension SQLDatabase {
    /// A statement's text in this database's dialect and its binds as SQLite's values: what the
    /// writer (SQLiteNIO) and the readers (``SQLiteReaderConnection``) both run.
    func sqliteStatement(_ query: any SQLExpression) throws -> (sql: String, binds: [SQLiteData]) {
        let (sql, binds) = serialize(query)
        return (sql, try binds.map { try sqliteDataEncoder.encode($0) })
    }
}

/// One encoder for every bind: making one makes a `JSONEncoder` (for values it cannot convert
/// directly), and a statement's binds were each paying for that.
private let sqliteDataEncoder = SQLiteDataEncoder()
