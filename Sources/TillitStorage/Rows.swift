import Foundation
import SQLKit

/// Reading columns by name, the same way on both databases. Instants are stored as whole seconds
/// since 1970 in BIGINT columns named `*_at`.
extension SQLRow {
    public func int64(_ column: String) throws -> Int64 { try decode(column: column, as: Int64.self) }
    public func optionalInt64(_ column: String) throws -> Int64? { try decodeNil(column: column) ? nil : try decode(column: column, as: Int64.self) }
    public func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    public func optionalString(_ column: String) throws -> String? { try decodeNil(column: column) ? nil : try decode(column: column, as: String.self) }
    public func date(_ column: String) throws -> Date { Date(epochSeconds: try int64(column)) }
    public func optionalDate(_ column: String) throws -> Date? { try optionalInt64(column).map(Date.init(epochSeconds:)) }
}

extension Date {
    /// Whole seconds since 1970, as stored in the database's `*_at` columns.
    public var epochSeconds: Int64 { Int64(timeIntervalSince1970.rounded(.down)) }

    /// A date from whole seconds since 1970.
    public init(epochSeconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(epochSeconds))
    }
}

extension SQLQueryString {
    /// `(1, 2, …)` for `IN`. The ids are written as numbers, not bound: a search can name a few
    /// hundred, and numbers formatted here cannot carry anything else into the statement. An empty
    /// list is `(NULL)`, which matches nothing.
    public static func list(_ values: [Int64]) -> SQLQueryString {
        "(\(unsafeRaw: values.isEmpty ? "NULL" : values.map(String.init).joined(separator: ", ")))"
    }

    /// `(?, ?, …)` for `IN`, each text bound as a parameter. An empty list is `(NULL)`.
    public static func list(_ values: [String]) -> SQLQueryString {
        values.isEmpty ? "(NULL)" : "\(SQLGroupExpression(values.map { SQLBind($0) as any SQLExpression }))"
    }
}
