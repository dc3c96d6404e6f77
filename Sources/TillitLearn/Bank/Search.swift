import Foundation
import SQLKit
import Synchronization
import TillitFormats
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
    /// One organisation, by id.
    public var organisation: Int64?
    public var year: Int?
    public var sort: Sort
    public var page: PageRequest

    public init(text: String = "", sector: Sector? = nil, principle: Principle? = nil, organisationKind: OrganisationKind? = nil,
                organisation: Int64? = nil, year: Int? = nil, sort: Sort? = nil, page: PageRequest = .first) {
        self.text = text
        self.sector = sector
        self.principle = principle
        self.organisationKind = organisationKind
        self.organisation = organisation
        self.year = year
        self.sort = sort ?? (text.isEmpty ? .date : .relevance)
        self.page = page
    }

    /// Reads the query from request parameters, naming every bad one.
    public static func parse(q: String?, sector: String?, principle: String?, orgKind: String?, org: String? = nil, year: String?, sort: String?,
                             page: PageRequest) throws -> ExampleQuery {
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
        var organisation: Int64?
        if let org, !org.isEmpty {
            if let id = RequestNumber.id(org) { organisation = id } else { v.add("org", PlatformText.fieldNotANumber) }
        }
        var yearValue: Int?
        if let year, !year.isEmpty {
            if let number = RequestNumber.int(year, in: 1990...2100) { yearValue = number } else { v.add("year", PlatformText.fieldOutOfRange(min: 1990, max: 2100)) }
        }
        // Bad query parameters are a bad request (400), as for paging.
        guard v.errors.isEmpty else { throw AppError(.badRequest, code: "invalid-query", message: PlatformText.validationFailed, fieldErrors: v.errors) }
        return ExampleQuery(text: text, sector: sector, principle: principle, organisationKind: kind, organisation: organisation, year: yearValue,
                            sort: sortValue, page: page)
    }

    public var hasFilters: Bool { sector != nil || principle != nil || organisationKind != nil || organisation != nil || year != nil }
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
    /// Counts over all matches, by facet ("sector", "principle", "org_kind", "organisation" by id,
    /// "year"), most common first.
    public let facets: [String: [(value: String, count: Int)]]
    /// The names of the organisations in the "organisation" facet, by id.
    public let organisationNames: [String: String]
    /// The query's terms, after analysis (empty when the text held only stop words or nothing).
    public let terms: [String]
    /// True when the text had words, but only ones too common to search for.
    public let onlyStopWords: Bool
    /// A broader query to try when nothing matched.
    public let broader: String?
    /// The query's words, as written, that nothing in the bank has.
    public var unknownWords: [String] = []
    /// Queries to try instead, with each unknown word replaced by a word of the bank spelt nearly
    /// the same ("menade du …").
    public var suggestions: [String] = []
}

/// How a query's words reach the index: for each word (a *concept*), the terms of the word itself
/// and, when it is a compound, the terms of its parts. Worked out against the index's vocabulary.
struct QueryPlan: Sendable {
    /// A set of indexed terms scored together as one: per example, the sum of each term's BM25
    /// weight times its factor; its idf counts the examples that have any of the terms.
    struct Group: Sendable {
        var terms: [(term: String, factor: Double)]
    }

    /// One query word: the group of the word and its inflections and compounds, and (for a
    /// compound) the groups of its parts, which count only together and below the whole word.
    struct Concept: Sendable {
        var token: String
        var whole: Int?
        var parts: [Int]
    }

    /// A compound that a word begins or ends counts at this share of the word itself.
    static let compoundFactor = 0.5
    /// A compound word found as its parts counts at this share of the parts' mean weight.
    static let partsWeight = 0.7
    /// An example is found when the query words it has carry at least 1/`foundShare` of the sum
    /// of the words' idf: a word that is rare in the bank is enough on its own, a common one is
    /// not when the query has rarer ones, and an example with most of the words always is.
    static let foundShare = 3.0

    var groups: [Group] = []
    var concepts: [Concept] = []
    /// Tokens of the query that reach nothing in the index.
    var unknown: [String] = []
    /// Every term of every group, byte-wise, each once.
    var terms: [String] = []

    init(tokens: [String], vocabulary: SearchVocabulary) {
        func group(_ word: String) -> Int? {
            let found = vocabulary.expansions(of: word)
            guard !found.isEmpty else { return nil }
            groups.append(Group(terms: found.map { ($0.term, $0.match == .same ? 1 : Self.compoundFactor) }))
            return groups.count - 1
        }
        for token in tokens {
            let whole = group(token)
            var parts: [Int] = []
            if let split = vocabulary.decompose(token) {
                let found = split.compactMap(group)
                if found.count == split.count { parts = found } else { groups.removeLast(found.count) }
            }
            if whole == nil, parts.isEmpty { unknown.append(token) } else { concepts.append(Concept(token: token, whole: whole, parts: parts)) }
        }
        terms = Set(groups.flatMap { $0.terms.map(\.term) }).sorted(by: SearchVocabulary.precedes)
    }

    /// The terms a concept reaches, all groups together.
    func terms(of concept: Concept) -> Set<String> {
        Set(([concept.whole].compactMap { $0 } + concept.parts).flatMap { groups[$0].terms.map(\.term) })
    }
}

