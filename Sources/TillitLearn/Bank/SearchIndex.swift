import Foundation
import SQLKit
import TillitFormats
import TillitPlatform
import TillitSearch
import TillitStorage

/// The search index of published examples, and the search over it.
///
/// One analyser (``SwedishAnalyzer``, in Swift) decides the terms for both databases. A query word
/// matches every indexed term it is a prefix of, which finds compounds: "hemtjänst" finds
/// "hemtjänstpersonal", "äldreomsorg" finds "äldreomsorgsförvaltningen".
///
/// The index is kept in blocks of example ids. For each term and block of 65,536 ids, one row holds
/// the term's postings (example and weighted frequency) as one binary value; for each block of 4,096
/// ids, one row holds what a search needs to know about each indexed example (its weighted length,
/// when it was published, its organisation, sectors, principles and years), with a random version
/// that changes with every write; and for each example, one row lists its terms, so that a change
/// takes it out of the right postings. A search reads its words' prefix ranges and the blocks'
/// versions in one statement and does the arithmetic (BM25, filters, facets, the page) in Swift, so
/// both databases give the same results in the same order by construction.
///
/// Rows of examples per term, summed in SQL, cost too much once a word is in most of 100,000
/// examples (SQLite's grouping alone takes about 90 ms for "kommun", FTS5 about 120 ms); the same
/// postings as binary blocks are read in well under a millisecond, and a change to one example
/// rewrites only the blocks of its own terms.
public enum SearchIndex {
    /// How much each part of an example weighs: title and tags above the organisation, above the text.
    static let titleWeight = 3.0, tagWeight = 3.0, organisationWeight = 2.0, textWeight = 1.0
    /// BM25's usual constants.
    static let k1 = 1.2, b = 0.75
    /// Documents are kept in blocks of 4,096 example ids (an example's block is its id shifted right
    /// by 12): a search process decodes a block again only after it changed.
    static let blockShift = 12
    static let blockMask: Int64 = (1 << 12) - 1
    /// Postings are kept in blocks of 65,536 example ids, so that even a common word with dozens of
    /// compounds is a few hundred rows to read; a change rewrites at most a few hundred kilobytes.
    static let postingShift = 16
    static let postingMask: Int64 = (1 << 16) - 1

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

    /// The smallest string above every string that starts with `prefix`, byte-wise.
    static func upperBound(_ prefix: String) -> String { prefix + "\u{10FFFF}" }

    // MARK: What the index knows about an example

    /// Bit numbers are stored in the index: a new case takes the next free number, and a number is
    /// never reused.
    static func bit(_ sector: Sector) -> UInt32 {
        let n: UInt32 = switch sector {
        case .forskola: 0
        case .grundskola: 1
        case .gymnasieskola: 2
        case .socialtjanst: 3
        case .aldreomsorg: 4
        case .hemtjanst: 5
        case .lss: 6
        case .psykiatri: 7
        case .halsoOchSjukvard: 8
        case .arbetsmarknad: 9
        case .myndighetsutovning: 10
        case .kulturOchFritid: 11
        case .samhallsbyggnad: 12
        case .ovrigt: 13
        }
        return 1 << n
    }

    static func bit(_ principle: Principle) -> UInt16 {
        let n: UInt16 = switch principle {
        case .tillit: 0
        case .medborgarfokus: 1
        case .helhetssyn: 2
        case .handlingsutrymme: 3
        case .stod: 4
        case .kunskap: 5
        case .oppenhet: 6
        case .langsiktighet: 7
        }
        return 1 << n
    }

    /// An indexed example, as a search filters, counts and orders it.
    struct Document: Sendable, Equatable {
        var id: Int64
        /// The weighted length: the sum of the weighted term frequencies.
        var length: Double
        var publishedAt: Int64
        var organisationID: Int64
        var sectors: UInt32
        var principles: UInt16
        /// 0 when not given.
        var yearStart: Int16
        var yearEnd: Int16

