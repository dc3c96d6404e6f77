import Foundation
import SQLKit
import TillitPlatform
import TillitSearch
import TillitStorage

/// A search in the knowledge bank.
public struct ExampleQuery: Sendable {
    public enum Sort: String, Sendable, CaseIterable { case relevance, date }
    public var text: String
    public var sector: Sector?
    public var principle: Principle?
    public var organisationKind: OrganisationKind?
    public var year: Int?
    public var sort: Sort
    public var page: PageRequest

    public init(text: String = "", sector: Sector? = nil, principle: Principle? = nil, organisationKind: OrganisationKind? = nil,
                year: Int? = nil, sort: Sort? = nil, page: PageRequest = .first) {
        self.text = text
        self.sector = sector
        self.principle = principle
        self.organisationKind = organisationKind
        self.year = year
        self.sort = sort ?? (text.isEmpty ? .date : .relevance)
        self.page = page
    }

    /// Reads the query from request parameters, naming every bad one.
    public static func parse(q: String?, sector: String?, principle: String?, orgKind: String?, year: String?, sort: String?, page: PageRequest) throws -> ExampleQuery {
        var v = Validator()
        let text = v.text("q", q, maxLength: 500, required: false) ?? ""
        func optional<T: RawRepresentable & CaseIterable>(_ field: String, _ raw: String?, _ type: T.Type) -> T? where T.RawValue == String {
            guard let raw, !raw.isEmpty else { return nil }
            return v.choice(field, raw, as: T.self)
        }
        let sector = optional("sector", sector, Sector.self)
        let principle = optional("principle", principle, Principle.self)
        let kind = optional("org_kind", orgKind, OrganisationKind.self)
        let sortValue = optional("sort", sort, Sort.self)
        var yearValue: Int?
        if let year, !year.isEmpty {
            if let number = Int(year), (1990...2100).contains(number) { yearValue = number } else { v.add("year", PlatformText.fieldOutOfRange(min: 1990, max: 2100)) }
        }
        // Bad query parameters are a bad request (400), as for paging.
        guard v.errors.isEmpty else { throw AppError(.badRequest, code: "invalid-query", message: PlatformText.validationFailed, fieldErrors: v.errors) }
        return ExampleQuery(text: text, sector: sector, principle: principle, organisationKind: kind, year: yearValue, sort: sortValue, page: page)
    }

    public var hasFilters: Bool { sector != nil || principle != nil || organisationKind != nil || year != nil }
}

/// A piece of a snippet: text, highlighted where it matched.
public struct SnippetPart: Sendable, Equatable {
    public let text: String
    public let match: Bool
}

/// One hit.
public struct ExampleHit: Sendable {
    public let example: Example
    public let snippet: [SnippetPart]
    public let score: Double
}

/// What a search gives back.
public struct ExampleResults: Sendable {
    public let page: Page<ExampleHit>
    public let facets: [String: [(value: String, count: Int)]]
    /// The query's terms, after analysis (empty when the text held only stop words or nothing).
    public let terms: [String]
    /// True when the text had words, but only ones too common to search for.
    public let onlyStopWords: Bool
    /// A broader query to try when nothing matched.
    public let broader: String?
}

