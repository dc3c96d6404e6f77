import Foundation
import SQLKit
import TillitPlatform
import TillitFormats
import TillitStorage

extension Knowledge {
    static func json<T: Encodable>(_ value: T) -> String {
        String(decoding: (try? SortedJSONEncoder(escapeSlashes: false).encode(value)) ?? Array("[]".utf8), as: UTF8.self)
    }

    static func insert(_ db: any SQLDatabase, _ c: Checked, status: ExampleStatus, createdBy: Int64?, sourceSignalID: Int64?, at now: Date) async throws -> Int64 {
        let row = try await db.raw("""
            INSERT INTO examples (ext_id, organisation_id, unit_name, status, title, summary, body, year_start, year_end, results, lessons,
                                  contact_name, contact_role, contact_email, links, tags, source_signal_id, created_by, created_at, updated_at,
                                  published_at, published_revision, revision)
            VALUES (\(bind: c.extID), \(bind: c.organisationID), \(bind: c.unitName), \(bind: status.rawValue), \(bind: c.title), \(bind: c.summary),
                    \(bind: c.body), \(bind: c.yearStart), \(bind: c.yearEnd), \(bind: c.results), \(bind: c.lessons), \(bind: c.contactName),
                    \(bind: c.contactRole), \(bind: c.contactEmail), \(bind: json(c.links)), \(bind: json(c.tags)), \(bind: sourceSignalID),
                    \(bind: createdBy), \(bind: now.epochSeconds), \(bind: now.epochSeconds),
                    \(bind: status == .published ? now.epochSeconds : nil), \(bind: status == .published ? 1 : nil), 1)
            RETURNING id
            """).first()!
        let id = try row.int64("id")
        try await writeLists(db, id: id, c)
        try await snapshot(db, id: id, revision: 1, by: createdBy, at: now)
        if status == .published { try await SearchIndex.index(db, id: id) }
        return id
    }

    static func write(_ db: any SQLDatabase, id: Int64, _ c: Checked, revision: Int, at now: Date) async throws {
        try await db.raw("""
            UPDATE examples SET ext_id = COALESCE(\(bind: c.extID), ext_id), organisation_id = \(bind: c.organisationID), unit_name = \(bind: c.unitName),
                title = \(bind: c.title), summary = \(bind: c.summary), body = \(bind: c.body), year_start = \(bind: c.yearStart),
                year_end = \(bind: c.yearEnd), results = \(bind: c.results), lessons = \(bind: c.lessons), contact_name = \(bind: c.contactName),
                contact_role = \(bind: c.contactRole), contact_email = \(bind: c.contactEmail), links = \(bind: json(c.links)),
                tags = \(bind: json(c.tags)), updated_at = \(bind: now.epochSeconds), revision = \(bind: revision)
            WHERE id = \(bind: id)
            """).run()
        try await writeLists(db, id: id, c)
    }

    private static func writeLists(_ db: any SQLDatabase, id: Int64, _ c: Checked) async throws {
        try await db.raw("DELETE FROM example_sectors WHERE example_id = \(bind: id)").run()
        try await db.raw("DELETE FROM example_principles WHERE example_id = \(bind: id)").run()
        for sector in c.sectors {
            try await db.raw("INSERT INTO example_sectors (example_id, sector) VALUES (\(bind: id), \(bind: sector.rawValue))").run()
        }
        for principle in c.principles {
            try await db.raw("INSERT INTO example_principles (example_id, principle) VALUES (\(bind: id), \(bind: principle.rawValue))").run()
        }
    }

    /// Keeps the example as it now is as revision `revision`.
    static func snapshot(_ db: any SQLDatabase, id: Int64, revision: Int, by userID: Int64?, at now: Date) async throws {
        let e = try await load(db, id: id)!
        let fields: [String: String] = [
            "title": e.title, "summary": e.summary, "body": e.body, "unit_name": e.unitName, "organisation": e.organisationName,
            "sectors": e.sectors.map(\.rawValue).joined(separator: ", "), "principles": e.principles.map(\.rawValue).joined(separator: ", "),
            "period": [e.yearStart, e.yearEnd].map { $0.map(String.init) ?? "" }.joined(separator: "–"),
            "results": e.results, "lessons": e.lessons, "contact": [e.contactName, e.contactRole, e.contactEmail].filter { !$0.isEmpty }.joined(separator: ", "),
            "links": e.links.map { "\($0.title) <\($0.url)>" }.joined(separator: "\n"), "tags": e.tags.joined(separator: ", "),
        ]
        try await db.raw("""
            INSERT INTO example_revisions (example_id, revision, snapshot, created_at, created_by)
            VALUES (\(bind: id), \(bind: revision), \(bind: json(fields)), \(bind: now.epochSeconds), \(bind: userID))
            """).run()
    }