extension Knowledge {
    /// Searches published examples, ranked by BM25 (title and tags above the text) over the
    /// query's words, their inflections and compounds, with compounds in the query also found as
    /// their parts; examples that match more of the words rank higher, and an example is found
    /// when it matches words that carry at least a third of the query's weight (idf). Among the best,
    /// the query's words in the title and as a phrase count more. Or newest first.
    public func search(_ query: ExampleQuery) async throws -> ExampleResults {
        let analyzer = SwedishAnalyzer.shared
        var seen = Set<String>()
        // At most `maxTerms` words count: each word reads its terms' postings, so a query of a
        // hundred words would otherwise read most of the index.
        let tokens = Array(analyzer.queryTokens(query.text).filter { seen.insert($0).inserted }.prefix(Self.maxTerms))
        let onlyStopWords = tokens.isEmpty && !query.text.trimmingCharacters(in: .whitespaces).isEmpty
        if onlyStopWords {
            return ExampleResults(page: Page(items: [], total: 0, request: query.page), facets: [:], organisationNames: [:], terms: [],
                                  onlyStopWords: true, broader: nil)
        }
        let evaluations = platform.caches.cache(EvaluationCache.self) { EvaluationCache() }
        let (found, plan, organisations, examples, suggestions) = try await database.read { db in
            let (index, vocabulary, organisations) = try await SearchIndex.readState(db)
            let plan = QueryPlan(tokens: tokens, vocabulary: vocabulary)
            let ofKind = query.organisationKind.map { kind in Set(organisations.filter { $0.value.kind == kind.rawValue }.keys) }
            let evaluate = tokens.isEmpty || !plan.concepts.isEmpty
            // The same question of the same index has the same answer: kept by the index's block
            // versions (random, new with every write), so a kept one is never out of date.
            let key = EvaluationCache.Key(index: index.versions, tokens: tokens, query: query, organisationsOfKind: ofKind)
            var found: Evaluation
            if !evaluate {
                found = Evaluation()
            } else if let kept = evaluations.get(key) {
                found = kept
            } else {
                let postings = try await SearchIndex.readPostings(db, terms: plan.terms)
                found = Evaluation(index, plan: plan, postings: postings, query: query, organisationsOfKind: ofKind)
                evaluations.put(key, found)
            }
            // The best are looked at again: the query's words in the title, and as a phrase.
            let rerank = !plan.concepts.isEmpty && query.sort == .relevance && query.page.offset < Self.rerankDepth
            // The page, and the best when they are looked at again (a page may reach past them).
            var wanted = Set(found.ranked.dropFirst(query.page.offset).prefix(query.page.perPage).map(\.id))
            if rerank { wanted.formUnion(found.ranked.prefix(Self.rerankDepth).map(\.id)) }
            let loaded = wanted.isEmpty ? [] : try await Self.loadMany(db, "WHERE e.id IN \(SQLQueryString.list(wanted.sorted()))")
            // Only examples still published: one withdrawn since the index was read is left out.
            let examples = Dictionary(uniqueKeysWithValues: loaded.filter { $0.status == .published }.map { ($0.id, $0) })
            if rerank {
                let top = Self.rerank(Array(found.ranked.prefix(Self.rerankDepth)), examples: examples, plan: plan)
                found.ranked = top + found.ranked.dropFirst(Self.rerankDepth)
            }
            found.ranked = Array(found.ranked.dropFirst(query.page.offset).prefix(query.page.perPage))
            let suggestions = plan.unknown.isEmpty ? [] : try await Self.suggestions(db, for: plan.unknown, text: query.text, vocabulary: vocabulary)
            return (found, plan, organisations, examples, suggestions)
        }
        func sorted(_ counts: [(String, Int)]) -> [(value: String, count: Int)] {
            counts.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map { (value: $0.0, count: $0.1) }
        }
        var facets: [String: [(value: String, count: Int)]] = [:]
        facets["sector"] = sorted(Sector.allCases.compactMap { sector in found.sectors[sector].map { (sector.rawValue, $0) } })
        facets["principle"] = sorted(Principle.allCases.compactMap { principle in found.principles[principle].map { (principle.rawValue, $0) } })
        // Years in year order, the latest first: a reader looks for a year, not for the busiest one.
        facets["year"] = found.years.sorted { $0.key > $1.key }.map { (value: String($0.key), count: $0.value) }
        var kinds: [String: Int] = [:]
        for (id, count) in found.organisations { kinds[organisations[id]?.kind ?? OrganisationKind.annan.rawValue, default: 0] += count }
        facets["org_kind"] = sorted(kinds.map { ($0.key, $0.value) })
        // Most examples first; among equals, by name.
        let keys = Dictionary(uniqueKeysWithValues: found.organisations.keys.map { ($0, SwedishCollation.key(organisations[$0]?.name ?? "")) })
        facets["organisation"] = found.organisations.sorted { a, c in
            if a.value != c.value { return a.value > c.value }
            return keys[a.key]!.lexicographicallyPrecedes(keys[c.key]!) || (keys[a.key]! == keys[c.key]! && a.key < c.key)
        }.map { (value: String($0.key), count: $0.value) }
        var broader: String?
        if found.total == 0, plan.concepts.count > 1 {
            // Drop the word that matches the fewest examples.
            let rarest = zip(plan.concepts, found.frequencies).min { $0.1 < $1.1 }!.0.token
            broader = analyzer.terms(query.text).filter { $0.token != rarest }.map { String(query.text[$0.range]) }.joined(separator: " ")
        }
        let own = Set(plan.concepts.compactMap { $0.whole }.flatMap { plan.groups[$0].terms.filter { $0.factor == 1 }.map(\.term) })
        let marked = Set(plan.terms)
        let hits = found.ranked.compactMap { hit in
            examples[hit.id].map { ExampleHit(example: $0, snippet: Self.snippet($0, marking: marked, own: own), score: hit.score) }
        }
        var results = ExampleResults(page: Page(items: hits, total: found.total, request: query.page), facets: facets,
                                     organisationNames: Dictionary(uniqueKeysWithValues: found.organisations.keys.map { (String($0), organisations[$0]?.name ?? "") }),
                                     terms: tokens, onlyStopWords: false, broader: broader?.isEmpty == true ? nil : broader)
        let unknown = Set(plan.unknown)
        results.unknownWords = analyzer.terms(query.text).filter { unknown.contains($0.token) }.map { String(query.text[$0.range]) }
        results.suggestions = suggestions
        return results
    }

