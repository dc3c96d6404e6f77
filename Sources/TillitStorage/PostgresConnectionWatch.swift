import Logging
import NIOCore
import PostgresNIO
import SQLKit
import Synchronization

/// A PostgreSQL connection as an `SQLDatabase` whose statements fail at once when the connection
/// closes, instead of waiting for an answer that will never come.
///
/// A statement sent on a connection the server has already ended (a restart, a fast shutdown, a
/// terminated backend between two statements of a transaction) is never answered by the driver:
/// the request would hang with its pooled connection for good. Each statement is therefore also
/// registered with ``ConnectionWatch``, which fails every pending statement of a connection when
/// it closes.
struct WatchedPostgresSQL: SQLDatabase {
    let base: any SQLDatabase
    let connection: PostgresConnection
    let watch: ConnectionWatch

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        guard let token = watch.register(connection, promise) else {
            promise.fail(StorageError.unavailable("the connection to the database was lost"))
            return promise.futureResult
        }
        let watch = self.watch, connection = self.connection
        base.execute(sql: query, onRow).whenComplete { result in
            watch.finish(connection, token)
            promise.completeWith(result)
        }
        return promise.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await (execute(sql: query, onRow) as EventLoopFuture<Void>).get()
    }
}

/// The statements in flight per connection, failed together when their connection closes. Each
/// connection's close is observed once, the first time a statement runs on it.
final class ConnectionWatch: Sendable {
    private struct Entry {
        var pending: [UInt64: EventLoopPromise<Void>] = [:]
        var next: UInt64 = 0
    }

    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])

    /// Registers a statement's promise; nil when the connection is already closed.
    func register(_ connection: PostgresConnection, _ promise: EventLoopPromise<Void>) -> UInt64? {
        let key = ObjectIdentifier(connection)
        let (token, isNew): (UInt64?, Bool) = entries.withLock { entries in
            if connection.isClosed { return (nil, false) }
            let isNew = entries[key] == nil
            var entry = entries[key] ?? Entry()
            let token = entry.next
            entry.next &+= 1
            entry.pending[token] = promise
            entries[key] = entry
            return (token, isNew)
        }
        if isNew {
            connection.closeFuture.whenComplete { [self] _ in closed(key) }
        }
        return token
    }

    /// The statement is answered.
    func finish(_ connection: PostgresConnection, _ token: UInt64) {
        _ = entries.withLock { $0[ObjectIdentifier(connection)]?.pending.removeValue(forKey: token) }
    }

    private func closed(_ key: ObjectIdentifier) {
        let pending = entries.withLock { $0.removeValue(forKey: key)?.pending.values.map { $0 } ?? [] }
        for promise in pending {
            promise.fail(StorageError.unavailable("the connection to the database was lost"))
        }
    }
}
