import SQLKit
import TillitPlatform
import TillitStorage

/// The Learn module's migrations. Append only.
public enum KnowledgeSchema {
    public static let migrations: [Migration] = [
        Migration("knowledge.0001.examples", sql: [
            """
            CREATE TABLE examples (
                id {{ID}},
                ext_id TEXT UNIQUE,
                organisation_id BIGINT NOT NULL REFERENCES organisations(id),
                unit_name TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL,
                title TEXT NOT NULL,
                summary TEXT NOT NULL,
                body TEXT NOT NULL,
                year_start INTEGER,
                year_end INTEGER,
                results TEXT NOT NULL DEFAULT '',
                lessons TEXT NOT NULL DEFAULT '',
                contact_name TEXT NOT NULL DEFAULT '',
                contact_role TEXT NOT NULL DEFAULT '',
                contact_email TEXT NOT NULL DEFAULT '',
                links TEXT NOT NULL DEFAULT '[]',
                tags TEXT NOT NULL DEFAULT '[]',
                editor_comment TEXT,
                withdrawn_reason TEXT,
                source_signal_id BIGINT,
                created_by BIGINT REFERENCES users(id),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                published_at BIGINT,
                revision INTEGER NOT NULL
            )
            """,
            "CREATE INDEX examples_status ON examples (status, published_at)",
            "CREATE INDEX examples_created_by ON examples (created_by)",
            "CREATE TABLE example_sectors (example_id BIGINT NOT NULL REFERENCES examples(id), sector TEXT NOT NULL, PRIMARY KEY (example_id, sector))",
            "CREATE INDEX example_sectors_sector ON example_sectors (sector, example_id)",
            "CREATE TABLE example_principles (example_id BIGINT NOT NULL REFERENCES examples(id), principle TEXT NOT NULL, PRIMARY KEY (example_id, principle))",
            "CREATE INDEX example_principles_principle ON example_principles (principle, example_id)",
            // Every revision as it was saved, so two can be compared.
            """
            CREATE TABLE example_revisions (
                example_id BIGINT NOT NULL REFERENCES examples(id),
                revision INTEGER NOT NULL,
                snapshot TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                created_by BIGINT REFERENCES users(id),
                PRIMARY KEY (example_id, revision)
            )
            """,
        ]),
        // The search index of published examples: one row per example and term, with the term's
        // weighted frequency (title and tags count three times, the organisation twice, the text
        // once) and the example's weighted length, so BM25 is computed the same way in SQL on both
        // databases. Terms come from the Swedish analyser in Swift. They compare byte by byte on
        // both databases (SQLite's BINARY, PostgreSQL's "C"), so a prefix is one range of the key.
        Migration("knowledge.0002.example_terms") { db, kind in
            try await db.raw(SQLQueryString("""
                CREATE TABLE example_terms (
                    term TEXT\(kind == .postgres ? " COLLATE \"C\"" : "") NOT NULL,
                    example_id BIGINT NOT NULL REFERENCES examples(id),
                    tf DOUBLE PRECISION NOT NULL,
                    dl DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (term, example_id)
                )
                """)).run()
            try await db.raw("CREATE INDEX example_terms_example ON example_terms (example_id)").run()
        },
        // Each indexed example's weighted length, so the collection's size and average length for
        // BM25 come from one row per example instead of a scan of every term.
        Migration("knowledge.0003.search_length", sql: [
            "ALTER TABLE examples ADD COLUMN search_length DOUBLE PRECISION",
        ]),
        // The search index in blocks of example ids (see SearchIndex): per term and block of 65,536
        // ids, the postings as one binary value; per block of 4,096 ids, what a search needs of each
        // indexed example; per example, its terms, so a change can take it out of the right blocks.
        // A search reads a word's whole prefix range in a few rows, instead of aggregating millions
        // of rows in SQL. The index moves over as it is, without analysing the examples again.
        Migration("knowledge.0004.search_blocks") { db, kind in
            let blob = kind == .postgres ? "BYTEA" : "BLOB"
            let collate = kind == .postgres ? " COLLATE \"C\"" : ""
            let withoutRowID = kind == .sqlite ? " WITHOUT ROWID" : ""
            for statement in [
                """
                CREATE TABLE search_postings (
                    term TEXT\(collate) NOT NULL,
                    block BIGINT NOT NULL,
                    postings \(blob) NOT NULL,
                    PRIMARY KEY (term, block)
                )\(withoutRowID)
                """,
                """
                CREATE TABLE search_documents (
                    block BIGINT PRIMARY KEY,
                    version BIGINT NOT NULL,
                    documents_count BIGINT NOT NULL,
                    total_length DOUBLE PRECISION NOT NULL,
                    documents \(blob) NOT NULL
                )
                """,
                "CREATE TABLE search_terms (example_id BIGINT PRIMARY KEY REFERENCES examples(id), terms TEXT NOT NULL)",
            ] {
                try await db.raw(SQLQueryString(statement)).run()
            }
            if kind == .postgres {
                // Postings hardly compress; reading them uncompressed is faster.
                try await db.raw("ALTER TABLE search_postings ALTER COLUMN postings SET STORAGE EXTERNAL").run()
                try await db.raw("ALTER TABLE search_documents ALTER COLUMN documents SET STORAGE EXTERNAL").run()
            }
            try await SearchIndex.moveRowsIntoBlocks(db)
            try await db.raw("DROP TABLE example_terms").run()
            try await db.raw("ALTER TABLE examples DROP COLUMN search_length").run()
        },
        // The revision an example had when it was first published. Revisions before it (a draft, the
        // text of the signal it was made from) are for its contributor and the editors only.
        Migration("knowledge.0005.published_revision", sql: [
            "ALTER TABLE examples ADD COLUMN published_revision INTEGER",
            "UPDATE examples SET published_revision = revision WHERE published_at IS NOT NULL",
        ]),
    ]
}