    /// Only what a search reads of the index for `text`: the index's state and vocabulary and the
    /// postings of the terms its words reach, nothing worked out. The number of postings bytes
    /// read. (For measuring the reading apart from the rest.)
    public func readIndex(for text: String) async throws -> Int {
        var seen = Set<String>()
        let tokens = Array(SwedishAnalyzer.shared.queryTokens(text).filter { seen.insert($0).inserted }.prefix(Self.maxTerms))
        return try await database.read { db in
            let (_, vocabulary, _) = try await SearchIndex.readState(db)
            let plan = QueryPlan(tokens: tokens, vocabulary: vocabulary)
            return try await SearchIndex.readPostings(db, terms: plan.terms).reduce(0) { $0 + $1.postings.count }
        }
    }

    /// The most words of a query that count; the rest are left out.
    static let maxTerms = 12
    /// How many of the best examples are looked at again for the title and phrases.
    static let rerankDepth = 30
    /// What the query's words in the title add, all of them (a share for some): a fifth of the score.
    static let titleBonus = 0.2
    /// What the query's words next to each other add, all pairs of them: a fifth of the score.
    static let phraseBonus = 0.2

    /// The best examples in a new order: each score raised by the share of the query's words in
    /// the example's title and the share of neighbouring words of the query (and parts of a
    /// compound word, either way round) that stand next to each other in its text.
    static func rerank(_ ranked: [(id: Int64, score: Double)], examples: [Int64: Example], plan: QueryPlan) -> [(id: Int64, score: Double)] {
        let analyzer = SwedishAnalyzer.shared
        let conceptTerms = plan.concepts.map(plan.terms(of:))
        let wholeTerms = plan.concepts.map { c in Set(c.whole.map { plan.groups[$0].terms.map(\.term) } ?? []) }
        let partTerms = plan.concepts.map { c in c.parts.map { Set(plan.groups[$0].terms.map(\.term)) } }
        let pairs = (plan.concepts.count - 1) + plan.concepts.filter { !$0.parts.isEmpty }.count
        let scored = ranked.map { hit -> (id: Int64, score: Double) in
            guard let e = examples[hit.id] else { return hit }
            let title = Set(analyzer.tokens(e.title))
            var inTitle = 0
            for (c, concept) in plan.concepts.enumerated() {
                let whole = !title.isDisjoint(with: wholeTerms[c])
                let parts = !concept.parts.isEmpty && partTerms[c].allSatisfy { !title.isDisjoint(with: $0) }
                if whole || parts { inTitle += 1 }
            }
            var together = 0
            if pairs > 0 {
                let tokens = analyzer.tokens([e.title, e.summary, e.body, e.results, e.lessons].joined(separator: "\n"))
                for c in plan.concepts.indices.dropLast() {
                    if zip(tokens, tokens.dropFirst()).contains(where: { conceptTerms[c].contains($0) && conceptTerms[c + 1].contains($1) }) { together += 1 }
                }
                for c in plan.concepts.indices where partTerms[c].count == 2 {
                    let (a, b) = (partTerms[c][0], partTerms[c][1])
                    if zip(tokens, tokens.dropFirst()).contains(where: { (a.contains($0) && b.contains($1)) || (b.contains($0) && a.contains($1)) }) { together += 1 }
                }
            }
            let share = Double(inTitle) / Double(plan.concepts.count)
            let phrase = pairs > 0 ? Double(together) / Double(pairs) : 0
            return (hit.id, hit.score * (1 + titleBonus * share + phraseBonus * phrase))
        }
        let date = Dictionary(uniqueKeysWithValues: examples.map { ($0.key, $0.value.publishedAt?.epochSeconds ?? 0) })
        return scored.sorted { a, c in
            if a.score != c.score { return a.score > c.score }
            let da = date[a.id] ?? 0, dc = date[c.id] ?? 0
            return da != dc ? da > dc : a.id > c.id
        }
    }

