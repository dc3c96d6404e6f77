import Foundation
import SQLKit
import TillitLearn
import TillitPlatform
import TillitStorage

/// Writes the generated corpus straight into the tables, many rows per statement. The search index
/// is left empty: it is built afterwards by ``SearchIndex/rebuild(_:)``, the code path the
/// application itself uses, so what is measured is the real indexing.
enum Loader {
    static func load(_ database: any Database, corpus: Corpus, progress: (Int) -> Void) async throws {
        let now = Int64(1_772_442_000)
        try await database.transaction { db in
            for (index, organisation) in corpus.organisations.enumerated() {
                try await db.raw("""
                    INSERT INTO organisations (slug, name, kind, created_at)
                    VALUES (\(bind: "bench-\(index + 1)"), \(bind: organisation.name), \(bind: organisation.kind.rawValue), \(bind: now))
                    """).run()
            }
        }
        let slugs = try await database.read { db in
            try await db.raw("SELECT id, slug FROM organisations").all().map { (try $0.string("slug"), try $0.int64("id")) }
        }
        let bySlug = Dictionary(uniqueKeysWithValues: slugs)
        let organisationIDs = corpus.organisations.indices.map { bySlug["bench-\($0 + 1)"]! }

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let batch = 400
        for start in stride(from: 0, to: corpus.count, by: batch * 10) {
            let end = min(start + batch * 10, corpus.count)
            let examples = (start..<end).map(corpus.example)
            try await database.transaction { db in
                for chunk in stride(from: 0, to: examples.count, by: batch) {
                    let part = examples[chunk..<min(chunk + batch, examples.count)]
                    var query = SQLQueryString("""
                        INSERT INTO examples (ext_id, organisation_id, unit_name, status, title, summary, body, year_start, year_end, results, lessons,
                                              links, tags, created_at, updated_at, published_at, revision) VALUES
                        """)
                    for (index, e) in part.enumerated() {
                        let tags = String(decoding: try encoder.encode(e.tags), as: UTF8.self)
                        query = query + (index == 0 ? " " : ", ") + """
                            (\(bind: e.extID), \(bind: organisationIDs[e.organisation]), \(bind: e.unitName), 'published', \(bind: e.title),
                             \(bind: e.summary), \(bind: e.body), \(bind: e.yearStart), \(bind: e.yearEnd), \(bind: e.results), \(bind: e.lessons),
                             '[]', \(bind: tags), \(bind: e.publishedAt), \(bind: e.publishedAt), \(bind: e.publishedAt), 1)
                            """
                    }
                    let ids = try await db.raw(query + " RETURNING id, ext_id").all().map { (try $0.string("ext_id"), try $0.int64("id")) }
                    let idByExt = Dictionary(uniqueKeysWithValues: ids)
                    var sectors = SQLQueryString("INSERT INTO example_sectors (example_id, sector) VALUES ")
                    var principles = SQLQueryString("INSERT INTO example_principles (example_id, principle) VALUES ")
                    var firstSector = true, firstPrinciple = true
                    for e in part {
                        let id = idByExt[e.extID]!
                        for sector in e.sectors {
                            sectors = sectors + (firstSector ? "" : ", ") + "(\(bind: id), \(bind: sector.rawValue))"
                            firstSector = false
                        }
                        for principle in e.principles {
                            principles = principles + (firstPrinciple ? "" : ", ") + "(\(bind: id), \(bind: principle.rawValue))"
                            firstPrinciple = false
                        }
                    }
                    try await db.raw(sectors).run()
                    try await db.raw(principles).run()
                }
            }
            progress(end)
        }
    }
}
