import Foundation
import SQLKit
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
}

extension Knowledge {
    /// Searches published examples: every query word must match (as a word or the start of one),
    /// ranked by BM25 with title and tags above the text, or newest first.
    public func search(_ query: ExampleQuery) async throws -> ExampleResults {
        let analyzer = SwedishAnalyzer.shared
        var seen = Set<String>()
        // At most `maxTerms` words count: each word reads its whole prefix range of the index, so a
        // query of a hundred one-letter words would otherwise read most of it.
        let terms = Array(analyzer.tokens(query.text).filter { seen.insert($0).inserted }.prefix(Self.maxTerms))
        let onlyStopWords = terms.isEmpty && !query.text.trimmingCharacters(in: .whitespaces).isEmpty
        if onlyStopWords {
            return ExampleResults(page: Page(items: [], total: 0, request: query.page), facets: [:], organisationNames: [:], terms: [],
                                  onlyStopWords: true, broader: nil)
        }
        let (found, organisations, examples) = try await database.read { db in
            let (index, postings, organisations) = try await SearchIndex.read(db, words: terms)
            let ofKind = query.organisationKind.map { kind in Set(organisations.filter { $0.value.kind == kind.rawValue }.keys) }
            let found = Evaluation(index, words: terms.count, postings: postings, query: query, organisationsOfKind: ofKind)
            let examples = found.page.isEmpty ? [] : try await Self.loadMany(db, "WHERE e.id IN \(SQLQueryString.list(found.page.map { $0.id }))")
            // Only examples still published: one withdrawn since the index was read is left out.
            return (found, organisations, Dictionary(uniqueKeysWithValues: examples.filter { $0.status == .published }.map { ($0.id, $0) }))
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
        if found.total == 0, terms.count > 1 {
            // Drop the word that matches the fewest examples.
            let rarest = zip(terms, found.frequencies).min { $0.1 < $1.1 }!.0
            broader = analyzer.terms(query.text).filter { $0.token != rarest }.map { String(query.text[$0.range]) }.joined(separator: " ")
        }
        let hits = found.page.compactMap { hit in
            examples[hit.id].map { ExampleHit(example: $0, snippet: Self.snippet($0, terms: terms), score: hit.score) }
        }
        return ExampleResults(page: Page(items: hits, total: found.total, request: query.page), facets: facets,
                              organisationNames: Dictionary(uniqueKeysWithValues: found.organisations.keys.map { (String($0), organisations[$0]?.name ?? "") }),
                              terms: terms, onlyStopWords: false, broader: broader?.isEmpty == true ? nil : broader)
    }

    /// The most words of a query that count; the rest are left out.
    static let maxTerms = 12

    /// About thirty words of the example around the first match, matches marked; the summary's
    /// start when nothing matches (or there is no query).
    ///
    /// The text is the summary, the body as plain text, the results and the lessons. The body is
    /// converted from Markdown a block at a time, and only as far as the snippet needs: converting
    /// and analysing whole examples for a page of hits would cost more than the search.
    static func snippet(_ example: Example, terms: [String]) -> [SnippetPart] {
        snippetCounting(example, terms: terms).parts
    }

    /// The snippet, and how many bytes of text were gathered for it: each byte once, however many
    /// blocks the body has (the text grows block by block, and its bytes with it).
    static func snippetCounting(_ example: Example, terms: [String]) -> (parts: [SnippetPart], bytesGathered: Int) {
        let analyzer = SwedishAnalyzer.shared
        func matches(_ token: String) -> Bool { terms.contains { token.hasPrefix($0) } }
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
                if terms.contains(term.token) { exact.insert(marks.count) }
                marks.append(lower..<(lower + piece.utf8.distance(from: term.range.lowerBound, to: term.range.upperBound)))
            }
            searched = limit
        }
        while true {
            while marks.isEmpty, !terms.isEmpty, searched < bytes.count {
                var end = min(searched + 400, bytes.count)
                while end < bytes.count, ![UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(bytes[end]) { end += 1 }
                analyse(upTo: end)
            }
            if complete { break }
            if let found = marks.first {
                // Enough text after the match for the window.
                if text.index(index(found.upperBound), offsetBy: 221, limitedBy: text.endIndex) != nil { break }
            } else if terms.isEmpty, text.split(maxSplits: 31, whereSeparator: \.isWhitespace).count > 31 {
                break
            }
            extend()
        }
        guard let found = marks.first else {
            // The first thirty words, and whether there are more.
            let words = text.split(maxSplits: 30, whereSeparator: \.isWhitespace)
            let more = words.count > 30 && words[30].contains { !$0.isWhitespace }
            return ([SnippetPart(text: words.prefix(30).joined(separator: " ") + (more ? " …" : ""), match: false)], gathered)
        }
        let first = index(found.lowerBound)..<index(found.upperBound)
        // A window of characters around the first match, cut at spaces.
        let startIndex = text.index(first.lowerBound, offsetBy: -120, limitedBy: text.startIndex) ?? text.startIndex
        let endIndex = text.index(first.upperBound, offsetBy: 220, limitedBy: text.endIndex) ?? text.endIndex
        var lower = startIndex
        if lower != text.startIndex, let space = text[lower..<first.lowerBound].firstIndex(where: \.isWhitespace) { lower = text.index(after: space) }
        var upper = endIndex
        if upper != text.endIndex, let space = text[first.upperBound..<upper].lastIndex(where: \.isWhitespace) { upper = space }
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
    /// The requested page, best first.
    var page: [(id: Int64, score: Double)] = []
    var total = 0
    /// How many examples each query word matches, filters aside.
    var frequencies: [Int] = []
    var sectors: [Sector: Int] = [:]
    var principles: [Principle: Int] = [:]
    var years: [Int: Int] = [:]
    var organisations: [Int64: Int] = [:]

    /// Scores every example that has all `words`, keeps those that pass the query's filters, counts
    /// their facets and picks the page.
    ///
    /// BM25 per word: idf(word) × Σ over the indexed terms the word is a prefix of, of
    /// tf·(k1 + 1) / (tf + k1·(1 − b + b·dl/avgdl)), where the idf counts the examples that have any
    /// of those terms. Ties go to the newest example, then the highest id.
    ///
    /// The work goes block by block, so the arrays it adds up in are a block long and stay in the
    /// processor's cache.
    init(_ index: IndexSnapshot, words: Int, postings: [(word: Int, block: Int64, postings: Data)], query: ExampleQuery,
         organisationsOfKind: Set<Int64>?) {
        let blockSize = 1 << SearchIndex.blockShift
        let documents = Double(index.documents)
        let averageLength = max(index.documents > 0 ? index.totalLength / documents : 1, 1)
        let k1 = SearchIndex.k1, b = SearchIndex.b
        let sectorBit = query.sector.map(SearchIndex.bit), principleBit = query.principle.map(SearchIndex.bit)
        // The rows of each posting block, in the order of the words, then the terms.
        let byBlock = Dictionary(grouping: postings.indices, by: { postings[$0].block })
        // The postings of the current posting block, decoded (offsets in the posting block and
        // frequencies), with how far each row has been read.
        var decodedBlock: Int64 = -1
        var decoded: [(word: Int, offsets: [Int32], tfs: [UInt32], next: Int)] = []
        // Per word, the examples of the posting block it matches, one bit each; and the examples
        // that match every word. A word's idf counts all its examples, but only those with every
        // word need a score.
        let bitWords = 1 << (SearchIndex.postingShift - 6)
        var wordBits = [UInt64](repeating: 0, count: words * bitWords), everyWord = [UInt64](repeating: 0, count: bitWords)

        var frequencies = [Int](repeating: 0, count: words)
        // Per word, its weight for each example of the current block (word × block size), and the
        // places it touched.
        var weights = [Double](repeating: 0, count: words * blockSize)
        var touched = [Int](repeating: 0, count: words * blockSize), touchedCount = [Int](repeating: 0, count: words)
        // Examples that pass: their ids, dates and (for each word) weights, for the ranking.
        var ids: [Int64] = [], dates: [Int64] = [], kept: [Double] = []
        var total = 0
        var sectorCounts = [Int](repeating: 0, count: 32), principleCounts = [Int](repeating: 0, count: 16)
        var yearCounts = [Int](repeating: 0, count: 4096)
        // Organisation ids are small numbers in practice: counted in an array, else in a dictionary.
        let largest = index.blocks.map(\.largestOrganisation).max() ?? 0
        var organisationArray = [Int](repeating: 0, count: largest < 1 << 20 ? Int(largest) + 1 : 0)
        var organisationDictionary: [Int64: Int] = [:]

        for block in index.blocks {
            let postingBlock = block.block >> (SearchIndex.postingShift - SearchIndex.blockShift)
            if words > 0 {
                if postingBlock != decodedBlock {
                    decodedBlock = postingBlock
                    decoded = (byBlock[postingBlock] ?? []).map { row in
                        postings[row].postings.withUnsafeBytes { raw in
                            // Every posting takes at least two bytes.
                            var offsets: [Int32] = [], tfs: [UInt32] = []
                            let capacity = raw.count / 2 + 1
                            offsets = [Int32](unsafeUninitializedCapacity: capacity) { offsetBuffer, offsetCount in
                                tfs = [UInt32](unsafeUninitializedCapacity: capacity) { tfBuffer, tfCount in
                                    var cursor = PostingCursor(raw), n = 0
                                    while let (offset, tf) = cursor.next() {
                                        offsetBuffer[n] = Int32(offset)
                                        tfBuffer[n] = tf
                                        n += 1
                                    }
                                    tfCount = n
                                }
                                offsetCount = tfs.count
                            }
                            return (postings[row].word, offsets, tfs, 0)
                        }
                    }
                    for i in wordBits.indices { wordBits[i] = 0 }
                    for row in decoded {
                        let base = row.word * bitWords
                        for offset in row.offsets { wordBits[base + Int(offset >> 6)] |= 1 << UInt64(offset & 63) }
                    }
                    for word in 0..<words {
                        frequencies[word] += wordBits[(word * bitWords)..<((word + 1) * bitWords)].reduce(0) { $0 + $1.nonzeroBitCount }
                    }
                    for i in 0..<bitWords {
                        var all = UInt64.max
                        for word in 0..<words { all &= wordBits[word * bitWords + i] }
                        everyWord[i] = all
                    }
                    if everyWord.allSatisfy({ $0 == 0 }) { decoded = [] }
                }
                if decoded.isEmpty { continue }
            }
            // The block's examples as offsets in the posting block.
            let start = Int32((block.block << SearchIndex.blockShift) - (postingBlock << SearchIndex.postingShift)), end = start + Int32(blockSize)
            weights.withUnsafeMutableBufferPointer { weight in
                touched.withUnsafeMutableBufferPointer { touched in
                    block.positions.withUnsafeBufferPointer { positions in
                        block.lengths.withUnsafeBufferPointer { lengths in
                            for row in decoded.indices {
                                let word = decoded[row].word, base = word * blockSize
                                var next = decoded[row].next, count = touchedCount[word]
                                decoded[row].offsets.withUnsafeBufferPointer { offsets in
                                    decoded[row].tfs.withUnsafeBufferPointer { tfs in
                                        while next < offsets.count, offsets[next] < end {
                                            defer { next += 1 }
                                            let offset = offsets[next]
                                            guard offset >= start, everyWord[Int(offset >> 6)] & (1 << UInt64(offset & 63)) != 0 else { continue }
                                            let at = Int(positions[Int(offset - start)])
                                            guard at >= 0 else { continue }
                                            let tf = Double(tfs[next])
                                            if weight[base + at] == 0 {
                                                touched[base + count] = at
                                                count += 1
                                            }
                                            weight[base + at] += tf * (k1 + 1) / (tf + k1 * ((1 - b) + b * lengths[at] / averageLength))
                                        }
                                    }
                                }
                                decoded[row].next = next
                                touchedCount[word] = count
                            }
                        }
                    }
                }
            }

            let publishedAt = block.publishedAt, organisations = block.organisations, sectors = block.sectors,
                principles = block.principles, yearStart = block.yearStart, yearEnd = block.yearEnd
            // With words, the examples the word with the fewest here touched; else all of them.
            var rarest = 0
            for word in 0..<words where touchedCount[word] < touchedCount[rarest] { rarest = word }
            let candidates = words > 0 ? touchedCount[rarest] : block.ids.count
            weights.withUnsafeBufferPointer { weight in touched.withUnsafeBufferPointer { touched in
                candidates: for candidate in 0..<candidates {
                    let at = words > 0 ? touched[rarest * blockSize + candidate] : candidate
                    for word in 0..<words where weight[word * blockSize + at] == 0 { continue candidates }
                    if let sectorBit, sectors[at] & sectorBit == 0 { continue }
                    if let principleBit, principles[at] & principleBit == 0 { continue }
                    let organisation = organisations[at]
                    if let wanted = query.organisation, organisation != wanted { continue }
                    if let organisationsOfKind, !organisationsOfKind.contains(organisation) { continue }
                    let year = Int(yearStart[at])
                    if let wanted = query.year {
                        let end = yearEnd[at] == 0 ? 9999 : Int(yearEnd[at])
                        if year == 0 || year > wanted || end < wanted { continue }
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
                    ids.append(block.ids[at])
                    dates.append(publishedAt[at])
                    for word in 0..<words { kept.append(weight[word * blockSize + at]) }
                }
            } }
            for word in 0..<words {
                for i in 0..<touchedCount[word] { weights[word * blockSize + touched[word * blockSize + i]] = 0 }
                touchedCount[word] = 0
            }
        }

        // The idf needs every block's count first; then the scores, and the best of them.
        let idf = frequencies.map { df in log(1 + (documents - Double(df) + 0.5) / (Double(df) + 0.5)) }
        var best = BestOf(query.page.offset + query.page.perPage, byScore: words > 0 && query.sort == .relevance)
        for i in ids.indices {
            var score = 0.0
            for word in 0..<words { score += idf[word] * kept[i * words + word] }
            best.add(id: ids[i], score: score, publishedAt: dates[i])
        }
        self.total = total
        self.frequencies = frequencies
        page = best.sorted().dropFirst(query.page.offset).map { ($0.id, $0.score) }
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