    /// Queries to try for `unknown` tokens: the query with each unknown word replaced by a word of
    /// the index spelt nearly the same, written as the bank writes it.
    static func suggestions(_ db: any SQLDatabase, for unknown: [String], text: String, vocabulary: SearchVocabulary) async throws -> [String] {
        let analyzer = SwedishAnalyzer.shared
        var candidates: [String: [String]] = [:]
        for token in unknown {
            var words: [String] = []
            for term in vocabulary.suggestions(for: token) {
                if let word = try await surfaceWord(db, term: term), !words.contains(word) { words.append(word) }
            }
            if !words.isEmpty { candidates[token] = words }
        }
        guard let first = unknown.first(where: { candidates[$0] != nil }) else { return [] }
        let terms = analyzer.terms(text)
        return candidates[first]!.map { choice in
            var out = "", cursor = text.startIndex
            for term in terms {
                guard let words = candidates[term.token] else { continue }
                out += text[cursor..<term.range.lowerBound]
                out += term.token == first ? choice : words[0]
                cursor = term.range.upperBound
            }
            out += text[cursor...]
            return out.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// The word as written in the bank (lower-case) that gives `term`: from the first example
    /// that has it.
    static func surfaceWord(_ db: any SQLDatabase, term: String) async throws -> String? {
        guard let row = try await db.raw("SELECT block, postings FROM search_postings WHERE term = \(bind: term) ORDER BY block LIMIT 1").first() else { return nil }
        let block = try row.int64("block")
        guard let first = SearchIndex.decodePostings(try row.decode(column: "postings", as: Data.self)).first else { return nil }
        let id = block << SearchIndex.postingShift | Int64(first.offset)
        guard let e = try await loadMany(db, "WHERE e.id = \(bind: id)").first else { return nil }
        for text in [e.title, e.tags.joined(separator: " "), e.organisationName, e.summary, e.body, e.results, e.lessons, e.unitName] {
            if let found = SwedishAnalyzer.shared.terms(text).first(where: { $0.token == term }) { return text[found.range].lowercased() }
        }
        return nil
    }

    /// About thirty words of the example around the first match, matches marked; the summary's
    /// start when nothing matches (or there is no query).
    ///
    /// The text is the summary, the body as plain text, the results and the lessons. The body is
    /// converted from Markdown a block at a time, and only as far as the snippet needs: converting
    /// and analysing whole examples for a page of hits would cost more than the search.
    ///
    /// Marked are the words whose token is in `marking`; of those, the query's own words (`own`:
    /// the word itself and its inflections) are preferred to the compounds they are part of.
    /// `Character.isWhitespace`, answered without Unicode's tables for ASCII (tab, line breaks,
    /// space; a CR LF pair is one character whose ASCII value is the line feed), which is most of
    /// any text: asking the tables for every character was a fifth of a page of hits.
    static func isWhitespace(_ character: Character) -> Bool {
        if let ascii = character.asciiValue { return ascii == 0x20 || (0x09...0x0D).contains(ascii) }
        return character.isWhitespace
    }

    static func snippet(_ example: Example, marking: Set<String>, own: Set<String>) -> [SnippetPart] {
        guard marking.isEmpty else { return snippetCounting(example, marking: marking, own: own).parts }
        // Without a query an example's snippet is its first words: the same until its text
        // changes, so made once (the bank's pages show the same examples to every reader).
        let key = LeadSnippets.Key(example)
        if let kept = LeadSnippets.shared.value(key) { return kept }
        let parts = snippetCounting(example, marking: marking, own: own).parts
        LeadSnippets.shared.keep(parts, for: key)
        return parts
    }

    /// The snippet, and how many bytes of text were gathered for it: each byte once, however many
    /// blocks the body has (the text grows block by block, and its bytes with it).
    static func snippetCounting(_ example: Example, marking: Set<String>, own: Set<String>) -> (parts: [SnippetPart], bytesGathered: Int) {
        let analyzer = SwedishAnalyzer.shared
        func matches(_ token: String) -> Bool { marking.contains(token) }
        var blocks = bodyBlocks(example.body)[...]
        var text = "", bytes: [UInt8] = [], gathered = 0, bodyStarted = false, complete = false
        func append(_ piece: String) {
            text += piece
            bytes.append(contentsOf: piece.utf8)
            gathered += piece.utf8.count
        }
        append(example.summary + " ")
        func extend() {
            while let block = blocks.popFirst() {
                let plain = plainText(block: block)
                if plain.isEmpty { continue }
                append((bodyStarted ? " " : "") + plain)
                bodyStarted = true
                return
            }
            append(" " + example.results + " " + example.lessons)
            complete = true
        }
        func index(_ offset: Int) -> String.Index { text.utf8.index(text.startIndex, offsetBy: offset) }
        // The matching words (as UTF-8 offsets) of the text analysed so far, up to `searched`. The
        // text is analysed as it grows, a few hundred bytes at a time, cut before an ASCII space or
        // line break: a word never spans whitespace, so the pieces give the same words as the whole.
        var marks: [Range<Int>] = []
        // The marks that are the query's own words (the same stem), not only words it is a prefix of.
        var exact = Set<Int>()
        var searched = 0
        func analyse(upTo limit: Int) {
            let piece = String(text.unicodeScalars[index(searched)..<index(limit)])
            for term in analyzer.terms(piece) where matches(term.token) {
                let lower = searched + piece.utf8.distance(from: piece.startIndex, to: term.range.lowerBound)
                if own.contains(term.token) { exact.insert(marks.count) }
                marks.append(lower..<(lower + piece.utf8.distance(from: term.range.lowerBound, to: term.range.upperBound)))
            }
            searched = limit
        }
        while true {
            while marks.isEmpty, !marking.isEmpty, searched < bytes.count {
                var end = min(searched + 400, bytes.count)
                while end < bytes.count, ![UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(bytes[end]) { end += 1 }
                analyse(upTo: end)
            }
            if complete { break }
            if let found = marks.first {
                // Enough text after the match for the window.
                if text.index(index(found.upperBound), offsetBy: 221, limitedBy: text.endIndex) != nil { break }
            } else if marking.isEmpty, text.split(maxSplits: 31, whereSeparator: Self.isWhitespace).count > 31 {
                break
            }
            extend()
        }
        guard let found = marks.first else {
            // The first thirty words, and whether there are more.
            let words = text.split(maxSplits: 30, whereSeparator: Self.isWhitespace)
            let more = words.count > 30 && words[30].contains { !Self.isWhitespace($0) }
            return ([SnippetPart(text: words.prefix(30).joined(separator: " ") + (more ? " …" : ""), match: false)], gathered)
        }
        let first = index(found.lowerBound)..<index(found.upperBound)
        // A window of characters around the first match, cut at spaces.
        let startIndex = text.index(first.lowerBound, offsetBy: -120, limitedBy: text.startIndex) ?? text.startIndex
        let endIndex = text.index(first.upperBound, offsetBy: 220, limitedBy: text.endIndex) ?? text.endIndex
        var lower = startIndex
        if lower != text.startIndex, let space = text[lower..<first.lowerBound].firstIndex(where: Self.isWhitespace) { lower = text.index(after: space) }
        var upper = endIndex
        if upper != text.endIndex, let space = text[first.upperBound..<upper].lastIndex(where: Self.isWhitespace) { upper = space }
        // The window ends at whitespace (or the end), so the rest of it analyses on its own.
        let limit = text.utf8.distance(from: text.startIndex, to: upper)
        if searched < limit { analyse(upTo: limit) }
        var parts: [SnippetPart] = []
        var cursor = lower
        // Marked are the query's own words; words it is only the start of ("tillit" in "Tillitsby")
        // are marked only when the window holds none of its own.
        let inWindow = marks.indices.filter { marks[$0].upperBound <= limit }
        let ownWords = inWindow.filter(exact.contains)
        for position in ownWords.isEmpty ? inWindow : ownWords {
            let mark = marks[position]
            let range = index(mark.lowerBound)..<index(mark.upperBound)
            if cursor < range.lowerBound { parts.append(SnippetPart(text: String(text[cursor..<range.lowerBound]), match: false)) }
            parts.append(SnippetPart(text: String(text[range]), match: true))
            cursor = range.upperBound
        }
        if cursor < upper { parts.append(SnippetPart(text: String(text[cursor..<upper]), match: false)) }
        if lower != text.startIndex { parts.insert(SnippetPart(text: "… ", match: false), at: 0) }
        if upper != text.endIndex { parts.append(SnippetPart(text: " …", match: false)) }
        return (parts, gathered)
    }

}

extension Knowledge {
    /// A body's Markdown in blocks separated by blank lines (outside fenced code), each of which
    /// converts to the same plain text on its own as within the whole.
    static func bodyBlocks(_ body: String) -> [Substring] {
        let bytes = Array(body.utf8)
        var blocks: [Substring] = []
        var start = 0, lineStart = 0, fence: UInt8?
        func add(_ end: Int) {
            if start < end {
                blocks.append(body[body.utf8.index(body.startIndex, offsetBy: start)..<body.utf8.index(body.startIndex, offsetBy: end)])
            }
        }
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var first = lineStart
            while first < lineEnd, bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t") { first += 1 }
            let marker = first < lineEnd ? bytes[first] : 0
            if marker == UInt8(ascii: "`") || marker == UInt8(ascii: "~"), lineEnd - first >= 3, bytes[first + 1] == marker, bytes[first + 2] == marker {
                fence = fence == nil ? marker : (fence == marker ? nil : fence)
            } else if fence == nil, bytes[first..<lineEnd].allSatisfy({ $0 == UInt8(ascii: "\r") }) {
                add(lineStart)
                start = lineEnd + 1
            }
            lineStart = lineEnd + 1
        }
        add(bytes.count)
        return blocks
    }

    /// The plain text of one block of Markdown, as ``Markdown/plainText(_:)`` gives it. A block
    /// without any character that Markdown gives a meaning, or a bullet list whose items are such
    /// lines, is its own text with whitespace collapsed, which is much cheaper to make.
    static func plainText(block: Substring) -> String {
        let lines = block.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.allSatisfy(isPlain) { return Markdown.collapsingWhitespace(block.unicodeScalars) }
        if let marker = lines.first?.first, marker == UInt8(ascii: "-") || marker == UInt8(ascii: "*") || marker == UInt8(ascii: "+"),
           lines.allSatisfy({ $0.count > 2 && $0.first == marker && $0.dropFirst().first == UInt8(ascii: " ") && isPlain($0.dropFirst(2)) }) {
            let items = lines.map { String(decoding: $0.dropFirst(2), as: UTF8.self) }.joined(separator: " ")
            return Markdown.collapsingWhitespace(items.unicodeScalars)
        }
        return Markdown.plainText(String(block))
    }

    /// Whether a line of Markdown means nothing but its text: it has no character Markdown gives a
    /// meaning, and does not start the way a list item does.
    private static func isPlain(_ line: Substring.UTF8View.SubSequence) -> Bool {
        let text = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        if let first = text.first {
            if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { return false }
            let digits = text.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            if !digits.isEmpty, let after = text.dropFirst(digits.count).first, after == UInt8(ascii: ".") || after == UInt8(ascii: ")") { return false }
        }
        for byte in line {
            switch byte {
            case UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "~"),
                 UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: "\\"), UInt8(ascii: "!"), UInt8(ascii: "|"):
                return false
            case UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                continue
            case 0..<0x20, 0x7F:
                return false
            default:
                continue
            }
        }
        return true
    }
}