extension Knowledge {
    /// Searches published examples: every query word must match (as a word or the start of one),
    /// ranked by BM25 with title and tags above the text, or newest first.
    public func search(_ query: ExampleQuery) async throws -> ExampleResults {
        let analyzer = SwedishAnalyzer.shared
        var seen = Set<String>()
        let terms = analyzer.tokens(query.text).filter { seen.insert($0).inserted }
        let onlyStopWords = terms.isEmpty && !query.text.trimmingCharacters(in: .whitespaces).isEmpty
        if onlyStopWords {
            return ExampleResults(page: Page(items: [], total: 0, request: query.page), facets: [:], terms: [], onlyStopWords: true, broader: nil)
        }
        let (rows, facets, broader) = try await database.read { db -> ([(Int64, Double)], [String: [(value: String, count: Int)]], String?) in
            var matched: SQLQueryString
            var frequencies: [Int] = []
            if terms.isEmpty {
                matched = "SELECT e.id AS example_id, 0.0 AS score FROM examples e WHERE e.status = 'published'"
            } else {
                let stats = try await db.raw("SELECT COUNT(*) AS n, COALESCE(AVG(search_length), 1.0) AS avgdl FROM examples WHERE search_length IS NOT NULL").first()!
                let documents = Double(try stats.decode(column: "n", as: Int.self))
                let averageLength = max(try stats.decode(column: "avgdl", as: Double.self), 1)
                var values: [SQLQueryString] = []
                for (index, term) in terms.enumerated() {
                    let df = try await SearchIndex.documentFrequency(db, prefix: term)
                    frequencies.append(df)
                    let idf = log(1 + (documents - Double(df) + 0.5) / (Double(df) + 0.5))
                    values.append("SELECT CAST(\(bind: index) AS INTEGER) AS qi, CAST(\(bind: term) AS TEXT) AS lo, CAST(\(bind: SearchIndex.upperBound(term)) AS TEXT) AS hi, CAST(\(bind: idf) AS DOUBLE PRECISION) AS idf")
                }
                let q = values.dropFirst().reduce(values[0]) { $0 + " UNION ALL " + $1 }
                let k1 = SearchIndex.k1, b = SearchIndex.b
                matched = """
                    SELECT t.example_id, SUM(q.idf * t.tf * \(unsafeRaw: String(k1 + 1)) / (t.tf + \(unsafeRaw: String(k1)) * (\(unsafeRaw: String(1 - b)) + \(unsafeRaw: String(b)) * t.dl / \(bind: averageLength)))) AS score
                    FROM (\(q)) q JOIN example_terms t ON t.term >= q.lo AND t.term < q.hi
                    GROUP BY t.example_id HAVING COUNT(DISTINCT q.qi) = \(bind: terms.count)
                    """
            }
            var filters: SQLQueryString = "e.status = 'published'"
            if let sector = query.sector { filters = filters + " AND EXISTS (SELECT 1 FROM example_sectors s WHERE s.example_id = e.id AND s.sector = \(bind: sector.rawValue))" }
            if let principle = query.principle { filters = filters + " AND EXISTS (SELECT 1 FROM example_principles p WHERE p.example_id = e.id AND p.principle = \(bind: principle.rawValue))" }
            if let kind = query.organisationKind { filters = filters + " AND o.kind = \(bind: kind.rawValue)" }
            if let year = query.year { filters = filters + " AND e.year_start <= \(bind: year) AND COALESCE(e.year_end, 9999) >= \(bind: year)" }
            let from: SQLQueryString = "FROM (\(matched)) m JOIN examples e ON e.id = m.example_id JOIN organisations o ON o.id = e.organisation_id"
            let order: SQLQueryString = query.sort == .date || terms.isEmpty
                ? "ORDER BY e.published_at DESC, e.id DESC" : "ORDER BY m.score DESC, e.published_at DESC, e.id DESC"
            let rows = try await db.raw("SELECT e.id, m.score, o.kind, e.year_start \(from) WHERE \(filters) \(order)").all()
            let ids = try rows.map { (try $0.int64("id"), try $0.decode(column: "score", as: Double.self)) }
            var facets: [String: [(value: String, count: Int)]] = [:]
            var kinds: [String: Int] = [:], years: [String: Int] = [:]
            for row in rows {
                kinds[try row.string("kind"), default: 0] += 1
                if let year = try row.optionalInt64("year_start") { years[String(year), default: 0] += 1 }
            }
            facets["org_kind"] = kinds.map { ($0.key, $0.value) }
            facets["year"] = years.map { ($0.key, $0.value) }
            facets["sector"] = try await db.raw("""
                SELECT x.sector AS v, COUNT(*) AS n \(from) JOIN example_sectors x ON x.example_id = e.id WHERE \(filters) GROUP BY x.sector
                """).all().map { (try $0.string("v"), try $0.decode(column: "n", as: Int.self)) }
            facets["principle"] = try await db.raw("""
                SELECT x.principle AS v, COUNT(*) AS n \(from) JOIN example_principles x ON x.example_id = e.id WHERE \(filters) GROUP BY x.principle
                """).all().map { (try $0.string("v"), try $0.decode(column: "n", as: Int.self)) }
            for key in facets.keys { facets[key]!.sort { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value } }
            var broader: String?
            if ids.isEmpty, terms.count > 1 {
                // Drop the word that matches the fewest examples.
                let counts = Array(zip(terms, frequencies))
                let rarest = counts.min { $0.1 < $1.1 }!.0
                broader = analyzer.terms(query.text).filter { $0.token != rarest }.map { String(query.text[$0.range]) }.joined(separator: " ")
            }
            return (ids, facets, broader)
        }
        let pageIDs = rows.dropFirst(query.page.offset).prefix(query.page.perPage)
        let examples = try await database.read { db -> [Int64: Example] in
            guard !pageIDs.isEmpty else { return [:] }
            var list: SQLQueryString = "WHERE e.id IN ("
            for (index, (id, _)) in pageIDs.enumerated() { list = list + (index == 0 ? "" : ", ") + "\(bind: id)" }
            return Dictionary(uniqueKeysWithValues: try await Self.loadMany(db, list + ")").map { ($0.id, $0) })
        }
        let hits = pageIDs.compactMap { id, score in
            examples[id].map { ExampleHit(example: $0, snippet: Self.snippet($0, terms: terms), score: score) }
        }
        return ExampleResults(page: Page(items: hits, total: rows.count, request: query.page), facets: facets, terms: terms,
                              onlyStopWords: false, broader: broader?.isEmpty == true ? nil : broader)
    }

