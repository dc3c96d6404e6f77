import SQLKit
import TillitPlatform
import TillitStorage

/// The rest of the Learn module's tables: attachments and readers' problem reports for examples,
/// pilots with their research logs, and the report series with anthologies. Append only.
public enum LearnSchema {
    public static let migrations: [Migration] = [
        // Files attached to an example or a report. The bytes live in `attachment_blobs` (so a list
        // never reads them) or, when a directory is configured, in a file named by its SHA-256 there;
        // either way every instance sharing the database or the directory sees them.
        Migration("learn.0001.attachments") { db, kind in
            try await db.raw(SQLQueryString(Schema.expand("""
                CREATE TABLE attachments (
                    id {{ID}},
                    owner_type TEXT NOT NULL,
                    owner_id BIGINT NOT NULL,
                    file_name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    size BIGINT NOT NULL,
                    sha256 TEXT NOT NULL,
                    stored_in TEXT NOT NULL,
                    created_by BIGINT REFERENCES users(id),
                    created_at BIGINT NOT NULL
                )
                """, for: kind))).run()
            try await db.raw("CREATE INDEX attachments_owner ON attachments (owner_type, owner_id)").run()
            try await db.raw(SQLQueryString("""
                CREATE TABLE attachment_blobs (
                    attachment_id BIGINT PRIMARY KEY REFERENCES attachments(id) ON DELETE CASCADE,
                    content \(kind == .postgres ? "BYTEA" : "BLOB") NOT NULL
                )
                """)).run()
        },
        Migration("learn.0002.example_problems", sql: [
            """
            CREATE TABLE example_problems (
                id {{ID}},
                example_id BIGINT NOT NULL REFERENCES examples(id),
                reason TEXT NOT NULL,
                text TEXT NOT NULL,
                reported_on TEXT NOT NULL,
                handled_at BIGINT,
                handled_by BIGINT REFERENCES users(id),
                handled_note TEXT
            )
            """,
            "CREATE INDEX example_problems_open ON example_problems (handled_at, id)",
        ]),
        Migration("learn.0003.pilots", sql: [
            """
            CREATE TABLE pilots (
                id {{ID}},
                ext_key TEXT UNIQUE,
                name TEXT NOT NULL,
                status TEXT NOT NULL,
                aim TEXT NOT NULL,
                description TEXT NOT NULL,
                year_start INTEGER,
                year_end INTEGER,
                created_by BIGINT REFERENCES users(id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE TABLE pilot_sectors (pilot_id BIGINT NOT NULL REFERENCES pilots(id), sector TEXT NOT NULL, PRIMARY KEY (pilot_id, sector))",
            """
            CREATE TABLE pilot_hosts (
                pilot_id BIGINT NOT NULL REFERENCES pilots(id),
                position INTEGER NOT NULL,
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                unit_name TEXT NOT NULL,
                PRIMARY KEY (pilot_id, position)
            )
            """,
            // Researchers and the host's named contacts. An account whose email matches reads the
            // whole research log (researchers also write it); the email is never shown publicly.
            """
            CREATE TABLE pilot_people (
                pilot_id BIGINT NOT NULL REFERENCES pilots(id),
                position INTEGER NOT NULL,
                role TEXT NOT NULL,
                name TEXT NOT NULL,
                affiliation TEXT NOT NULL,
                email TEXT NOT NULL,
                PRIMARY KEY (pilot_id, role, position)
            )
            """,
            "CREATE INDEX pilot_people_email ON pilot_people (email)",
            "CREATE TABLE pilot_examples (pilot_id BIGINT NOT NULL REFERENCES pilots(id), example_id BIGINT NOT NULL REFERENCES examples(id), PRIMARY KEY (pilot_id, example_id))",
            """
            CREATE TABLE pilot_log (
                id {{ID}},
                pilot_id BIGINT NOT NULL REFERENCES pilots(id),
                entry_date TEXT NOT NULL,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                text TEXT NOT NULL,
                is_public INTEGER NOT NULL,
                author_id BIGINT REFERENCES users(id),
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX pilot_log_pilot ON pilot_log (pilot_id, entry_date)",
        ]),
        // The report series: reports and anthologies share one numbering, YYYY:N, given when published.
        Migration("learn.0004.reports", sql: [
            """
            CREATE TABLE reports (
                id {{ID}},
                ext_key TEXT UNIQUE,
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                number_year INTEGER,
                number_seq INTEGER,
                title TEXT NOT NULL,
                abstract TEXT NOT NULL,
                keywords TEXT NOT NULL DEFAULT '[]',
                authors TEXT NOT NULL DEFAULT '[]',
                published_on TEXT,
                created_by BIGINT REFERENCES users(id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (number_year, number_seq)
            )
            """,
            "CREATE INDEX reports_published ON reports (status, published_on)",
            "CREATE TABLE report_pilots (report_id BIGINT NOT NULL REFERENCES reports(id), pilot_id BIGINT NOT NULL REFERENCES pilots(id), PRIMARY KEY (report_id, pilot_id))",
            "CREATE INDEX report_pilots_pilot ON report_pilots (pilot_id)",
            """
            CREATE TABLE report_chapters (
                report_id BIGINT NOT NULL REFERENCES reports(id),
                position INTEGER NOT NULL,
                title TEXT NOT NULL,
                authors TEXT NOT NULL,
                abstract TEXT NOT NULL,
                PRIMARY KEY (report_id, position)
            )
            """,
        ]),
        // A reader's report names no one: like the other anonymous rows it takes a random id and,
        // on SQLite, no rowid, so neither tells in which order reports came.
        Migration("learn.0005.example_problems_random_ids") { db, kind in
            switch kind {
            case .sqlite:
                for statement in [
                    """
                    CREATE TABLE example_problems_new (
                        id BIGINT PRIMARY KEY,
                        example_id BIGINT NOT NULL REFERENCES examples(id),
                        reason TEXT NOT NULL,
                        text TEXT NOT NULL,
                        reported_on TEXT NOT NULL,
                        handled_at BIGINT,
                        handled_by BIGINT REFERENCES users(id),
                        handled_note TEXT
                    ) WITHOUT ROWID
                    """,
                    """
                    INSERT INTO example_problems_new
                    SELECT (abs(random()) % 9007199254740990) + 1, example_id, reason, text, reported_on, handled_at, handled_by, handled_note
                    FROM example_problems ORDER BY reported_on, example_id
                    """,
                    "DROP TABLE example_problems",
                    "ALTER TABLE example_problems_new RENAME TO example_problems",
                    "CREATE INDEX example_problems_open ON example_problems (handled_at, reported_on)",
                ] {
                    try await db.raw(SQLQueryString(statement)).run()
                }
            case .postgres:
                try await db.raw("UPDATE example_problems SET id = floor(random() * 9007199254740990)::bigint + 1").run()
            }
        },
        // A counter of changes to what the public pages show (``PublicContent``). On SQLite every
        // write to those tables counts itself, whoever makes it (the server, a command, plain SQL);
        // PostgreSQL keeps no pages, so it has the table and no triggers.
        Migration("learn.0006.public_changes") { db, kind in
            try await ChangeCounter.create(db, kind, name: "public_changes", tables: PublicContent.tables, triggersOnPostgres: false)
        },
    ]
}

/// Whether what the public pages show may have changed since it was read.
public enum PublicContent {
    /// The tables the public pages of Learn read: examples with their sectors, principles, versions,
    /// attachments and search documents; pilots; reports; and organisations' and units' names. Not
    /// the search index's terms and postings (written with their example), and never a table that
    /// an anonymous action writes (readers' problem reports, signals, survey answers, sessions):
    /// the count would tell anyone who times a kept page when such an action happened.
    static let tables = [
        "examples", "example_sectors", "example_principles", "example_revisions", "search_documents", "attachments",
        "pilots", "pilot_examples", "pilot_hosts", "pilot_log", "pilot_people", "pilot_sectors",
        "reports", "report_chapters", "report_pilots", "organisations", "units",
    ]

    /// A number that changes with every commit that writes one of ``tables``; nil where it cannot be
    /// known without a round trip (PostgreSQL, where nothing is kept).
    public static func changeCount(_ database: any Database) -> Int64? {
        database.peekNumber("SELECT n FROM public_changes WHERE id = 1")
    }
}