/// A search worked out over the index: which examples match, in what order, and the counts.
struct Evaluation: Sendable {
    /// The best examples, best first: as many as the requested page needs, and at least
    /// ``Knowledge/rerankDepth``.
    var ranked: [(id: Int64, score: Double)] = []
    var total = 0
    /// How many examples each concept of the query matches, filters aside.
    var frequencies: [Int] = []
    var sectors: [Sector: Int] = [:]
    var principles: [Principle: Int] = [:]
    var years: [Int: Int] = [:]
    var organisations: [Int64: Int] = [:]

    /// Nothing found.
    init() {}

    /// The idf of a term or a group found in `df` of `n` examples.
    static func idf(_ df: Int, of n: Double) -> Double { log(1 + (n - Double(df) + 0.5) / (Double(df) + 0.5)) }

    /// Scores the examples that match the plan, keeps those that pass the query's filters, counts
    /// their facets and picks the best.
    ///
    /// Per group (see ``QueryPlan/Group``), BM25: idf(group) × Σ over its terms of
    /// factor · tf·(k1 + 1) / (tf + k1·(1 − b + b·dl/avgdl)), summed over the terms byte-wise,
    /// where the idf counts the examples that have any of the group's terms. A concept (a query
    /// word) scores its whole word's group, or, when higher, ``QueryPlan/partsWeight`` times the
    /// mean of its parts' groups (only when every part is there). An example is found when the
    /// concepts it matches carry at least 1/``QueryPlan/foundShare`` of the sum of the concepts' idf (each concept's
    /// idf counting the examples that match it); its score is the sum of its concepts' scores in
    /// query order, times the share of the concepts it matches. Ties go to the newest example,
    /// then the highest id.
    ///
    /// First every posting block's postings are decoded and the matching examples marked, one bit
    /// each, so that the idfs are known; then the work goes block by block of examples, so the
    /// arrays it adds up in are a block long and stay in the processor's cache.
    init(_ index: IndexSnapshot, plan: QueryPlan, postings: [(term: Int, block: Int64, postings: Data)], query: ExampleQuery,
         organisationsOfKind: Set<Int64>?) {
        let blockSize = 1 << SearchIndex.blockShift
        let documents = Double(index.documents)
        let averageLength = max(index.documents > 0 ? index.totalLength / documents : 1, 1)
        let k1 = SearchIndex.k1, b = SearchIndex.b
        let sectorBit = query.sector.map(SearchIndex.bit), principleBit = query.principle.map(SearchIndex.bit)
        let concepts = plan.concepts, groupCount = plan.groups.count, conceptCount = concepts.count
        let words = conceptCount > 0
        // For each term, the groups it belongs to and its factor in each.
        var memberships = [[(group: Int, factor: Double)]](repeating: [], count: plan.terms.count)
        let termIndex = Dictionary(uniqueKeysWithValues: plan.terms.enumerated().map { ($0.element, $0.offset) })
        for (g, group) in plan.groups.enumerated() {
            for (term, factor) in group.terms { memberships[termIndex[term]!].append((g, factor)) }
        }

        // Pass 1: per posting block, the decoded postings of each term, and per group and concept
        // the examples it matches.
        let bitWords = 1 << (SearchIndex.postingShift - 6)
        struct PostingBlock {
            var rows: [(term: Int, offsets: [Int32], tfs: [UInt32])] = []
            var conceptBits: [UInt64] = []
            var candidates: [UInt64] = []
        }
        var postingBlocks: [Int64: PostingBlock] = [:]
        var groupFrequencies = [Int](repeating: 0, count: groupCount)
        var conceptFrequencies = [Int](repeating: 0, count: conceptCount)
        var groupBits = [UInt64](repeating: 0, count: groupCount * bitWords)
        // Rows come by term, then block: this block's rows in term order.
        let byBlock = Dictionary(grouping: postings.indices, by: { postings[$0].block })
        for block in byBlock.keys.sorted() {
            let rows = byBlock[block]!.map { row -> (term: Int, offsets: [Int32], tfs: [UInt32]) in
                postings[row].postings.withUnsafeBytes { raw in
                    var offsets: [Int32] = [], tfs: [UInt32] = []
                    // Every posting takes at least two bytes.
                    offsets.reserveCapacity(raw.count / 2 + 1)
                    tfs.reserveCapacity(raw.count / 2 + 1)
                    var cursor = PostingCursor(raw)
                    while let (offset, tf) = cursor.next() {
                        offsets.append(Int32(offset))
                        tfs.append(tf)
                    }
                    return (postings[row].term, offsets, tfs)
                }
            }
            for i in groupBits.indices { groupBits[i] = 0 }
            for row in rows {
                for (group, _) in memberships[row.term] {
                    let base = group * bitWords
                    for offset in row.offsets { groupBits[base + Int(offset >> 6)] |= 1 << UInt64(offset & 63) }
                }
            }
            for g in 0..<groupCount {
                groupFrequencies[g] += groupBits[(g * bitWords)..<((g + 1) * bitWords)].reduce(0) { $0 + $1.nonzeroBitCount }
            }
            var conceptBits = [UInt64](repeating: 0, count: conceptCount * bitWords)
            for (c, concept) in concepts.enumerated() {
                for i in 0..<bitWords {
                    var bits = concept.whole.map { groupBits[$0 * bitWords + i] } ?? 0
                    if !concept.parts.isEmpty {
                        var all = UInt64.max
                        for part in concept.parts { all &= groupBits[part * bitWords + i] }
                        bits |= all
                    }
                    conceptBits[c * bitWords + i] = bits
                }
                conceptFrequencies[c] += conceptBits[(c * bitWords)..<((c + 1) * bitWords)].reduce(0) { $0 + $1.nonzeroBitCount }
            }
            postingBlocks[block] = PostingBlock(rows: rows, conceptBits: conceptBits)
        }
        let groupIDF = groupFrequencies.map { Self.idf($0, of: documents) }
        let conceptIDF = conceptFrequencies.map { Self.idf($0, of: documents) }
        var totalIDF = 0.0
        for value in conceptIDF { totalIDF += value }
        // The examples that match concepts carrying enough of the query's idf.
        for key in postingBlocks.keys {
            var candidates = [UInt64](repeating: 0, count: bitWords)
            postingBlocks[key]!.conceptBits.withUnsafeBufferPointer { bits in
                for i in 0..<bitWords {
                    var any: UInt64 = 0
                    for c in 0..<conceptCount { any |= bits[c * bitWords + i] }
                    if conceptCount == 1 {
                        candidates[i] = any
                        continue
                    }
                    var chosen: UInt64 = 0
                    while any != 0 {
                        let bit = UInt64(any.trailingZeroBitCount)
                        any &= any - 1
                        var mass = 0.0
                        for c in 0..<conceptCount where bits[c * bitWords + i] >> bit & 1 != 0 { mass += conceptIDF[c] }
                        if mass * QueryPlan.foundShare >= totalIDF { chosen |= 1 << bit }
                    }
                    candidates[i] = chosen
                }
            }
            postingBlocks[key]!.candidates = candidates
        }

        // Pass 2: block by block of examples.
        // Per group, its weight for each example of the current block (group × block size), and the
        // places it touched.
        var weights = [Double](repeating: 0, count: max(groupCount, 1) * blockSize)
        var touched = [Int](repeating: 0, count: max(groupCount, 1) * blockSize), touchedCount = [Int](repeating: 0, count: groupCount)
        // How far each (group, row) has been read, for the current posting block.
        var cursors: [(group: Int, row: Int, factor: Double, next: Int)] = []
        var currentPostingBlock: Int64 = -1
        var best = BestOf(max(query.page.offset + query.page.perPage, Knowledge.rerankDepth), byScore: words && query.sort == .relevance)
        var total = 0
        var sectorCounts = [Int](repeating: 0, count: 32), principleCounts = [Int](repeating: 0, count: 16)
        var yearCounts = [Int](repeating: 0, count: 4096)
        // Organisation ids are small numbers in practice: counted in an array, else in a dictionary.
        let largest = index.blocks.map(\.largestOrganisation).max() ?? 0
        var organisationArray = [Int](repeating: 0, count: largest < 1 << 20 ? Int(largest) + 1 : 0)
        var organisationDictionary: [Int64: Int] = [:]

        for block in index.blocks {
            let postingBlock = block.block >> (SearchIndex.postingShift - SearchIndex.blockShift)
            let first = Int32((block.block << SearchIndex.blockShift) - (postingBlock << SearchIndex.postingShift)), last = first + Int32(blockSize)
            var candidates: [UInt64] = []
            if words {
                guard let found = postingBlocks[postingBlock] else { continue }
                if postingBlock != currentPostingBlock {
                    currentPostingBlock = postingBlock
                    cursors = []
                    for (row, posting) in found.rows.enumerated() {
                        for (group, factor) in memberships[posting.term] { cursors.append((group, row, factor, 0)) }
                    }
                }
                candidates = found.candidates
                if candidates[Int(first >> 6)..<Int(last >> 6)].allSatisfy({ $0 == 0 }) { continue }
                let rows = found.rows
                weights.withUnsafeMutableBufferPointer { weight in
                    touched.withUnsafeMutableBufferPointer { touched in
                        block.positions.withUnsafeBufferPointer { positions in
                            block.lengths.withUnsafeBufferPointer { lengths in
                                for k in cursors.indices {
                                    let (group, row, factor, _) = cursors[k]
                                    let base = group * blockSize
                                    var next = cursors[k].next, count = touchedCount[group]
                                    rows[row].offsets.withUnsafeBufferPointer { offsets in
                                        rows[row].tfs.withUnsafeBufferPointer { tfs in
                                            while next < offsets.count, offsets[next] < last {
                                                defer { next += 1 }
                                                let offset = offsets[next]
                                                guard offset >= first, candidates[Int(offset >> 6)] & (1 << UInt64(offset & 63)) != 0 else { continue }
                                                let at = Int(positions[Int(offset - first)])
                                                guard at >= 0 else { continue }
                                                let tf = Double(tfs[next])
                                                if weight[base + at] == 0 {
                                                    touched[base + count] = at
                                                    count += 1
                                                }
                                                weight[base + at] += factor * (tf * (k1 + 1) / (tf + k1 * ((1 - b) + b * lengths[at] / averageLength)))
                                            }
                                        }
                                    }
                                    cursors[k].next = next
                                    touchedCount[group] = count
                                }
                            }
                        }
                    }
                }
            }

            let publishedAt = block.publishedAt, organisations = block.organisations, sectors = block.sectors,
                principles = block.principles, yearStart = block.yearStart, yearEnd = block.yearEnd
            func consider(_ at: Int) {
                if let sectorBit, sectors[at] & sectorBit == 0 { return }
                if let principleBit, principles[at] & principleBit == 0 { return }
                let organisation = organisations[at]
                if let wanted = query.organisation, organisation != wanted { return }
                if let organisationsOfKind, !organisationsOfKind.contains(organisation) { return }
                let year = Int(yearStart[at])
                if let wanted = query.year {
                    let end = yearEnd[at] == 0 ? 9999 : Int(yearEnd[at])
                    if year == 0 || year > wanted || end < wanted { return }
                }
                total += 1
                var bits = sectors[at]
                while bits != 0 {
                    sectorCounts[bits.trailingZeroBitCount] += 1
                    bits &= bits - 1
                }
                var principleBits = principles[at]
                while principleBits != 0 {
                    principleCounts[principleBits.trailingZeroBitCount] += 1
                    principleBits &= principleBits - 1
                }
                if year > 0, year < yearCounts.count { yearCounts[year] += 1 }
                if organisation >= 0, organisation < organisationArray.count { organisationArray[Int(organisation)] += 1 }
                else { organisationDictionary[organisation, default: 0] += 1 }
                var score = 0.0
                if words {
                    var count = 0
                    for concept in concepts {
                        var s = 0.0
                        if let whole = concept.whole { s = groupIDF[whole] * weights[whole * blockSize + at] }
                        if !concept.parts.isEmpty {
                            var sum = 0.0, all = true
                            for part in concept.parts {
                                let w = weights[part * blockSize + at]
                                if w == 0 { all = false; break }
                                sum += groupIDF[part] * w
                            }
                            if all { s = max(s, QueryPlan.partsWeight * (sum / Double(concept.parts.count))) }
                        }
                        if s > 0 { count += 1 }
                        score += s
                    }
                    score *= Double(count) / Double(conceptCount)
                }
                best.add(id: block.ids[at], score: score, publishedAt: publishedAt[at])
            }
            if words {
                for word in Int(first >> 6)..<Int(last >> 6) {
                    var bits = candidates[word]
                    while bits != 0 {
                        let offset = Int32(word << 6 | bits.trailingZeroBitCount)
                        bits &= bits - 1
                        let at = Int(block.positions[Int(offset - first)])
                        if at >= 0 { consider(at) }
                    }
                }
                for g in 0..<groupCount {
                    for i in 0..<touchedCount[g] { weights[g * blockSize + touched[g * blockSize + i]] = 0 }
                    touchedCount[g] = 0
                }
            } else {
                for at in block.ids.indices { consider(at) }
            }
        }

        self.total = total
        self.frequencies = conceptFrequencies
        ranked = best.sorted().map { ($0.id, $0.score) }
        for sector in Sector.allCases {
            let n = sectorCounts[SearchIndex.bit(sector).trailingZeroBitCount]
            if n > 0 { self.sectors[sector] = n }
        }
        for principle in Principle.allCases {
            let n = principleCounts[SearchIndex.bit(principle).trailingZeroBitCount]
            if n > 0 { self.principles[principle] = n }
        }
        for (year, n) in yearCounts.enumerated() where n > 0 { years[year] = n }
        self.organisations = organisationDictionary
        for (id, n) in organisationArray.enumerated() where n > 0 { self.organisations[Int64(id)] = n }
    }
}

