import SQLKit

extension SQLDatabase {
    /// Appended to a `SELECT` inside a transaction that will change what it read: `FOR UPDATE` on
    /// PostgreSQL, so two transactions that change the same row (two comments numbering the next
    /// entry, two forwards of one signal) run one after the other instead of colliding; nothing on
    /// SQLite, whose single writer (`BEGIN IMMEDIATE`) already runs them one after the other.
    public var lockRowsClause: SQLQueryString {
        dialect.name == "postgresql" ? " FOR UPDATE" : ""
    }
}
