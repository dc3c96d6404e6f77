import Foundation
import TillitFormats
import TillitLearn
import TillitPlatform
import TillitSearch

/// A small, fast, seeded random number generator (SplitMix64), so the corpus and the queries are
/// the same on every machine and every run.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// An integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func chance(_ p: Double) -> Bool { unit() < p }
}

/// Picks items with fixed weights in O(log n).
struct WeightedPicker<Item: Sendable>: Sendable {
    let items: [Item]
    let weights: [Double]
    private let cumulative: [Double]

    init(_ pairs: [(Item, Double)]) {
        items = pairs.map(\.0)
        weights = pairs.map(\.1)
        var sum = 0.0
        cumulative = pairs.map { sum += $0.1; return sum }
    }

    /// Zipf weights by position: the first item is the most common.
    init(zipf items: [Item], exponent: Double, offset: Double = 1) {
        self.init(items.enumerated().map { ($0.element, 1 / pow(Double($0.offset) + offset, exponent)) })
    }

    func pick(_ random: inout SeededRandom) -> Item {
        let target = random.unit() * cumulative.last!
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return items[low]
    }
}

/// One generated example, as the bulk loader writes it.
struct GeneratedExample: Sendable {
    let extID: String
    let organisation: Int  // index into Corpus.organisations
    let unitName: String
    let title: String
    let summary: String
    let body: String  // Markdown
    let results: String
    let lessons: String
    let tags: [String]
    let sectors: [Sector]
    let principles: [Principle]
    let yearStart: Int?
    let yearEnd: Int?
    let publishedAt: Int64
}

/// A deterministic corpus of development examples in Swedish.
///
/// Words come from the demo examples (their surface forms, as written) and from a built-in list of
/// public-sector vocabulary, plus compounds made of common heads and tails ("hemtjänstpersonal",
/// "kommunförvaltning"). Word frequencies follow Zipf's law by rank, so a few content words
/// ("kommun", "medarbetare", "hemtjänst", "brukare") are in a large share of the examples, as in a
/// real knowledge bank. Organisations are real-sounding municipalities, regions and agencies;
/// most examples come from municipalities, so "kommun" is also in most organisation names.
struct Corpus: Sendable {
    let seed: UInt64
    let count: Int
    let organisations: [(name: String, kind: OrganisationKind)]
    private let organisationPicker: WeightedPicker<Int>
    private let words: WeightedPicker<String>
    /// What a user types: content words (no stop words, at least three letters), by frequency.
    let queryWords: WeightedPicker<String>
    private let tags: WeightedPicker<String>
    private let sectors: WeightedPicker<Sector>
    private let principles: WeightedPicker<Principle>