/// Reads postings (see ``SearchIndex/encode(postings:)``) one at a time.
struct PostingCursor {
    private let raw: UnsafeRawBufferPointer
    private var i = 0, previous = -1

    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    @inline(__always)
    private mutating func varint() -> UInt32 {
        var value: UInt32 = 0, shift: UInt32 = 0
        while i < raw.count {
            let byte = raw[i]
            i += 1
            value |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return value
    }

    /// The next posting: the example's offset in the block and the weighted frequency.
    @inline(__always)
    mutating func next() -> (offset: Int, tf: UInt32)? {
        guard i < raw.count else { return nil }
        let offset = previous + 1 + Int(varint())
        previous = offset
        return (offset, varint())
    }
}

/// The best `limit` examples seen, in a heap whose root is the worst of them: by score, then the
/// newest, then the highest id; or by date alone.
struct BestOf {
    struct Item {
        let id: Int64
        let score: Double
        let publishedAt: Int64
    }

    private var heap: [Item] = []
    private let limit: Int
    private let byScore: Bool

    init(_ limit: Int, byScore: Bool) {
        self.limit = limit
        self.byScore = byScore
    }

    @inline(__always)
    private func better(_ a: Item, _ c: Item) -> Bool {
        if byScore, a.score != c.score { return a.score > c.score }
        return a.publishedAt != c.publishedAt ? a.publishedAt > c.publishedAt : a.id > c.id
    }

