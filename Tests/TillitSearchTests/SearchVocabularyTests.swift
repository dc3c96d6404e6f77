import Foundation
import PropertyBased
import Testing

@testable import TillitSearch

@Suite("Search vocabulary")
struct SearchVocabularyTests {
    /// A vocabulary of the tokens of `text`, as an index of that text would hold them.
    static func vocabulary(_ text: String) -> SearchVocabulary { SearchVocabulary(SwedishAnalyzer.shared.tokens(text)) }

    static let bank = vocabulary("""
        bil bilen bilar brukare bild bilden bildning takt taket tak hemtjänst hemtjänsten hemtjänstpersonal personal personalen
        äldreomsorgsförvaltningen förvaltningen äldreomsorg krav kraven uppföljning uppföljningen uppföljningskrav
        problem problemen arbetsmiljön arbetsmiljöarbete arbete omsorg omsorgen barn barnen kommun kommunal kommunikation
        kommunförvaltning medarbetare medarbetarsamtal samtal mötet år är ar skolan skolor förskola förskolebarn
        """)

    func terms(_ word: String) -> [String] { Self.bank.expansions(of: SwedishAnalyzer.shared.tokens(word)[0]).map(\.term) }

    @Test("a word reaches itself, its inflections and its compounds, byte-wise")
    func expansions() {
        #expect(terms("hemtjänst") == ["hemtjänst", "hemtjänstpersonal"])
        #expect(Self.bank.expansions(of: "hemtjänst").map(\.match) == [.same, .compound])
        #expect(terms("äldreomsorg") == ["äldreomsorg", "äldreomsorgsförvaltning"])
        // an ending the stemmer keeps
        #expect(terms("arbetsmiljö") == ["arbetsmiljöarbet", "arbetsmiljön"])
        #expect(terms("skola") == ["skol", "skolan"])
        // compounds that end in the word, and ones with a linking letter or a lost ending
        #expect(terms("krav") == ["krav", "uppföljningskrav"])
        #expect(terms("barn") == ["barn", "förskolebarn"])
        #expect(terms("medarbetare").contains("medarbetarsamtal"))
        // kommun reaches its compound, not words that only begin like it
        #expect(terms("kommun") == ["kommun", "kommunförvaltning"])
    }

    @Test("short words do not drift into longer ones, and å, ä and ö stay letters of their own")
    func shortWords() {
        #expect(terms("bil") == ["bil"])
        #expect(terms("bilar") == ["bil"])
        #expect(terms("tak") == ["tak"])
        #expect(terms("bild") == ["bild"])
        #expect(terms("ar") == ["ar"])
        #expect(terms("år") == ["år"])
        #expect(Self.bank.expansions(of: "bildn").isEmpty)
    }

    @Test("a compound in a query splits into known parts, with Swedish linking letters")
    func decompose() {
        #expect(Self.bank.decompose("uppföljningskrav") == ["uppföljning", "krav"])
        #expect(Self.bank.decompose("arbetsmiljöproblem") == ["arbetsmiljö", "problem"])
        #expect(Self.bank.decompose("barnomsorg") == ["barn", "omsorg"])
        #expect(Self.bank.decompose("hemtjänstpersonalkrav") == ["hemtjänstpersonal", "krav"])
        #expect(Self.bank.decompose("kommunbarnomsorg") == ["kommun", "barn", "omsorg"])
        #expect(Self.bank.decompose("bildning") == nil)
        #expect(Self.bank.decompose("takt") == nil)
        // a part the index has only with an ending ("brukar" of "brukare" is the stem "bruk")
        #expect(Self.bank.decompose("brukarsamtal") == ["bruk", "samtal"])
    }

    @Test("a query leaves out the words questions are made of, unless it has no others")
    func queryTokens() {
        #expect(SwedishAnalyzer.shared.queryTokens("Vad har andra gjort åt sjukfrånvaron?") == ["sjukfrånvaron"])
        #expect(SwedishAnalyzer.shared.queryTokens("hur får vi mer tid med brukarna") == ["tid", "bruk"])
        #expect(SwedishAnalyzer.shared.queryTokens("andra gjort") == ["andr", "gjort"])
    }

    @Test("nearby terms: one edit for short words, two for long, a swap counts once")
    func suggestions() {
        #expect(Self.bank.suggestions(for: "hemtjänts").first == "hemtjänst")
        #expect(Self.bank.suggestions(for: "uppfölning").first == "uppföljning")
        #expect(Self.bank.suggestions(for: "kommum").first == "kommun")
        #expect(Self.bank.suggestions(for: "xyzzy").isEmpty)
        #expect(SearchVocabulary.distance(Array("ab".unicodeScalars), Array("ba".unicodeScalars), limit: 2) == 1)
    }

    @Test("every term a word reaches is the word, begins with it (from four letters) or ends with it; a word under four letters reaches no longer term that only begins with it")
    func expansionProperty() async {
        let letter = Gen.element(of: Array("abeklnorståäö")).map { $0 ?? "a" }
        let word = letter.array(of: 2...7).map { String($0) }
        await propertyCheck(count: 300, input: word.array(of: 1...30), word) { words, query in
            let vocabulary = SearchVocabulary(words)
            for (term, _) in vocabulary.expansions(of: query) {
                #expect(vocabulary.contains(term))
                let begins = term.hasPrefix(query), ends = term.hasSuffix(query)
                #expect(term == query || (begins && query.unicodeScalars.count >= SearchVocabulary.minimumPrefixLength) || ends
                        || SearchVocabulary.inflectionEndings.contains { (query.unicodeScalars.count >= SearchVocabulary.minimumPrefixLength) && term.hasSuffix(query + $0) },
                        "\(query) reached \(term)")
            }
            if let parts = vocabulary.decompose(query) {
                #expect(parts.count >= 2 && parts.allSatisfy { vocabulary.isKnown(Substring($0)) })
            }
        }
    }

    @Test("the edit distance is symmetric and zero only for the same word")
    func distanceProperty() async {
        let letter = Gen.element(of: Array("abcåäö")).map { $0 ?? "a" }
        await propertyCheck(count: 300, input: letter.array(of: 0...8), letter.array(of: 0...8)) { a, b in
            let x = String(a).unicodeScalars.map { $0 }, y = String(b).unicodeScalars.map { $0 }
            let d = SearchVocabulary.distance(x, y, limit: 20)
            #expect(d == SearchVocabulary.distance(y, x, limit: 20))
            #expect((d == 0) == (x == y))
            #expect(d <= max(x.count, y.count))
        }
    }
}