        init(id: Int64, length: Double, publishedAt: Int64, organisationID: Int64, sectors: UInt32, principles: UInt16, yearStart: Int?, yearEnd: Int?) {
            self.id = id
            self.length = length
            self.publishedAt = publishedAt
            self.organisationID = organisationID
            self.sectors = sectors
            self.principles = principles
            self.yearStart = Int16(yearStart ?? 0)
            self.yearEnd = Int16(yearEnd ?? 0)
        }

        init(_ e: Example, length: Double) {
            self.init(id: e.id, length: length, publishedAt: e.publishedAt?.epochSeconds ?? 0, organisationID: e.organisationID,
                      sectors: e.sectors.reduce(0) { $0 | bit($1) }, principles: e.principles.reduce(0) { $0 | bit($1) },
                      yearStart: e.yearStart, yearEnd: e.yearEnd)
        }
    }

    // MARK: Binary rows

    /// Postings: per example in id order, the gap to the previous example's offset in the block
    /// (the first: its offset) and the weighted term frequency, each as a little-endian base-128
    /// varint. The weights are whole numbers, so frequencies are too; the postings of a common term
    /// take about two bytes an example.
    typealias Posting = (offset: UInt16, tf: UInt32)

    /// The postings, to follow postings whose last offset is `after` (-1: none).
    static func encode(postings: [Posting], after: Int = -1) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(postings.count * 2)
        func put(_ value: UInt32) {
            var v = value
            while v >= 0x80 {
                bytes.append(UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            bytes.append(UInt8(v))
        }
        var previous = after
        for posting in postings {
            put(UInt32(Int(posting.offset) - previous - 1))
            put(posting.tf)
            previous = Int(posting.offset)
        }
        return Data(bytes)
    }

    /// The offset of the last posting, nil when there is none.
    static func lastOffset(_ data: Data) -> Int? {
        data.withUnsafeBytes { raw in
            var cursor = PostingCursor(raw), last: Int?
            while let (offset, _) = cursor.next() { last = offset }
            return last
        }
    }

    static func decodePostings(_ data: Data) -> [Posting] {
        data.withUnsafeBytes { raw in
            var out: [Posting] = [], cursor = PostingCursor(raw)
            while let (offset, tf) = cursor.next() { out.append((UInt16(truncatingIfNeeded: offset), tf)) }
            return out
        }
    }

    /// A weighted frequency as stored: a whole number (see ``titleWeight`` and the others).
    static func stored(_ tf: Double) -> UInt32 {
        precondition(tf >= 1 && tf == tf.rounded(), "term weights must be whole numbers")
        return UInt32(tf)
    }

    /// Documents: offset (UInt16), length (Float32), published (Int64), organisation (Int64),
    /// sectors (UInt32), principles (UInt16), first and last year (Int16), little-endian, in id order.
    static let documentSize = 32

    struct Encoder {
        var bytes: [UInt8] = []
        mutating func put<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        mutating func put(_ value: Float) { put(value.bitPattern) }
        var data: Data { Data(bytes) }
    }

    static func load<T: FixedWidthInteger>(_ raw: UnsafeRawBufferPointer, _ offset: Int, as type: T.Type) -> T {
        T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    static func loadFloat(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> Float {
        Float(bitPattern: load(raw, offset, as: UInt32.self))
    }

    static func encode(documents: [Document]) -> Data {
        var encoder = Encoder()
        encoder.bytes.reserveCapacity(documents.count * documentSize)
        for d in documents {
            encoder.put(UInt16(truncatingIfNeeded: d.id & blockMask))
            encoder.put(Float(d.length))
            encoder.put(d.publishedAt)
            encoder.put(d.organisationID)
            encoder.put(d.sectors)
            encoder.put(d.principles)
            encoder.put(d.yearStart)
            encoder.put(d.yearEnd)
        }
        return encoder.data
    }

    static func decodeDocuments(_ data: Data, block: Int64) -> [Document] {
        data.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count - documentSize + 1, by: documentSize).map { o in
                var d = Document(id: block << blockShift | Int64(load(raw, o, as: UInt16.self)), length: Double(loadFloat(raw, o + 2)),
                                 publishedAt: load(raw, o + 6, as: Int64.self), organisationID: load(raw, o + 14, as: Int64.self),
                                 sectors: load(raw, o + 22, as: UInt32.self), principles: load(raw, o + 26, as: UInt16.self), yearStart: nil, yearEnd: nil)
                d.yearStart = load(raw, o + 28, as: Int16.self)
                d.yearEnd = load(raw, o + 30, as: Int16.self)
                return d
            }
        }
    }

    // MARK: Writing

    /// (Re)indexes one example: its terms if it is published, nothing otherwise.
    static func index(_ db: any SQLDatabase, id: Int64) async throws {
        let example = try await Knowledge.load(db, id: id)
        try await replace(db, id: id, with: example?.status == .published ? example : nil)
    }

    static func remove(_ db: any SQLDatabase, id: Int64) async throws {
        try await replace(db, id: id, with: nil)
    }

    /// On PostgreSQL, index writers take turns: each rewrites whole blocks it has read, so two at once
    /// could lose each other's change. (SQLite has one writer anyway.)
    private static func lock(_ db: any SQLDatabase) async throws {
        if db.dialect.name == "postgresql" { try await db.raw("SELECT pg_advisory_xact_lock(727102)").run() }
    }

    /// Replaces what the index holds for example `id` with `example` (nil: removes it), rewriting the
    /// postings of its old and new terms in its block, and the documents of its block.
    private static func replace(_ db: any SQLDatabase, id: Int64, with example: Example?) async throws {
        try await lock(db)
        let postingBlock = id >> postingShift, offset = UInt16(truncatingIfNeeded: id & postingMask)
        let old = try await db.raw("SELECT terms FROM search_terms WHERE example_id = \(bind: id)").first()
            .map { try $0.string("terms").split(separator: " ").map(String.init) } ?? []
        let tf = example.map(terms) ?? [:]
        let affected = Array(Set(old).union(tf.keys)).sorted()
        var stored: [String: Data] = [:]
        for chunk in stride(from: 0, to: affected.count, by: 500) {
            let part = affected[chunk..<min(chunk + 500, affected.count)]
            var list: SQLQueryString = ""
            for (index, term) in part.enumerated() { list = list + (index == 0 ? "" : ", ") + "\(bind: term)" }
            for row in try await db.raw("SELECT term, postings FROM search_postings WHERE block = \(bind: postingBlock) AND term IN (\(list))").all() {
                stored[try row.string("term")] = try row.decode(column: "postings", as: Data.self)
            }
        }
        let oldTerms = Set(old)
        var written: [String: Data] = [:], emptied: [String] = []
        for term in affected {
            let current = stored[term] ?? Data(), last = lastOffset(current) ?? -1
            // A new example has the highest id so far: its posting goes at the end, without decoding
            // the others.
            if !oldTerms.contains(term), let weight = tf[term], last < Int(offset) {
                written[term] = current + encode(postings: [(offset, self.stored(weight))], after: last)
                continue
            }
            var list = decodePostings(current).filter { $0.offset != offset }
            if let weight = tf[term] {
                let at = list.firstIndex { $0.offset > offset } ?? list.count
                list.insert((offset, self.stored(weight)), at: at)
            }
            if list.isEmpty { emptied.append(term) } else { written[term] = encode(postings: list) }
        }
        try await writePostings(db, block: postingBlock, written)
        for chunk in stride(from: 0, to: emptied.count, by: 500) {
            var list: SQLQueryString = ""
            for (index, term) in emptied[chunk..<min(chunk + 500, emptied.count)].enumerated() { list = list + (index == 0 ? "" : ", ") + "\(bind: term)" }
            try await db.raw("DELETE FROM search_postings WHERE block = \(bind: postingBlock) AND term IN (\(list))").run()
        }

        let block = id >> blockShift
        let row = try await db.raw("SELECT documents, documents_count, total_length FROM search_documents WHERE block = \(bind: block)").first()
        let current = try row?.decode(column: "documents", as: Data.self) ?? Data()
        let lastID = current.count >= documentSize ? decodeDocuments(current.suffix(documentSize), block: block)[0].id : -1
        if let example, lastID < id, let row {
            // After the block's last example: appended, and added to the block's totals in the order
            // a full write would add them.
            let document = Document(example, length: tf.values.reduce(0, +))
            try await db.raw("""
                UPDATE search_documents SET version = \(bind: Int64.random(in: 1...Int64.max)), documents_count = documents_count + 1,
                    total_length = \(bind: try row.decode(column: "total_length", as: Double.self) + document.length),
                    documents = \(bind: current + encode(documents: [document]))
                WHERE block = \(bind: block)
                """).run()
        } else {
            var documents = decodeDocuments(current, block: block)
            documents.removeAll { $0.id == id }
            if let example {
                let at = documents.firstIndex { $0.id > id } ?? documents.count
                documents.insert(Document(example, length: tf.values.reduce(0, +)), at: at)
            }
            try await writeDocuments(db, block: block, documents)
        }

        try await db.raw("DELETE FROM search_terms WHERE example_id = \(bind: id)").run()
        if !tf.isEmpty {
            try await db.raw("INSERT INTO search_terms (example_id, terms) VALUES (\(bind: id), \(bind: tf.keys.sorted().joined(separator: " ")))").run()
        }
    }

    private static func writePostings(_ db: any SQLDatabase, block: Int64, _ postings: [String: Data]) async throws {
        let rows = postings.sorted { $0.key < $1.key }
        // A few hundred rows per statement, well under both databases' limits on bound values.
        for chunk in stride(from: 0, to: rows.count, by: 300) {
            var query = SQLQueryString("INSERT INTO search_postings (term, block, postings) VALUES ")
            for (index, (term, data)) in rows[chunk..<min(chunk + 300, rows.count)].enumerated() {
                query = query + (index == 0 ? "" : ", ") + "(\(bind: term), \(bind: block), \(bind: data))"
            }
            try await db.raw(query + " ON CONFLICT (term, block) DO UPDATE SET postings = excluded.postings").run()
        }
    }

    /// Writes a block's documents with a new random version, or removes the block when it is empty.
    /// The version names the content: a search that has decoded a block of that version before can
    /// use it again without reading it.
    private static func writeDocuments(_ db: any SQLDatabase, block: Int64, _ documents: [Document]) async throws {
        guard !documents.isEmpty else {
            try await db.raw("DELETE FROM search_documents WHERE block = \(bind: block)").run()
            return
        }
        let total = documents.reduce(0) { $0 + $1.length }
        try await db.raw("""
            INSERT INTO search_documents (block, version, documents_count, total_length, documents)
            VALUES (\(bind: block), \(bind: Int64.random(in: 1...Int64.max)), \(bind: documents.count), \(bind: total), \(bind: encode(documents: documents)))
            ON CONFLICT (block) DO UPDATE SET version = excluded.version, documents_count = excluded.documents_count,
                total_length = excluded.total_length, documents = excluded.documents
            """).run()
    }

    /// Collects whole blocks in id order for a bulk build, and writes each block once.
    struct BlockBuilder {
        private var postingBlock: Int64 = -1, documentBlock: Int64 = -1
        private var postings: [String: [Posting]] = [:]
        private var documents: [Document] = []
        private var termLists: [(Int64, String)] = []

        /// Adds an example, which must come after every example added before.
        mutating func add(_ document: Document, terms: [String: Double], _ db: any SQLDatabase) async throws {
            if document.id >> postingShift != postingBlock {
                try await flushPostings(db)
                postingBlock = document.id >> postingShift
            }
            if document.id >> blockShift != documentBlock {
                try await flushDocuments(db)
                documentBlock = document.id >> blockShift
            }
            let offset = UInt16(truncatingIfNeeded: document.id & postingMask)
            for (term, weight) in terms { postings[term, default: []].append((offset, stored(weight))) }
            documents.append(document)
            if !terms.isEmpty { termLists.append((document.id, terms.keys.sorted().joined(separator: " "))) }
        }

        mutating func flush(_ db: any SQLDatabase) async throws {
            try await flushPostings(db)
            try await flushDocuments(db)
        }

        private mutating func flushPostings(_ db: any SQLDatabase) async throws {
            if postingBlock >= 0 { try await writePostings(db, block: postingBlock, postings.mapValues { encode(postings: $0) }) }
            postings = [:]
            postingBlock = -1
        }

        private mutating func flushDocuments(_ db: any SQLDatabase) async throws {
            if documentBlock >= 0 { try await writeDocuments(db, block: documentBlock, documents) }
            for chunk in stride(from: 0, to: termLists.count, by: 500) {
                var query = SQLQueryString("INSERT INTO search_terms (example_id, terms) VALUES ")
                for (index, (id, list)) in termLists[chunk..<min(chunk + 500, termLists.count)].enumerated() {
                    query = query + (index == 0 ? "" : ", ") + "(\(bind: id), \(bind: list))"
                }
                try await db.raw(query).run()
            }
            documents = []
            termLists = []
            documentBlock = -1
        }
    }

    /// Rebuilds the whole index (after an analyser change), block by block.
    public static func rebuild(_ database: any Database) async throws -> Int {
        try await database.transaction { db in
            try await lock(db)
            try await db.raw("DELETE FROM search_postings").run()
            try await db.raw("DELETE FROM search_documents").run()
            try await db.raw("DELETE FROM search_terms").run()
            var builder = BlockBuilder()
            var count = 0, last: Int64 = 0
            while true {
                let batch = try await Knowledge.loadMany(db, "WHERE e.status = 'published' AND e.id > \(bind: last) ORDER BY e.id LIMIT 500")
                guard let end = batch.last else { break }
                for example in batch {
                    let tf = terms(example)
                    try await builder.add(Document(example, length: tf.values.reduce(0, +)), terms: tf, db)
                }
                count += batch.count
                last = end.id
            }
            try await builder.flush(db)
            return count
        }
    }

    /// Moves an index kept as one row per term and example (`example_terms`, with the weighted
    /// length in `examples.search_length`) into blocks, for the migration that replaces it. Reads
    /// only what those tables held, so it does not depend on later changes to the examples.
    static func moveRowsIntoBlocks(_ db: any SQLDatabase) async throws {
        var builder = BlockBuilder()
        var last: Int64 = 0
        while true {
            let rows = try await db.raw("""
                SELECT e.id, e.search_length, e.published_at, e.organisation_id, e.year_start, e.year_end,
                    (SELECT STRING_AGG(s.sector, ' ') FROM example_sectors s WHERE s.example_id = e.id) AS sectors,
                    (SELECT STRING_AGG(p.principle, ' ') FROM example_principles p WHERE p.example_id = e.id) AS principles
                FROM examples e WHERE e.search_length IS NOT NULL AND e.id > \(bind: last) ORDER BY e.id LIMIT 500
                """).all()
            guard let first = rows.first, let end = rows.last else { break }
            var termsByExample: [Int64: [String: Double]] = [:]
            for row in try await db.raw("""
                SELECT example_id, term, tf FROM example_terms WHERE example_id >= \(bind: try first.int64("id")) AND example_id <= \(bind: try end.int64("id"))
                """).all() {
                termsByExample[try row.int64("example_id"), default: [:]][try row.string("term")] = try row.decode(column: "tf", as: Double.self)
            }
            for row in rows {
                let id = try row.int64("id")
                let sectors = (try row.optionalString("sectors") ?? "").split(separator: " ").compactMap { Sector(rawValue: String($0)) }
                let principles = (try row.optionalString("principles") ?? "").split(separator: " ").compactMap { Principle(rawValue: String($0)) }
                let document = Document(id: id, length: try row.decode(column: "search_length", as: Double.self),
                                        publishedAt: try row.optionalInt64("published_at") ?? 0, organisationID: try row.int64("organisation_id"),
                                        sectors: sectors.reduce(0) { $0 | bit($1) }, principles: principles.reduce(0) { $0 | bit($1) },
                                        yearStart: try row.optionalInt64("year_start").map(Int.init), yearEnd: try row.optionalInt64("year_end").map(Int.init))
                try await builder.add(document, terms: termsByExample[id] ?? [:], db)
            }
            last = try end.int64("id")
        }
        try await builder.flush(db)
    }

    // MARK: Reading

    /// What every search reads first: every block's documents (their versions, then the blocks
    /// from the cache or the database), the index's vocabulary (from the cache while no block has
    /// changed), and every organisation's name and kind. The versions and the names come in one
    /// statement, one round trip to a database server.
    static func readState(_ db: any SQLDatabase) async throws
        -> (index: IndexSnapshot, vocabulary: SearchVocabulary, organisations: [Int64: (name: String, kind: String)]) {
        // Names and kinds as one value (the platform's digest): a row costs more to read than the
        // few hundred organisations a search can count.
        let query: SQLQueryString = """
            SELECT 0 AS part, '' AS term, block, version, documents_count AS n, total_length AS length FROM search_documents
             UNION ALL SELECT 2, (\(Directory.organisationDigest)), 0, 0, 0, 0
            """
        var versions: [(block: Int64, version: Int64)] = []
        var count = 0, total = 0.0
        var organisations: [Int64: (name: String, kind: String)] = [:]
        for row in try await db.raw(query).all() {
            if try row.int64("part") == 0 {
                versions.append((try row.int64("block"), try row.int64("version")))
                count += Int(try row.int64("n"))
                total += try row.decode(column: "length", as: Double.self)
            } else {
                organisations = Directory.organisations(digest: try row.optionalString("term"))
            }
        }
        // Lengths are whole numbers, so their sum is the same in any order.
        versions.sort { $0.block < $1.block }
        // Blocks decoded before are taken from the cache; the others are read (and may be newer).
        var blocks: [Int64: DocumentBlock] = [:]
        var missing: [Int64] = []
        for (block, version) in versions {
            if let cached = DocumentBlockCache.shared.get(block, version: version) { blocks[block] = cached } else { missing.append(block) }
        }
        for chunk in stride(from: 0, to: missing.count, by: 200) {
            let list = SQLQueryString.list(Array(missing[chunk..<min(chunk + 200, missing.count)]))
            for row in try await db.raw("SELECT block, version, documents FROM search_documents WHERE block IN \(list)").all() {
                let block = try row.int64("block")
                let decoded = DocumentBlock(block: block, documents: decodeDocuments(try row.decode(column: "documents", as: Data.self), block: block))
                DocumentBlockCache.shared.put(block, version: try row.int64("version"), decoded)
                blocks[block] = decoded
            }
        }
        let key = versions.flatMap { [$0.block, $0.version] }
        let index = IndexSnapshot(blocks: versions.compactMap { blocks[$0.block] }, documents: count, totalLength: total, versions: key)
        let vocabulary: SearchVocabulary
        if let cached = VocabularyCache.shared.get(key) {
            vocabulary = cached
        } else {
            // Every term once, whatever the database's collation: the vocabulary sorts them itself.
            vocabulary = SearchVocabulary(try await db.raw("SELECT DISTINCT term FROM search_postings").all().map { try $0.string("term") })
            VocabularyCache.shared.put(key, vocabulary)
        }
        return (index, vocabulary, organisations)
    }

    /// The postings of `terms` (byte-wise, each once): by term, then block, on both databases.
    static func readPostings(_ db: any SQLDatabase, terms: [String]) async throws -> [(term: Int, block: Int64, postings: Data)] {
        guard !terms.isEmpty else { return [] }
        let position = Dictionary(uniqueKeysWithValues: terms.enumerated().map { ($0.element, $0.offset) })
        var out: [(term: Int, block: Int64, postings: Data)] = []
        // A few hundred terms per statement, well under both databases' limits on bound values.
        for chunk in stride(from: 0, to: terms.count, by: 500) {
            var list: SQLQueryString = ""
            for (index, term) in terms[chunk..<min(chunk + 500, terms.count)].enumerated() { list = list + (index == 0 ? "" : ", ") + "\(bind: term)" }
            for row in try await db.raw("SELECT term, block, postings FROM search_postings WHERE term IN (\(list))").all() {
                guard let index = position[try row.string("term")] else { continue }
                out.append((index, try row.int64("block"), try row.decode(column: "postings", as: Data.self)))
            }
        }
        out.sort { $0.term != $1.term ? $0.term < $1.term : $0.block < $1.block }
        return out
    }
}

/// The documents of one block, decoded for searching.
struct DocumentBlock: Sendable {
    let block: Int64
    let ids: [Int64]
    let lengths: [Double]
    let publishedAt: [Int64]
    let organisations: [Int64]
    let sectors: [UInt32]
    let principles: [UInt16]
    let yearStart: [Int16]
    let yearEnd: [Int16]
    /// For each offset in the block, the document's position in these arrays, or -1.
    let positions: [Int16]
    let largestOrganisation: Int64