    mutating func add(id: Int64, score: Double, publishedAt: Int64) {
        let item = Item(id: id, score: score, publishedAt: publishedAt)
        if heap.count < limit {
            heap.append(item)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard better(heap[parent], heap[child]) else { break }
                heap.swapAt(parent, child)
                child = parent
            }
        } else if limit > 0, better(item, heap[0]) {
            heap[0] = item
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var worst = parent
                if left < heap.count, better(heap[worst], heap[left]) { worst = left }
                if right < heap.count, better(heap[worst], heap[right]) { worst = right }
                if worst == parent { break }
                heap.swapAt(parent, worst)
                parent = worst
            }
        }
    }

    /// The examples kept, best first.
    func sorted() -> [Item] { heap.sorted(by: better) }
}

/// Evaluations of recent searches, by the index's state and the question: a page of the bank asked
/// for again (its first page above all) is not worked out again over every example. Kept on the
/// platform's shelf, so one database's answers are never another's.
final class EvaluationCache: Sendable {
    struct Key: Hashable {
        /// Every block of the index with its version.
        let index: [Int64]
        let tokens: [String]
        let sector: Sector?
        let principle: Principle?
        let organisations: [Int64]?
        let organisation: Int64?
        let year: Int?
        let sort: ExampleQuery.Sort
        let offset: Int
        let perPage: Int

