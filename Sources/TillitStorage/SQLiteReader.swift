import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization
import TillitSQLiteConfig
// SQLite's C interface as SQLiteNIO builds it (its own copy of the library, its own symbol prefix).
// Readers call it directly; see `SQLiteReaderConnection`.
import VaporCSQLite

/// A reader connection that runs its statements where it is called and keeps them prepared.
///
/// SQLiteNIO runs each statement on its thread pool and hands every row back to an event loop as
/// a task of its own, then the awaiting task resumes on yet another thread: three thread switches
/// per statement and one per row, a third of a signed-in page's CPU time. It also parses every
/// statement anew. A reader lease instead runs its whole body on a thread of the readers' own
/// (``ReaderThreads``, one per connection and at least one per core, so SQLite never holds up the
/// event loops or Swift's threads), and statements run there directly, prepared once per
/// connection and kept. Page requests run on those threads whole (`SQLiteDatabase.readExecutor`),
/// so their reads start without a hop.
///
/// Only one task uses a connection at a time (the pool leases it whole); the lock guards against a
/// body that would run statements from child tasks at once.
final class SQLiteReaderConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    /// Prepared statements by their text. A statement is reset after every run, so a kept one never
    /// holds a read snapshot open.
    private var statements: [String: OpaquePointer] = [:]
    private let lock = NIOLock()
    /// More statements than this and all are let go: lists of ids are written into the text, so some
    /// statements are seen once.
    static let keptStatements = 256

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    /// Opens a connection to the file at `path` and sets `pragmas`.
    static func open(path: String, pragmas: [String]) throws -> SQLiteReaderConnection {
        // SQLiteNIO's first open initialises the library; the writer always opens first.
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard opened == SQLITE_OK, let handle else {
            let error = SQLiteReadError(code: opened, message: handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "cannot open")
            sqlite_nio_sqlite3_close_v2(handle)
            throw error
        }
        let connection = SQLiteReaderConnection(handle: handle)
        do {
            // A kept statement keeps its plan: without this, SQLite prepares some statements again
            // on every run, whenever it takes a bound value to be one that might change the plan.
            let stable = tillit_sqlite_enable_qpsg(UnsafeMutableRawPointer(handle))
            guard stable == SQLITE_OK else { throw SQLiteReadError(code: stable, message: "cannot keep query plans") }
            for pragma in pragmas { try connection.run(pragma, binds: []) { _ in } }
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// Runs `sql` with `binds`, handing each row to `onRow`.
    func run(_ sql: String, binds: [SQLiteData], _ onRow: (SQLiteValues) -> Void) throws {
        try lock.withLock {
            guard let handle else { throw SQLiteReadError(code: SQLITE_MISUSE, message: "the connection is closed") }
            let statement = try prepared(sql, on: handle)
            defer {
                // Ends the statement's read of the database (and its snapshot), and lets go of the
                // bound values, which a kept statement would otherwise hold until its next run.
                sqlite_nio_sqlite3_reset(statement)
                sqlite_nio_sqlite3_clear_bindings(statement)
            }
            for (offset, bind) in binds.enumerated() {
                try check(Self.bind(bind, at: Int32(offset + 1), of: statement), on: handle)
            }
            let count = sqlite_nio_sqlite3_column_count(statement)
            var names: [String] = []
            names.reserveCapacity(Int(count))
            for column in 0..<count {
                names.append(sqlite_nio_sqlite3_column_name(statement, column).map { String(cString: $0) } ?? "")
            }
            let columns = SQLiteValues.Columns(names: names)
            while true {
                let step = sqlite_nio_sqlite3_step(statement)
                if step == SQLITE_DONE { return }
                guard step == SQLITE_ROW else { try check(step, on: handle); return }
                var values: [SQLiteData] = []
                values.reserveCapacity(Int(count))
                for column in 0..<count {
                    values.append(Self.value(of: statement, at: column))
                }
                onRow(SQLiteValues(columns: columns, values: values))
            }
        }
    }

    /// Starts a read transaction, which the first statement opens on the file.
    func beginRead() throws {
        try run("BEGIN", binds: []) { _ in }
    }

    /// Ends the read transaction if one is open (a failed statement may have ended it already).
    func endRead() {
        let open = lock.withLock { handle.map { sqlite_nio_sqlite3_get_autocommit($0) == 0 } ?? false }
        if open { try? run("ROLLBACK", binds: []) { _ in } }
    }

    private func prepared(_ sql: String, on handle: OpaquePointer) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        if statements.count >= Self.keptStatements { finalizeAll() }
        var statement: OpaquePointer?
        let result = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else {
            sqlite_nio_sqlite3_finalize(statement)
            throw SQLiteReadError(code: result, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
        }
        statements[sql] = statement
        return statement
    }

    private func check(_ result: Int32, on handle: OpaquePointer) throws {
        guard result == SQLITE_OK || result == SQLITE_ROW || result == SQLITE_DONE else {
            throw SQLiteReadError(code: result, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func bind(_ value: SQLiteData, at index: Int32, of statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let value):
            return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(value))
        case .float(let value):
            return sqlite_nio_sqlite3_bind_double(statement, index, value)
        case .text(let value):
            return sqlite_nio_sqlite3_bind_text64(statement, index, value, UInt64(value.utf8.count), transient, UInt8(SQLITE_UTF8))
        case .blob(let value):
            return value.withUnsafeReadableBytes {
                sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient)
            }
        case .null:
            return sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    private static func value(of statement: OpaquePointer, at column: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT:
            return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            // Asked for before the length: the length is then of the text as UTF-8.
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: length)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: length))
            }
            return .blob(buffer)
        default:
            return .null
        }
    }

    private func finalizeAll() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements.removeAll(keepingCapacity: true)
    }

    /// How often the kept statements were prepared again since they were kept.
    func reprepared() -> Int {
        lock.withLock {
            statements.values.reduce(0) { $0 + Int(sqlite_nio_sqlite3_stmt_status($1, SQLITE_STMTSTATUS_REPREPARE, 0)) }
        }
    }

    /// Lets go of the kept statements and closes the connection.
    func close() {
        lock.withLock {
            finalizeAll()
            if let handle { sqlite_nio_sqlite3_close_v2(handle) }
            handle = nil
        }
    }
}

