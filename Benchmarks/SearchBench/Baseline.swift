import Foundation
import SQLKit
import TillitLearn
import TillitStorage

/// The database's own full-text search over the same examples, as the yardstick for Tillit's
/// search: SQLite FTS5 ranked by `bm25()`, PostgreSQL a `tsvector` column with a GIN index ranked
/// by `ts_rank`. Both get the same text Tillit indexes (title, tags, organisation, the rest) with
/// the same weights where the database allows, and answer with the first 20 ids only.
enum Baseline {
    static func build(_ database: any Database) async throws {
        switch database.kind {
        case .sqlite:
            try await database.transaction { db in
                try await db.raw("""
                    CREATE VIRTUAL TABLE bench_fts USING fts5(title, tags, organisation, body, tokenize = 'unicode61 remove_diacritics 0')
                    """).run()
                try await db.raw("""
                    INSERT INTO bench_fts (rowid, title, tags, organisation, body)
                    SELECT e.id, e.title, e.tags, o.name, e.summary || ' ' || e.body || ' ' || e.results || ' ' || e.lessons || ' ' || e.unit_name
                    FROM examples e JOIN organisations o ON o.id = e.organisation_id WHERE e.status = 'published'
                    """).run()
                try await db.raw("INSERT INTO bench_fts (bench_fts) VALUES ('optimize')").run()
            }
        case .postgres:
            try await database.transaction { db in
                try await db.raw("CREATE TABLE bench_ts (example_id BIGINT PRIMARY KEY, tsv tsvector NOT NULL)").run()
                try await db.raw("""
                    INSERT INTO bench_ts (example_id, tsv)
                    SELECT e.id, setweight(to_tsvector('swedish', e.title), 'A') || setweight(to_tsvector('swedish', e.tags), 'A')
                        || setweight(to_tsvector('swedish', o.name), 'B')
                        || setweight(to_tsvector('swedish', e.summary || ' ' || e.body || ' ' || e.results || ' ' || e.lessons || ' ' || e.unit_name), 'D')
                    FROM examples e JOIN organisations o ON o.id = e.organisation_id WHERE e.status = 'published'
                    """).run()
                try await db.raw("CREATE INDEX bench_ts_tsv ON bench_ts USING GIN (tsv)").run()
            }
        }
    }

    /// The first 20 ids for `text` (words as typed), optionally in one sector: any of the words (OR),
    /// as Tillit's search finds an example with some of a query's words.
    static func query(_ database: any Database, text: String, sector: Sector?) async throws -> [Int64] {
        try await database.read { db in
            switch database.kind {
            case .sqlite:
                // Each word as a string of its own: FTS5 syntax in the text is just text.
                let match = Corpus.words(text).map { "\"\($0)\"" }.joined(separator: " OR ")
                // EXISTS rather than `rowid IN`, which FTS5 would take as a list of rows to look up one by one.
                let filter: SQLQueryString = sector.map {
                    "AND EXISTS (SELECT 1 FROM example_sectors s WHERE s.example_id = bench_fts.rowid AND s.sector = \(bind: $0.rawValue))"
                } ?? ""
                return try await db.raw("""
                    SELECT rowid AS id FROM bench_fts WHERE bench_fts MATCH \(bind: match) \(filter)
                    ORDER BY bm25(bench_fts, 3.0, 3.0, 2.0, 1.0) LIMIT 20
                    """).all().map { try $0.int64("id") }
            case .postgres:
                let filter: SQLQueryString = sector.map { "AND example_id IN (SELECT example_id FROM example_sectors WHERE sector = \(bind: $0.rawValue))" } ?? ""
                return try await db.raw("""
                    SELECT example_id AS id FROM bench_ts, websearch_to_tsquery('swedish', \(bind: Corpus.words(text).joined(separator: " or "))) q WHERE tsv @@ q \(filter)
                    ORDER BY ts_rank(tsv, q) DESC LIMIT 20
                    """).all().map { try $0.int64("id") }
            }
        }
    }
}