    /// About thirty words of the example around the first match, matches marked; the summary's
    /// start when nothing matches (or there is no query).
    static func snippet(_ example: Example, terms: [String]) -> [SnippetPart] {
        let text = [example.summary, Markdown.plainText(example.body), example.results, example.lessons].joined(separator: " ")
        let found = SwedishAnalyzer.shared.terms(text)
        func matches(_ token: String) -> Bool { terms.contains { token.hasPrefix($0) } }
        guard let first = found.first(where: { matches($0.token) }), !terms.isEmpty else {
            let words = text.split(whereSeparator: \.isWhitespace)
            let start = words.prefix(30).joined(separator: " ")
            return [SnippetPart(text: start + (words.count > 30 ? " …" : ""), match: false)]
        }
        // A window of characters around the first match, cut at spaces.
        let startIndex = text.index(first.range.lowerBound, offsetBy: -min(120, text.distance(from: text.startIndex, to: first.range.lowerBound)))
        let endIndex = text.index(first.range.upperBound, offsetBy: min(220, text.distance(from: first.range.upperBound, to: text.endIndex)))
        var lower = startIndex
        if lower != text.startIndex, let space = text[lower..<first.range.lowerBound].firstIndex(where: \.isWhitespace) { lower = text.index(after: space) }
        var upper = endIndex
        if upper != text.endIndex, let space = text[first.range.upperBound..<upper].lastIndex(where: \.isWhitespace) { upper = space }
        var parts: [SnippetPart] = []
        var cursor = lower
        for term in found where term.range.lowerBound >= lower && term.range.upperBound <= upper && matches(term.token) {
            if cursor < term.range.lowerBound { parts.append(SnippetPart(text: String(text[cursor..<term.range.lowerBound]), match: false)) }
            parts.append(SnippetPart(text: String(text[term.range]), match: true))
            cursor = term.range.upperBound
        }
        if cursor < upper { parts.append(SnippetPart(text: String(text[cursor..<upper]), match: false)) }
        if lower != text.startIndex { parts.insert(SnippetPart(text: "… ", match: false), at: 0) }
        if upper != text.endIndex { parts.append(SnippetPart(text: " …", match: false)) }
        return parts
    }
}
