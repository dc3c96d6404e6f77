import SQLKit

/// A one-row count the database moves itself on every write to some tables, whoever writes (this
/// server, another instance, a command, plain SQL): what was read at one count is still what the
/// tables hold while the count stands. The table is `name` with one row (`id` 1, `n`); a reader
/// asks `SELECT n FROM <name> WHERE id = 1` in the snapshot it reads the tables in, or peeks at it
/// (``Database/peekNumber(_:)``).
///
/// On SQLite each row written counts itself; on PostgreSQL each statement does, since a trigger
/// per row would be as many updates of the one row. A count on a table that is written often
/// serialises those writes on the count's row, so counts are for tables written seldom.
public enum ChangeCounter {
    /// The count `name` as of `db`'s snapshot (nil where its row cannot be read).
    public static func count(_ db: any SQLDatabase, name: String) async throws -> Int64? {
        try await db.raw(SQLQueryString("SELECT n FROM \(name) WHERE id = 1")).first()?.int64("n")
    }

    /// Creates the count `name` over `tables`; with `triggersOnPostgres` false, PostgreSQL gets the
    /// table without triggers (for a count only SQLite reads).
    public static func create(_ db: any SQLDatabase, _ kind: DatabaseKind, name: String, tables: [String],
                              triggersOnPostgres: Bool = true) async throws {
        try await db.raw(SQLQueryString("CREATE TABLE \(name) (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)")).run()
        try await db.raw(SQLQueryString("INSERT INTO \(name) (id, n) VALUES (1, 0)")).run()
        switch kind {
        case .sqlite:
            for table in tables {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    try await db.raw(SQLQueryString("""
                        CREATE TRIGGER \(name)_\(table)_\(event.lowercased()) AFTER \(event) ON \(table)
                        BEGIN UPDATE \(name) SET n = n + 1 WHERE id = 1; END
                        """)).run()
                }
            }
        case .postgres:
            guard triggersOnPostgres else { return }
            try await db.raw(SQLQueryString("""
                CREATE FUNCTION \(name)_count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN UPDATE \(name) SET n = n + 1 WHERE id = 1; RETURN NULL; END $$
                """)).run()
            for table in tables {
                try await db.raw(SQLQueryString("""
                    CREATE TRIGGER \(name)_\(table) AFTER INSERT OR UPDATE OR DELETE ON \(table)
                    FOR EACH STATEMENT EXECUTE FUNCTION \(name)_count()
                    """)).run()
            }
        }
    }
}