    init(block: Int64, documents: [SearchIndex.Document]) {
        self.block = block
        ids = documents.map(\.id)
        lengths = documents.map(\.length)
        publishedAt = documents.map(\.publishedAt)
        organisations = documents.map(\.organisationID)
        sectors = documents.map(\.sectors)
        principles = documents.map(\.principles)
        yearStart = documents.map(\.yearStart)
        yearEnd = documents.map(\.yearEnd)
        var positions = [Int16](repeating: -1, count: 1 << SearchIndex.blockShift)
        for (position, d) in documents.enumerated() { positions[Int(d.id & SearchIndex.blockMask)] = Int16(position) }
        self.positions = positions
        largestOrganisation = organisations.max() ?? 0
    }
}

/// Every indexed example at the moment of a search.
struct IndexSnapshot: Sendable {
    let blocks: [DocumentBlock]
    let documents: Int
    let totalLength: Double
    /// Each block and its version, in block order: a new value with every change to the index.
    var versions: [Int64] = []
}

/// The vocabularies of the last few states of the index, each named by every block's version: any
/// change to the index changes a block's version, so a vocabulary found here is the index's own.
final class VocabularyCache: @unchecked Sendable {
    static let shared = VocabularyCache()
    private let lock = NSLock()
    private var entries: [(key: [Int64], vocabulary: SearchVocabulary)] = []

    func get(_ key: [Int64]) -> SearchVocabulary? {
        lock.withLock { entries.first { $0.key == key }?.vocabulary }
    }

    func put(_ key: [Int64], _ vocabulary: SearchVocabulary) {
        lock.withLock {
            entries.removeAll { $0.key == key }
            entries.insert((key, vocabulary), at: 0)
            // A few states: an instance serves one database; tests use several at once.
            if entries.count > 4 { entries.removeLast() }
        }
    }
}

/// Decoded document blocks, shared by the searches of this process: the last version seen of each
/// block. A version is random and changes with every write, so an entry is never out of date, only
/// replaced; the cache holds at most one entry per 4,096 example ids, about 40 bytes an example.
final class DocumentBlockCache: @unchecked Sendable {
    static let shared = DocumentBlockCache()
    private let lock = NSLock()
    private var entries: [Int64: (version: Int64, documents: DocumentBlock)] = [:]

    func get(_ block: Int64, version: Int64) -> DocumentBlock? {
        lock.withLock { entries[block].flatMap { $0.version == version ? $0.documents : nil } }
    }

    func put(_ block: Int64, version: Int64, _ documents: DocumentBlock) {
        lock.withLock { entries[block] = (version, documents) }
    }
}
