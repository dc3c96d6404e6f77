import Foundation

/// Turns Swedish text into search tokens.
///
/// The same analyser decides the tokens for every database: SQLite FTS5 and PostgreSQL index the
/// tokens joined with single spaces (``joinedTokens(_:)``), and queries go through the same
/// analyser, so what is indexed and what is searched always agree.
///
/// The steps, per word:
///
/// 1. **Words.** A word is a run of letters and decimal digits (Unicode general categories `L*` and
///    `Nd`). Combining marks (`M*`) belong to the word they follow. Invisible format characters
///    (`Cf`, such as the soft hyphen U+00AD or a zero-width joiner) inside a word are skipped without
///    splitting it; the zero-width space U+200B splits words. Everything else splits words:
///    whitespace, punctuation, quotes, apostrophes, hyphens (`LSS-handläggare` gives `lss` and
///    `handläggare`), and the query syntax of FTS5 and PostgreSQL (`* " ( ) : ^ - + & | ! < >`).
/// 2. **Normalisation.** Lower-case, then Unicode NFC, so a decomposed `a` + U+030A is the same as
///    `å`. The Swedish letters å, ä and ö are kept as letters of their own, never folded to a or o.
///    Other Latin letters lose their diacritics: é, è, ê and ë become e, ü becomes u, ç becomes c,
///    and so on, because Swedish writers often leave the accent out (`idé`/`ide`, `kafé`/`kafe`,
///    `entré`/`entre`, names like `André`). The price is a few clashes once stemmed, such as
///    `armén` (the army) with `armen` (the arm). Letters that are not a Latin letter plus a
///    diacritic stay as they are: æ, ø, ß, and letters of other scripts (й stays й).
/// 3. **Stop words.** Words on the Snowball Swedish stop-word list (`och`, `att`, `för`, `är`, …)
///    are dropped.
/// 4. **Digits.** Words of decimal digits only (`2024`) are kept as they are, not stemmed.
/// 5. **Stemming.** Every other word is reduced with ``SwedishStemmer``.
/// 6. **Length.** A word longer than ``maxWordLength`` scalars (after normalisation) is cut to
///    that length and is not stemmed. Such words are hardly ever real Swedish words (identifiers,
///    encoded data, runs of letters without spaces); cutting rather than dropping keeps them
///    searchable, since the same word in a query is cut the same way.
public struct SwedishAnalyzer: Sendable {
    /// A token together with the place of the word it came from.
    public struct Term: Sendable, Hashable {
        /// The token: the normalised, stemmed word.
        public let token: String
        /// The range of the original word in the analysed string, in that string's own indices,
        /// for highlighting: `text[term.range]` is the word as written.
        public let range: Range<String.Index>

        public init(token: String, range: Range<String.Index>) {
            self.token = token
            self.range = range
        }
    }

    /// Words longer than this many Unicode scalars are cut to this length and not stemmed.
    public static let maxWordLength = 40

    /// An analyser to share; it holds no state.
    public static let shared = SwedishAnalyzer()

    public init() {}

    /// The tokens of `text`, in order, stop words left out.
    public func tokens(_ text: String) -> [String] {
        var out: [String] = []
        analyse(text) { token, _ in out.append(token) }
        return out
    }

    /// The tokens of `text` joined with single spaces: the text a database indexes.
    public func joinedTokens(_ text: String) -> String {
        tokens(text).joined(separator: " ")
    }

    /// The tokens of `text` with the ranges of the words they came from, in order: the tokens are
    /// exactly those of ``tokens(_:)``.
    public func terms(_ text: String) -> [Term] {
        var out: [Term] = []
        analyse(text) { token, range in out.append(Term(token: token, range: range)) }
        return out
    }

    /// Whether `word` is on the stop-word list, after the same normalisation tokens get
    /// (so `Och`, `FÖR` and `a`+U+0308`r` count too).
    public func isStopWord(_ word: String) -> Bool {
        var normalised: [UInt32] = []
        Self.appendNormalised(word.unicodeScalars.filter { Self.kind(of: $0.value) != .ignorable }, to: &normalised)
        return normalised.count <= Self.longestStopWord
            && Self.stopWords.contains(normalised.withUnsafeBufferPointer { Self.string($0.baseAddress!, $0.count) })
    }

    // MARK: - Scanning

    private enum Kind {
        case separator, letter, digit, mark, ignorable
    }