    init(seed: UInt64, count: Int, demoExamples: Data) throws {
        self.seed = seed
        self.count = count
        var random = SeededRandom(seed: seed)

        // Word counts from the demo examples, as written (lower-cased).
        var counts: [String: Double] = [:]
        for line in demoExamples.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { continue }
            let text = ["title", "summary", "body", "results", "lessons", "unit"].compactMap { object[$0] as? String }.joined(separator: " ")
                + " " + ((object["tags"] as? [String]) ?? []).joined(separator: " ")
            for word in Self.words(text) { counts[word, default: 0] += 1 }
        }
        // The place names of the demo's fictional organisations would otherwise be common words.
        for name in ["tillitsby", "norrdal", "sjövik", "bergsjö", "ängsholm", "ekdala", "ekbacka", "strandvik"] { counts[name] = nil }
        for word in BenchVocabulary.extraWords where counts[word] == nil { counts[word] = 2 }
        for (word, boost) in BenchVocabulary.coreWords { counts[word, default: 0] += boost }
        let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)

        // Compounds: rare words, Zipf among themselves, about 8 % of the running text.
        var compounds: [String] = []
        for head in BenchVocabulary.compoundHeads { for tail in BenchVocabulary.compoundTails where !head.hasSuffix(tail) { compounds.append(head + tail) } }
        for index in stride(from: compounds.count - 1, to: 0, by: -1) { compounds.swapAt(index, random.int(0...index)) }
        let plain = WeightedPicker(zipf: ranked, exponent: 1.0, offset: 2.7)
        let compound = WeightedPicker(zipf: compounds, exponent: 1.1, offset: 1)
        let plainTotal = plain.weights.reduce(0, +), compoundTotal = compound.weights.reduce(0, +)
        let compoundShare = 0.08
        words = WeightedPicker(
            zip(plain.items, plain.weights).map { ($0, $1 / plainTotal * (1 - compoundShare)) }
                + zip(compound.items, compound.weights).map { ($0, $1 / compoundTotal * compoundShare) })
        let analyzer = SwedishAnalyzer.shared
        queryWords = WeightedPicker(zip(words.items, words.weights).filter { word, _ in
            word.count >= 3 && !analyzer.isStopWord(word) && word.allSatisfy(\.isLetter)
        })

        // Organisations: most examples from municipalities, a few very active contributors.
        var organisations: [(String, OrganisationKind)] = []
        var weights: [Double] = []
        func add(_ names: [String], _ kind: OrganisationKind, share: Double, _ name: (String) -> String) {
            let zipf = WeightedPicker(zipf: names, exponent: 0.9)
            let total = zipf.weights.reduce(0, +)
            for (index, place) in names.enumerated() {
                organisations.append((name(place), kind))
                weights.append(zipf.weights[index] / total * share)
            }
        }
        add(BenchVocabulary.municipalities, .kommun, share: 0.62) { "\($0) kommun" }
        add(BenchVocabulary.regions, .region, share: 0.2) { "Region \($0)" }
        add(BenchVocabulary.agencies, .myndighet, share: 0.1) { $0 }
        add(BenchVocabulary.coordinationAssociations, .samordningsforbund, share: 0.05) { "Samordningsförbundet \($0)" }
        add(BenchVocabulary.otherOrganisations, .annan, share: 0.03) { $0 }
        self.organisations = organisations
        organisationPicker = WeightedPicker(Array(zip(organisations.indices, weights)))

        tags = WeightedPicker(zipf: BenchVocabulary.tags, exponent: 0.9)
        sectors = WeightedPicker(zipf: [.hemtjanst, .aldreomsorg, .socialtjanst, .grundskola, .halsoOchSjukvard, .forskola, .lss, .gymnasieskola,
                                        .psykiatri, .arbetsmarknad, .myndighetsutovning, .samhallsbyggnad, .kulturOchFritid, .ovrigt], exponent: 0.8)
        principles = WeightedPicker(zipf: [.tillit, .handlingsutrymme, .medborgarfokus, .helhetssyn, .kunskap, .stod, .oppenhet, .langsiktighet], exponent: 0.6)
    }

    /// Words of a text as a user would type them: letters only, lower-cased.
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter }.map(String.init)
    }

    /// The `index`th example (0-based). Each example has its own random stream, so any example can
    /// be made on its own and in any order.
    func example(_ index: Int) -> GeneratedExample {
        var random = SeededRandom(seed: seed &+ UInt64(index) &* 0x2545_F491_4F6C_DD1D)
        func sentence(_ range: ClosedRange<Int>) -> String {
            var parts = (0..<random.int(range)).map { _ in words.pick(&random) }
            parts[0] = parts[0].prefix(1).uppercased() + parts[0].dropFirst()
            return parts.joined(separator: " ") + "."
        }
        func paragraph(_ sentences: ClosedRange<Int>) -> String {
            (0..<random.int(sentences)).map { _ in sentence(6...16) }.joined(separator: " ")
        }
        var titleWords: [String] = []
        while titleWords.count < random.int(4...8) {
            let word = queryWords.pick(&random)
            if !titleWords.contains(word) { titleWords.append(word) }
        }
        titleWords[0] = titleWords[0].prefix(1).uppercased() + titleWords[0].dropFirst()
        var body = "## Bakgrund\n\n\(paragraph(1...4))\n\n## Vad vi gjorde\n\n"
        for _ in 0..<random.int(2...4) { body += "- \(sentence(5...12))\n" }
        body += "\n\(paragraph(1...3))"
        var exampleTags: [String] = []
        for _ in 0..<random.int(1...4) {
            let tag = tags.pick(&random)
            if !exampleTags.contains(tag) { exampleTags.append(tag) }
        }
        func distinct<T: Equatable>(_ picker: WeightedPicker<T>, _ range: ClosedRange<Int>) -> [T] {
            var out: [T] = []
            for _ in 0..<random.int(range) {
                let item = picker.pick(&random)
                if !out.contains(item) { out.append(item) }
            }
            return out
        }
        let yearStart = random.chance(0.92) ? 2025 - Int(Double(13) * pow(random.unit(), 1.6)) : nil
        let yearEnd = yearStart.flatMap { start in random.chance(0.6) ? min(2026, start + random.int(0...3)) : nil }
        // Published from 2018 on, in the order of the ext ids, with some jitter.
        let publishedAt = Int64(1_514_764_800 + index * 2_500 + random.int(0...2_400))
        return GeneratedExample(
            extID: String(format: "bench-%06d", index + 1), organisation: organisationPicker.pick(&random),
            unitName: BenchVocabulary.units[random.int(0...(BenchVocabulary.units.count - 1))],
            title: titleWords.joined(separator: " "), summary: paragraph(2...3), body: body,
            results: random.chance(0.8) ? paragraph(1...2) : "", lessons: random.chance(0.7) ? paragraph(1...2) : "",
            tags: exampleTags, sectors: distinct(sectors, 1...3), principles: distinct(principles, 1...3),
            yearStart: yearStart, yearEnd: yearEnd, publishedAt: publishedAt)
    }

    /// Queries as users type them: `words` content words each, drawn by frequency, so the most
    /// common words come up most often.
    func queries(_ n: Int, words count: Int, salt: UInt64) -> [String] {
        var random = SeededRandom(seed: seed ^ salt)
        return (0..<n).map { _ in
            var picked: [String] = []
            while picked.count < count {
                let word = queryWords.pick(&random)
                if !picked.contains(word) { picked.append(word) }
            }
            return picked.joined(separator: " ")
        }
    }

    /// Sectors to filter on, in proportion to how often examples have them.
    func sectorFilters(_ n: Int, salt: UInt64) -> [Sector] {
        var random = SeededRandom(seed: seed ^ salt)
        return (0..<n).map { _ in sectors.pick(&random) }
    }
}