    static let columns = """
        e.id, e.ext_id, e.organisation_id, e.unit_name, e.status, e.title, e.summary,
        e.body, e.year_start, e.year_end, e.results, e.lessons, e.contact_name, e.contact_role, e.contact_email, e.links, e.tags,
        e.editor_comment, e.withdrawn_reason, e.source_signal_id, e.created_by, e.created_at, e.updated_at, e.published_at, e.revision,
        (SELECT STRING_AGG(s.sector, ' ') FROM example_sectors s WHERE s.example_id = e.id) AS sectors,
        (SELECT STRING_AGG(p.principle, ' ') FROM example_principles p WHERE p.example_id = e.id) AS principles
        """

    static func load(_ db: any SQLDatabase, id: Int64) async throws -> Example? {
        try await loadMany(db, "WHERE e.id = \(bind: id)").first
    }

    static func loadMany(_ db: any SQLDatabase, _ filter: SQLQueryString) async throws -> [Example] {
        let rows = try await db.raw("SELECT \(unsafeRaw: columns) FROM examples e \(filter)").all()
        let organisations = try await Directory.organisations(db, ids: Set(try rows.map { try $0.int64("organisation_id") }))
        return try rows.map { try example(row: $0, organisation: organisations[try $0.int64("organisation_id")]) }
    }

    private static let decoder = JSONDecoder()
    /// Decoded JSON arrays by their text: a page of the bank decodes the same examples' tags and
    /// links for every reader, and the decoder costs more than the rest of reading the row.
    private static let decodedTags = KeptValues<ExactText, [String]>(capacity: 20_000)
    private static let decodedLinks = KeptValues<ExactText, [ExampleLink]>(capacity: 20_000)

    /// A JSON array column; an empty one (most of them) without the decoder, and a broken one as empty.
    private static func jsonArray<T: Decodable & Sendable>(_ text: String, kept: KeptValues<ExactText, [T]>) -> [T] {
        if text.utf8.count <= 2 { return [] }
        return kept.value(ExactText(text)) { (try? decoder.decode([T].self, from: Data(text.utf8))) ?? [] }
    }

    static func example(row: any SQLRow, organisation: Organisation?) throws -> Example {
        // In the vocabulary's own order, each once.
        func list<T: RawRepresentable & CaseIterable>(_ column: String, _ type: T.Type) throws -> [T] where T.RawValue == String {
            let stored = Set((try row.optionalString(column) ?? "").split(separator: " "))
            return stored.isEmpty ? [] : T.allCases.filter { stored.contains(Substring($0.rawValue)) }
        }
        let links = jsonArray(try row.string("links"), kept: decodedLinks)
        let tags = jsonArray(try row.string("tags"), kept: decodedTags)
        return Example(
            id: try row.int64("id"), extID: try row.optionalString("ext_id"), organisationID: try row.int64("organisation_id"),
            organisationName: organisation?.name ?? "",
            organisationKind: organisation?.kind ?? .annan,
            unitName: try row.string("unit_name"), status: ExampleStatus(rawValue: try row.string("status")) ?? .draft,
            title: try row.string("title"), summary: try row.string("summary"), body: try row.string("body"),
            sectors: try list("sectors", Sector.self),
            principles: try list("principles", Principle.self),
            yearStart: try row.optionalInt64("year_start").map(Int.init), yearEnd: try row.optionalInt64("year_end").map(Int.init),
            results: try row.string("results"), lessons: try row.string("lessons"), contactName: try row.string("contact_name"),
            contactRole: try row.string("contact_role"), contactEmail: try row.string("contact_email"), links: links, tags: tags,
            editorComment: try row.optionalString("editor_comment"), withdrawnReason: try row.optionalString("withdrawn_reason"),
            sourceSignalID: try row.optionalInt64("source_signal_id"), createdBy: try row.optionalInt64("created_by"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"), publishedAt: try row.optionalDate("published_at"),
            revision: Int(try row.int64("revision")))
    }
}