/// An error SQLite reported to a reader.
struct SQLiteReadError: Error, CustomStringConvertible {
    /// SQLite's extended result code.
    let code: Int32
    let message: String

    /// Another connection holds a lock this read needs (busy_timeout ran out).
    var isBusy: Bool {
        let primary = code & 0xff
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED
    }

    var description: String { "SQLite error \(code): \(message)" }
}

/// SQLKit over a reader connection: SQLiteKit's dialect and bind encoding, statements run in place.
struct SQLiteReaderSQL: SQLDatabase {
    let connection: SQLiteReaderConnection
    let logger: Logger
    let eventLoop: any EventLoop
    let version: (any SQLDatabaseReportedVersion)?

    var dialect: any SQLDialect { SQLiteDialect() }
    // Queries are never logged: their binds can hold personal data.
    var queryLogLevel: Logger.Level? { nil }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> ()) throws {
        let (sql, binds) = try sqliteStatement(query)
        try connection.run(sql, binds: binds) { onRow($0) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try run(query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}

/// A row read by a reader connection.
struct SQLiteValues: SQLRow {
    /// The names of a statement's columns, shared by its rows.
    final class Columns: Sendable {
        let names: [String]
        /// Whether no two columns share a name: then the column after the one asked for last is
        /// tried first, as rows are mostly read in the order their columns were selected.
        private let distinct: Bool
        private let next = Atomic<Int>(0)

        init(names: [String]) {
            self.names = names
            distinct = Set(names).count == names.count
        }

        /// The first column of that name, as SQLite's own rows find it.
        func offset(of name: String) -> Int? {
            if distinct {
                let guess = next.load(ordering: .relaxed)
                if guess < names.count, names[guess] == name {
                    next.store(guess + 1, ordering: .relaxed)
                    return guess
                }
            }
            guard let found = names.firstIndex(of: name) else { return nil }
            if distinct { next.store(found + 1, ordering: .relaxed) }
            return found
        }
    }

    let columns: Columns
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.offset(of: column) != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let offset = columns.offset(of: column) else { return true }
        return values[offset] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let offset = columns.offset(of: column) else { throw SQLiteColumns.MissingColumn(column: column) }
        return try SQLiteColumns.decode(values[offset], as: D.self)
    }
}

/// The threads reader leases run on, one per reader connection: a lease's body runs here whole,
/// so its statements run in place without a switch of thread each, and SQLite's work never
/// occupies the threads that serve requests.
final class ReaderThreads: TaskExecutor {
    private let pool: NIOThreadPool

    init(count: Int) {
        pool = NIOThreadPool(numberOfThreads: count)
        pool.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        pool.submit { _ in job.runSynchronously(on: executor) }
    }

    func shutdown() async {
        try? await pool.shutdownGracefully()
    }
}
