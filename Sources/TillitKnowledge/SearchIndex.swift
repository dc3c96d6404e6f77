import Foundation
import SQLKit
import TillitPlatform
import TillitSearch
import TillitStorage

/// The search index of published examples, and the search over it.
///
/// One analyser (``SwedishAnalyzer``, in Swift) decides the terms for both databases; the index is
/// a plain table of (term, example, weighted frequency, weighted length), and BM25 is computed in
/// SQL the same way on SQLite and PostgreSQL, so both give the same results in the same order.
/// A query word matches every indexed term it is a prefix of, which finds compounds:
/// "hemtjänst" finds "hemtjänstpersonal", "äldreomsorg" finds "äldreomsorgsförvaltningen".
public enum SearchIndex {
    /// How much each part of an example weighs: title and tags above the organisation, above the text.
    static let titleWeight = 3.0, tagWeight = 3.0, organisationWeight = 2.0, textWeight = 1.0
    /// BM25's usual constants.
    static let k1 = 1.2, b = 0.75

    /// The weighted term frequencies of an example.
    static func terms(_ e: Example) -> [String: Double] {
        let analyzer = SwedishAnalyzer.shared
        var tf: [String: Double] = [:]
        func add(_ text: String, _ weight: Double) {
            for token in analyzer.tokens(text) { tf[token, default: 0] += weight }
        }
        add(e.title, titleWeight)
        add(e.tags.joined(separator: " "), tagWeight)
        add(e.organisationName, organisationWeight)
        add([e.summary, Markdown.plainText(e.body), e.results, e.lessons, e.unitName].joined(separator: " "), textWeight)
        return tf
    }

    /// (Re)indexes one example: its terms if it is published, nothing otherwise.
    static func index(_ db: any SQLDatabase, id: Int64) async throws {
        try await remove(db, id: id)
        guard let example = try await Knowledge.load(db, id: id), example.status == .published else { return }
        let tf = terms(example)
        let length = tf.values.reduce(0, +)
        try await db.raw("UPDATE examples SET search_length = \(bind: length) WHERE id = \(bind: id)").run()
        // Many rows per statement: a few hundred terms per example.
        let rows = tf.sorted { $0.key < $1.key }
        for chunk in stride(from: 0, to: rows.count, by: 200) {
            let part = rows[chunk..<min(chunk + 200, rows.count)]
            var query = SQLQueryString("INSERT INTO example_terms (term, example_id, tf, dl) VALUES ")
            for (index, (term, weight)) in part.enumerated() {
                if index > 0 { query = query + ", " }
                query = query + "(\(bind: term), \(bind: id), \(bind: weight), \(bind: length))"
            }
            try await db.raw(query).run()
        }
    }

    static func remove(_ db: any SQLDatabase, id: Int64) async throws {
        try await db.raw("DELETE FROM example_terms WHERE example_id = \(bind: id)").run()
        try await db.raw("UPDATE examples SET search_length = NULL WHERE id = \(bind: id)").run()
    }

    /// Rebuilds the whole index (after an analyser change).
    public static func rebuild(_ database: any Database) async throws -> Int {
        try await database.transaction { db in
            try await db.raw("DELETE FROM example_terms").run()
            try await db.raw("UPDATE examples SET search_length = NULL").run()
            let ids = try await db.raw("SELECT id FROM examples WHERE status = 'published'").all().map { try $0.int64("id") }
            for id in ids { try await index(db, id: id) }
            return ids.count
        }
    }

    /// How many indexed examples have a term starting with `prefix`.
    static func documentFrequency(_ db: any SQLDatabase, prefix: String) async throws -> Int {
        try await db.raw("""
            SELECT COUNT(DISTINCT example_id) AS n FROM example_terms WHERE term >= \(bind: prefix) AND term < \(bind: upperBound(prefix))
            """).first()!.decode(column: "n", as: Int.self)
    }

    /// The smallest string above every string that starts with `prefix`, byte-wise.
    static func upperBound(_ prefix: String) -> String { prefix + "\u{10FFFF}" }
}
