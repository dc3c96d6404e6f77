import Foundation
import Logging
import TillitLearn
import TillitPlatform
import TillitStorage

/// The judged evaluation set (`Benchmarks/SearchQuality`): imports its examples into a fresh
/// database with the application's own import, runs every judged query through `Knowledge.search`
/// and writes the ten best ext_ids of each, with the total, as JSON for `evaluate.py`.
struct QualityRun {
    struct Query: Decodable {
        let query: String
    }

    struct Queries: Decodable {
        let queries: [Query]
    }

    struct Ranking: Encodable {
        let query: String
        let ranking: [String]
        let total: Int
        let unknownWords: [String]
        let suggestions: [String]
    }

    let directory: URL
    let location: DatabaseLocation
    let out: String

    func run() async throws {
        let logger = {
            var logger = Logger(label: "tillit-search-quality")
            logger.logLevel = .warning
            return logger
        }()
        let examples = try Data(contentsOf: directory.appendingPathComponent("examples.jsonl"))
        let queries = try JSONDecoder().decode(Queries.self, from: Data(contentsOf: directory.appendingPathComponent("queries.json"))).queries
        let rankings: [Ranking] = try await withRunningDatabase(try await openDatabase(location, readers: 2, logger: logger)) { database in
            if case .postgres = location {
                // Only a database this run made before (or an empty one) is emptied.
                try await database.read { db in
                    let tables = try await db.raw("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'").all().map { try $0.string("name") }
                    guard tables.isEmpty || tables.contains("bench_quality") else {
                        throw BenchError("the database holds tables but none of this benchmark's: give an empty database (its data would be deleted)")
                    }
                    try await db.raw("DROP SCHEMA public CASCADE").run()
                    try await db.raw("CREATE SCHEMA public").run()
                }
            }
            try await Migrator(PlatformSchema.migrations + KnowledgeSchema.migrations, logger: logger).migrate(database)
            try await database.transaction { db in try await db.raw("CREATE TABLE bench_quality (made TEXT)").run() }
            let platform = Platform(database: database, clock: .fixed(Date(timeIntervalSince1970: 1_772_442_000)), passwords: PasswordHasher(cost: 4), logger: logger)
            let knowledge = Knowledge(platform: platform)
            _ = try await knowledge.importExamples(actor: .commandLine("quality"), jsonl: examples)
            var out: [Ranking] = []
            for q in queries {
                let results = try await knowledge.search(ExampleQuery(text: q.query, page: PageRequest(page: 1, perPage: 10)!))
                out.append(Ranking(query: q.query, ranking: results.page.items.map { $0.example.extID ?? "" }, total: results.page.total,
                                   unknownWords: results.unknownWords, suggestions: results.suggestions))
            }
            return out
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(rankings).write(to: URL(fileURLWithPath: out))
    }
}
