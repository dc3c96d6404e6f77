import Foundation
import Testing

@testable import TillitSearch

@Suite("Swedish stemmer")
struct SwedishStemmerTests {
    /// The reference fixture: every word of Debian's wswedish and aspell-sv word lists with its
    /// stem from the Snowball reference implementation (see the header line of the file).
    @Test("Every word of the reference fixture stems exactly as Snowball does")
    func referenceFixture() throws {
        let url = try #require(
            Bundle.module.url(forResource: "swedish-stems", withExtension: "txt", subdirectory: "Fixtures"),
            "Fixtures/swedish-stems.txt is missing from the test bundle"
        )
        let text = try String(contentsOf: url, encoding: .utf8)
        var checked = 0
        var mismatchCount = 0
        var firstMismatches: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            try #require(fields.count == 2, "malformed fixture line: \(line)")
            let word = String(fields[0])
            let expected = String(fields[1])
            let stem = SwedishStemmer.stem(word)
            checked += 1
            if stem != expected {
                mismatchCount += 1
                if firstMismatches.count < 10 {
                    firstMismatches.append("\(word): expected \(expected), got \(stem)")
                }
            }
        }
        #expect(checked > 100_000, "only \(checked) words in the fixture")
        #expect(
            mismatchCount == 0,
            "\(mismatchCount) of \(checked) words stem differently; first: \(firstMismatches.joined(separator: "; "))"
        )
    }

    @Test(
        "Each rule of the algorithm",
        arguments: [
            // Main suffixes, longest first.
            ("hemtjänsten", "hemtjänst"), ("hemtjänstens", "hemtjänst"), ("medarbetarnas", "medarbet"),
            ("förvaltningarna", "förvaltning"), ("äldreomsorgens", "äldreomsorg"), ("klokast", "klok"),
            ("sakerheten", "saker"), ("ändringar", "ändring"), ("rådet", "råd"),
            // A final s goes only after b c d f g h j k l m n o p r t v y.
            ("kurs", "kur"), ("glass", "glass"), ("skolans", "skolan"), ("husets", "hus"),
            // -et and -ets, unless the et condition says no.
            ("kvaliteten", "kvalitet"), ("universitetets", "universitet"), ("paketets", "paket"),
            ("jobbet", "jobbet"), ("ärendet", "ärendet"),
            // Consonant pairs, and the other suffixes.
            ("finnarna", "finn"), ("ettor", "ett"), ("dugligt", "dug"), ("skickligheterna", "skick"),
            ("vänligheten", "vän"), ("kraftfullt", "kraftfull"), ("hopplöst", "hopplös"), ("tröst", "tröst"),
            // Short words and words without R1 stay.
            ("år", "år"), ("ännu", "ännu"), ("öst", "öst"), ("", ""),
        ]
    )
    func rules(word: String, stem: String) {
        #expect(SwedishStemmer.stem(word) == stem)
    }
}

@Suite("Swedish analyser")
struct SwedishAnalyzerTests {
    let analyzer = SwedishAnalyzer()

    @Test("Definite and genitive forms share the stem of the base form")
    func inflectedFormsMatch() {
        #expect(SwedishStemmer.stem("hemtjänsten") == SwedishStemmer.stem("hemtjänst"))
        #expect(SwedishStemmer.stem("hemtjänstens") == SwedishStemmer.stem("hemtjänst"))
        #expect(SwedishStemmer.stem("medarbetarnas") == SwedishStemmer.stem("medarbetare"))
        #expect(analyzer.tokens("Hemtjänsten") == analyzer.tokens("hemtjänst"))
        #expect(analyzer.tokens("hemtjänstens") == analyzer.tokens("hemtjänst"))
        #expect(analyzer.tokens("Medarbetarnas") == analyzer.tokens("medarbetare"))
        #expect(analyzer.tokens("Hemtjänstens medarbetare") == ["hemtjänst", "medarbet"])
    }

    @Test("å, ä and ö stay letters of their own")
    func swedishLettersKept() {
        #expect(analyzer.tokens("år") == ["år"])
        #expect(analyzer.tokens("år") != analyzer.tokens("ar"))
        #expect(SwedishStemmer.stem("år") != SwedishStemmer.stem("är"))
        #expect(analyzer.tokens("öl") == ["öl"])
        #expect(analyzer.tokens("Åre älv Öland") == ["åre", "älv", "öland"])
        #expect(analyzer.isStopWord("för"))
        #expect(analyzer.isStopWord("är"))
        #expect(!analyzer.isStopWord("år"))
        #expect(!analyzer.isStopWord("får"))
        #expect(analyzer.tokens("för") == [])
        #expect(analyzer.tokens("får") == ["får"])
    }

    @Test("Text of stop words only gives no tokens")
    func onlyStopWords() {
        #expect(analyzer.tokens("och att det är för som en i på de av") == [])
        #expect(analyzer.tokens("Och ATT det, är FÖR!") == [])
        #expect(analyzer.tokens("") == [])
        #expect(analyzer.tokens(" \n\t.,;") == [])
        #expect(analyzer.terms("och att").isEmpty)
    }

    @Test("Decomposed letters are normalised to NFC")
    func nfc() {
        #expect(analyzer.tokens("a\u{30A}") == analyzer.tokens("å"))
        #expect(analyzer.tokens("a\u{30A}ret") == analyzer.tokens("året"))
        #expect(analyzer.tokens("ha\u{308}lsa") == analyzer.tokens("hälsa"))
        #expect(analyzer.tokens("o\u{308}vning") == analyzer.tokens("övning"))
        #expect(analyzer.tokens("A\u{30A}RETS") == analyzer.tokens("årets"))
        #expect(analyzer.tokens("a\u{30A}r")[0].unicodeScalars.map(\.value) == [0xE5, 0x72])
        #expect(analyzer.isStopWord("fo\u{308}r"))
        #expect(analyzer.tokens("fo\u{308}r") == [])
    }