        init(index: [Int64], tokens: [String], query: ExampleQuery, organisationsOfKind: Set<Int64>?) {
            self.index = index
            self.tokens = tokens
            sector = query.sector
            principle = query.principle
            organisations = organisationsOfKind.map { $0.sorted() }
            organisation = query.organisation
            year = query.year
            sort = query.sort
            offset = query.page.offset
            perPage = query.page.perPage
        }
    }

    /// Past this many the kept evaluations are let go (each holds a page's worth of ranked ids and
    /// the facet counts, a few kilobytes).
    static let capacity = 512
    /// Deeper pages are worked out each time: their ranked lists are long and seldom asked for twice.
    static let deepest = 1_000
    private let kept = KeptValues<Key, Evaluation>(capacity: capacity)

    func get(_ key: Key) -> Evaluation? { kept.value(key) }

    func put(_ key: Key, _ evaluation: Evaluation) {
        guard evaluation.ranked.count <= Self.deepest else { return }
        kept.keep(evaluation, for: key)
    }
}

/// Examples' snippets without a query, by example and the text they were made from.
enum LeadSnippets {
    struct Key: Hashable {
        let id: Int64
        /// A hash of the texts the snippet is made from, by their bytes (``ExactText``): an edit
        /// makes a new key, and the texts themselves are not kept.
        let text: Int

        init(_ example: Example) {
            var hasher = Hasher()
            for part in [example.summary, example.body, example.results, example.lessons] { hasher.combine(ExactText(part)) }
            id = example.id
            text = hasher.finalize()
        }
    }

    /// About one bank's first pages many times over; past it the kept snippets are let go.
    static let shared = KeptValues<Key, [SnippetPart]>(capacity: 20_000)
}