    @inline(__always)
    private static func kind(of value: UInt32) -> Kind {
        if value < 0x80 {
            if value >= 0x61 && value <= 0x7A { return .letter } // a-z
            if value >= 0x41 && value <= 0x5A { return .letter } // A-Z
            if value >= 0x30 && value <= 0x39 { return .digit }
            return .separator
        }
        if value < 0x100 {
            switch value {
            case 0xAA, 0xB5, 0xBA: return .letter
            case 0xAD: return .ignorable // soft hyphen
            case 0xD7, 0xF7: return .separator // × ÷
            case 0xC0 ... 0xFF: return .letter
            default: return .separator
            }
        }
        if value == 0x200B { return .separator } // zero-width space
        guard let scalar = Unicode.Scalar(value) else { return .separator }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber:
            return .digit
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .mark
        case .format:
            return .ignorable
        default:
            return .separator
        }
    }


    /// Finds the words of `text` and hands each token with the range of its word to `emit`.
    private func analyse(_ text: String, _ emit: (String, Range<String.Index>) -> Void) {
        // A word has at most as many scalars as the text has UTF-8 bytes.
        let capacity = max(text.utf8.count, 1)
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { buffer in
            analyse(text, scratch: buffer.baseAddress!, emit)
        }
    }

    private func analyse(
        _ text: String, scratch raw: UnsafeMutablePointer<UInt32>, _ emit: (String, Range<String.Index>) -> Void
    ) {
        let scalars = text.unicodeScalars
        let table = Self.latin1Table
        let stopKeys = Self.stopWordKeys

        var rawCount = 0 // the current word's scalars so far, ignorables left out
        var index = scalars.startIndex
        let end = scalars.endIndex
        var wordStart = index
        var wordEnd = index // just past the word's last letter, digit or mark
        var allDigits = true
        var simple = true // only ASCII and Latin-1 letters and digits: the table normalises them

        func finishWord() {
            let count = rawCount
            rawCount = 0
            let range = wordStart ..< wordEnd
            if allDigits {
                emit(Self.string(raw, min(count, Self.maxWordLength)), range)
                return
            }
            if simple {
                for i in 0 ..< count {
                    let value = raw[i]
                    raw[i] = value < 0x80 ? (value | (value &- 0x41 < 26 ? 0x20 : 0)) : table[Int(value)]
                }
                token(raw, count, range)
            } else {
                var normalised: [UInt32] = []
                Self.appendNormalised(UnsafeBufferPointer(start: raw, count: count).map { Unicode.Scalar($0)! },
                                      to: &normalised)
                normalised.withUnsafeMutableBufferPointer { token($0.baseAddress!, $0.count, range) }
            }
        }

        func token(_ word: UnsafeMutablePointer<UInt32>, _ count: Int, _ range: Range<String.Index>) {
            if count == 0 { return }
            if count > Self.maxWordLength {
                emit(Self.string(word, Self.maxWordLength), range)
                return
            }
            if count <= Self.longestStopWord, let key = Self.stopWordKey(word, count), stopKeys.contains(key) {
                return
            }
            emit(Self.string(word, SwedishStemmer.stemLength(word, count)), range)
        }

        while index < end {
            let value = scalars[index].value
            let next = scalars.index(after: index)
            switch Self.kind(of: value) {
            case .letter:
                if rawCount == 0 {
                    wordStart = index
                    allDigits = true
                    simple = true
                }
                allDigits = false
                if value >= 0x80 && (value >= 0x100 || table[Int(value)] == 0) { simple = false }
                raw[rawCount] = value
                rawCount += 1
                wordEnd = next
            case .digit:
                if rawCount == 0 {
                    wordStart = index
                    allDigits = true
                    simple = true
                }
                if value >= 0x80 { simple = false }
                raw[rawCount] = value
                rawCount += 1
                wordEnd = next
            case .mark:
                if rawCount > 0 {
                    simple = false
                    allDigits = false
                    raw[rawCount] = value
                    rawCount += 1
                    wordEnd = next
                }
            case .ignorable:
                break
            case .separator:
                if rawCount > 0 { finishWord() }
            }
            index = next
        }
        if rawCount > 0 { finishWord() }
    }

    // MARK: - Normalisation

    /// Lower-cases, removes diacritics other than those of å, ä and ö, and composes (NFC),
    /// appending the resulting scalar values.
    private static func appendNormalised(
        _ scalars: some Sequence<Unicode.Scalar>, to out: inout [UInt32]
    ) {
        var word = String.UnicodeScalarView()
        word.append(contentsOf: scalars)
        let decomposed = String(word).lowercased().decomposedStringWithCanonicalMapping
        var kept = String.UnicodeScalarView()
        var base: UInt32 = 0 // the letter the marks that follow belong to
        var previous: UInt32 = 0
        for scalar in decomposed.unicodeScalars {
            let value = scalar.value
            if value >= 0x300 && value <= 0x36F {
                // A diacritic on a Latin letter a-z is dropped, except the ring of å and the dots
                // of ä and ö directly on their letter. Marks on other scripts are kept (й is not и).
                if base >= 0x61 && base <= 0x7A {
                    let swedish = (value == 0x30A && previous == 0x61)
                        || (value == 0x308 && (previous == 0x61 || previous == 0x6F))
                    if !swedish { continue }
                }
            } else {
                base = value
            }
            kept.append(scalar)
            previous = value
        }
        for scalar in String(kept).precomposedStringWithCanonicalMapping.unicodeScalars {
            out.append(scalar.value)
        }
    }

    /// The normalised form of each Latin-1 letter (U+00C0 … U+00FF and ª µ º), or 0 for a scalar
    /// the table does not cover. Built with the general normalisation, so both paths agree.
    private static let latin1Table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 256)
        for value in UInt32(0x80) ... 0xFF where kind(of: value) == .letter {
            var normalised: [UInt32] = []
            appendNormalised(CollectionOfOne(Unicode.Scalar(value)!), to: &normalised)
            if normalised.count == 1 { table[Int(value)] = normalised[0] }
        }
        return table
    }()

    /// The first `count` scalar values at `values` as a string.
    private static func string(_ values: UnsafePointer<UInt32>, _ count: Int) -> String {
        var byteCount = 0
        for i in 0 ..< count {
            let value = values[i]
            byteCount += value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
        }
        return String(unsafeUninitializedCapacity: byteCount) { bytes in
            var j = 0
            for i in 0 ..< count {
                let value = values[i]
                if value < 0x80 {
                    bytes[j] = UInt8(value)
                    j += 1
                } else if value < 0x800 {
                    bytes[j] = UInt8(0xC0 | value >> 6)
                    bytes[j + 1] = UInt8(0x80 | value & 0x3F)
                    j += 2
                } else if value < 0x10000 {
                    bytes[j] = UInt8(0xE0 | value >> 12)
                    bytes[j + 1] = UInt8(0x80 | value >> 6 & 0x3F)
                    bytes[j + 2] = UInt8(0x80 | value & 0x3F)
                    j += 3
                } else {
                    bytes[j] = UInt8(0xF0 | value >> 18)
                    bytes[j + 1] = UInt8(0x80 | value >> 12 & 0x3F)
                    bytes[j + 2] = UInt8(0x80 | value >> 6 & 0x3F)
                    bytes[j + 3] = UInt8(0x80 | value & 0x3F)
                    j += 4
                }
            }
            return j
        }
    }

    // MARK: - Stop words

    /// The Snowball Swedish stop-word list (https://snowballstem.org/algorithms/swedish/stop.txt).
    static let stopWords: Set<String> = [
        "och", "det", "att", "i", "en", "jag", "hon", "som", "han", "på", "den", "med", "var", "sig",
        "för", "så", "till", "är", "men", "ett", "om", "hade", "de", "av", "icke", "mig", "du",
        "henne", "då", "sin", "nu", "har", "inte", "hans", "honom", "skulle", "hennes", "där", "min",
        "man", "ej", "vid", "kunde", "något", "från", "ut", "när", "efter", "upp", "vi", "dem",
        "vara", "vad", "över", "än", "dig", "kan", "sina", "här", "ha", "mot", "alla", "under",
        "någon", "eller", "allt", "mycket", "sedan", "ju", "denna", "själv", "detta", "åt", "utan",
        "varit", "hur", "ingen", "mitt", "ni", "bli", "blev", "oss", "din", "dessa", "några",
        "deras", "blir", "mina", "samma", "vilken", "er", "sådan", "vår", "blivit", "dess", "inom",
        "mellan", "sådant", "varför", "varje", "vilka", "ditt", "vem", "vilket", "sitta", "sådana",
        "vart", "dina", "vars", "vårt", "våra", "ert", "era", "vilkas",
    ]

    /// The length in scalars of the longest stop word; longer words need no look-up.
    static let longestStopWord = 6

    /// The stop words as keys from ``stopWordKey(_:_:)``, for look-ups without building a string.
    private static let stopWordKeys: Set<UInt64> = Set(stopWords.map { word in
        let values = word.unicodeScalars.map(\.value)
        return values.withUnsafeBufferPointer { stopWordKey($0.baseAddress!, $0.count)! }
    })

    /// Packs a word of at most eight scalars below U+0100 into one integer, one byte per scalar;
    /// `nil` for any other word, which can never be a stop word (they are all in Latin-1).
    @inline(__always)
    private static func stopWordKey(_ word: UnsafePointer<UInt32>, _ count: Int) -> UInt64? {
        if count > 8 { return nil }
        var key: UInt64 = 0
        for i in 0 ..< count {
            let value = word[i]
            if value >= 0x100 { return nil }
            key = key << 8 | UInt64(value)
        }
        return key
    }
}