    @Test("Upper-case Å, Ä and Ö are lower-cased")
    func upperCase() {
        #expect(analyzer.tokens("ÅRET ÄLGEN ÖSTERSUND") == analyzer.tokens("året älgen östersund"))
        #expect(analyzer.tokens("ÅRE") == ["åre"])
        #expect(analyzer.tokens("ÖL") == ["öl"])
        #expect(analyzer.tokens("ÄLV") == ["älv"])
        #expect(analyzer.tokens("HEMTJÄNSTEN") == ["hemtjänst"])
        for token in analyzer.tokens("Försäkringskassan ÄR EN MYNDIGHET I SVERIGE") {
            #expect(token == token.lowercased())
        }
    }

    @Test("Other accents are folded, as documented")
    func otherAccents() {
        #expect(analyzer.tokens("idé") == analyzer.tokens("ide"))
        #expect(analyzer.tokens("Idéer") == analyzer.tokens("ideer"))
        #expect(analyzer.tokens("Müller") == analyzer.tokens("muller"))
        #expect(analyzer.tokens("e\u{301}") == ["e"])
    }

    @Test("Punctuation, quotes and query operators never reach the tokens")
    func querySyntax() {
        let text = #"hemtjänst AND (LSS OR "personlig assistans") NOT NEAR(a b) * " ( ) : ^ - + ' ` ~ ! & | < > = @ # % {} [] \ / ; , . ?"#
            + " title:rapport ^start prefix* -minus +plus \"citat\" „citat” «citat» ‘x’ — – …"
        let tokens = analyzer.tokens(text)
        #expect(!tokens.isEmpty)
        for token in tokens {
            #expect(!token.isEmpty)
            #expect(!["AND", "OR", "NOT", "NEAR"].contains(token), "operator \(token) in tokens")
            #expect(token == token.lowercased())
            for scalar in token.unicodeScalars {
                let category = scalar.properties.generalCategory
                let letterOrDigit: Bool
                switch category {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                     .decimalNumber:
                    letterOrDigit = true
                default:
                    letterOrDigit = false
                }
                #expect(letterOrDigit, "\(scalar) (\(category)) in token \(token)")
            }
        }
        #expect(analyzer.tokens("LSS-handläggare") == ["lss", "handlägg"])
        #expect(analyzer.tokens("title:rapport") == ["titl", "rapport"])
        #expect(analyzer.tokens("* \" ( ) : ^ - + ' ,") == [])
    }

    @Test("Digits are kept as they are")
    func digits() {
        #expect(analyzer.tokens("2024") == ["2024"])
        #expect(analyzer.tokens("Budget för år 2024, se 1990-talet") == ["budget", "år", "2024", "se", "1990", "tal"])
        #expect(analyzer.tokens("0012") == ["0012"])
    }

    @Test("Terms point at the original words")
    func termRanges() {
        let text = "Hemtjänsten i Östersund: \"LSS-handläggare\", 2024 och a\u{30A}ret 👩‍⚕️ Medarbetarnas."
        let terms = analyzer.terms(text)
        #expect(terms.map { String(text[$0.range]) }
            == ["Hemtjänsten", "Östersund", "LSS", "handläggare", "2024", "a\u{30A}ret", "Medarbetarnas"])
        #expect(terms.map(\.token) == analyzer.tokens(text))
        #expect(terms.map(\.token) == ["hemtjänst", "östersund", "lss", "handlägg", "2024", "året", "medarbet"])
        #expect(analyzer.joinedTokens(text) == "hemtjänst östersund lss handlägg 2024 året medarbet")
    }

    @Test("Invisible format characters do not split words")
    func formatCharacters() {
        #expect(analyzer.tokens("hem\u{AD}tjänsten") == ["hemtjänst"])
        let text = "ord hem\u{AD}tjänsten."
        let terms = analyzer.terms(text)
        #expect(terms.map { String(text[$0.range]) } == ["ord", "hem\u{AD}tjänsten"])
    }

    @Test("Words over 40 characters are cut to 40 and not stemmed")
    func longWords() {
        let long = String(repeating: "abcdefghij", count: 5) + "arna"
        #expect(analyzer.tokens(long) == [String(long.prefix(40))])
        #expect(analyzer.tokens(long.uppercased()) == [String(long.prefix(40))])
        let exactly40 = String(repeating: "hemtjänst", count: 4) + "arna" // 40 letters: stemmed
        #expect(analyzer.tokens(exactly40) == [SwedishStemmer.stem(exactly40)])
        #expect(analyzer.tokens(String(repeating: "7", count: 50)) == [String(repeating: "7", count: 40)])
    }

    @Test("Stop word list is the Snowball Swedish list")
    func stopWordList() {
        #expect(SwedishAnalyzer.stopWords.count == 114)
        for word in SwedishAnalyzer.stopWords {
            #expect(analyzer.isStopWord(word))
            #expect(analyzer.isStopWord(word.uppercased()))
            #expect(word.unicodeScalars.count <= SwedishAnalyzer.longestStopWord)
        }
        #expect(!analyzer.isStopWord("hemtjänst"))
    }
}
