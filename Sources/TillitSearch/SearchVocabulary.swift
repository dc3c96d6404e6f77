/// The terms of a search index, and the rules by which a query word reaches them.
///
/// Terms are tokens from ``SwedishAnalyzer``: lower-case, normalised, stemmed. A query word (a
/// token too) reaches:
///
/// - **itself**;
/// - **its inflections the stemmer left** (Snowball keeps `arbetsmiljön` and `mötet` whole): a term
///   that is the word followed by one of a few endings (``inflectionEndings``);
/// - **compounds that start with it**: `hemtjänst` reaches `hemtjänstpersonal` and `äldreomsorg`
///   reaches `äldreomsorgsförvaltning`, because what follows (after an optional linking `s`, `e` or
///   `a`, or an ending: `medarbet`·`ar`·`samtal`) is itself a word of the index;
/// - **compounds that end with it**: `krav` reaches `uppföljningskrav`, because what comes before
///   (less a linking letter) is a word of the index.
///
/// Prefixes only count from ``minimumPrefixLength`` letters and only under these rules, so a short
/// word does not drift into longer unrelated ones: `bil` never reaches `bild` or `bildning`, `tak`
/// never `takt`. Å, ä and ö are letters of their own throughout, as in the analyser.
///
/// A query word that is itself a compound is split into known parts (``decompose(_:)``):
/// `uppföljningskrav` into `uppföljning` and `krav`, `arbetsmiljöproblem` into `arbetsmiljö` and
/// `problem`, `barnomsorg` into `barn` and `omsorg`, so that it also finds "krav på uppföljning".
///
/// Everything is decided against the index's own terms, in plain Swift, so both databases behave
/// the same. Terms are ordered byte-wise (their UTF-8), as both databases order them.
public struct SearchVocabulary: Sendable {
    /// How an indexed term relates to a query word.
    public enum Match: Sendable, Equatable {
        /// The word itself, or one of its inflections.
        case same
        /// A compound that the word begins or ends.
        case compound
    }

    /// A word reaches longer terms only from this many letters on.
    public static let minimumPrefixLength = 4
    /// The shortest part a compound is split into.
    public static let minimumPartLength = 3
    /// Endings of inflected forms that the stemmer keeps on some words (`arbetsmiljö`·`n`,
    /// `möt`·`et`, `skol`·`an`, `sjukfrånvaro`·`n`).
    public static let inflectionEndings: [String] = ["n", "na", "nas", "ns", "t", "ts", "s", "e", "en", "ens", "et", "ets", "a", "an", "ar", "er", "or"]
    /// Letters that join the parts of a Swedish compound (`uppföljning`·`s`·`krav`,
    /// `förskol`·`e`·`barn`, `kvinn`·`o`… is left out: it is rare and would split too eagerly).
    public static let linkingLetters: [String] = ["s", "e", "a"]

    /// The terms, sorted byte-wise, each once.
    public let terms: [String]
    private let known: Set<String>
    /// Each term with its scalars in reverse order, sorted byte-wise: the terms that end in a word
    /// are a range here.
    private let reversed: [String]

    public init(_ terms: some Sequence<String>) {
        let unique = Set(terms)
        known = unique
        self.terms = unique.sorted(by: Self.precedes)
        reversed = unique.map(Self.reverse).sorted(by: Self.precedes)
    }

    public var isEmpty: Bool { terms.isEmpty }

    /// Whether `term` is a term of the index.
    public func contains(_ term: String) -> Bool { known.contains(term) }

    /// Byte-wise order of UTF-8, as the databases compare terms.
    public static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    static func reverse(_ s: String) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: s.unicodeScalars.reversed())
        return String(view)
    }

    /// The indices in `array` (sorted byte-wise) of the strings that start with `prefix`.
    private static func range(of prefix: String, in array: [String]) -> Range<Int> {
        let p = Array(prefix.utf8)
        func lowerBound(_ below: (String) -> Bool) -> Int {
            var low = 0, high = array.count
            while low < high {
                let mid = (low + high) / 2
                if below(array[mid]) { low = mid + 1 } else { high = mid }
            }
            return low
        }
        let start = lowerBound { $0.utf8.lexicographicallyPrecedes(p) }
        let end = lowerBound { s in s.utf8.lexicographicallyPrecedes(p) || s.utf8.starts(with: p) }
        return start..<end
    }

    /// The terms that start with `prefix` (the prefix itself included), byte-wise.
    public func terms(withPrefix prefix: String) -> ArraySlice<String> { terms[Self.range(of: prefix, in: terms)] }

    /// Whether `part` is a word of the index: a term, or a term that is `part` with an inflection
    /// ending, at least ``minimumPartLength`` letters long.
    public func isKnown(_ part: Substring) -> Bool { knownForm(part) != nil }

    /// The form in which `part` is a word of the index: the part itself when it is a term, or when
    /// it is long enough to reach a term that is the part with an inflection ending (`arbetsmiljö`,
    /// for `arbetsmiljön`); else that term; else the part less one (`brukar`
    /// for `bruk`, `miljön` for `miljö`). Nil when there is none, or the part is shorter than
    /// ``minimumPartLength``.
    public func knownForm(_ part: Substring) -> String? {
        let length = part.unicodeScalars.count
        guard length >= Self.minimumPartLength else { return nil }
        let word = String(part)
        if known.contains(word) { return word }
        if let ending = Self.inflectionEndings.first(where: { known.contains(word + $0) }) {
            // A part long enough to reach its inflections (see ``expansions(of:)``) stays as it is.
            return length >= Self.minimumPrefixLength ? word : word + ending
        }
        for ending in Self.inflectionEndings where length - ending.count >= Self.minimumPartLength && word.hasSuffix(ending) {
            let shorter = String(word.unicodeScalars.dropLast(ending.count))
            if known.contains(shorter) { return shorter }
        }
        return nil
    }

    /// Whether `rest`, what follows a word in a longer term, makes that term a compound of the word:
    /// it is a known word, perhaps after a linking letter or an ending the stem lost.
    private func isCompoundTail(_ rest: Substring) -> Bool {
        if isKnown(rest) { return true }
        for joint in Self.linkingLetters + Self.inflectionEndings where rest.hasPrefix(joint) {
            if isKnown(rest.dropFirst(joint.count)) { return true }
        }
        return false
    }

    /// Whether `head`, what comes before a word in a longer term, makes that term a compound: it
    /// is a known word, perhaps with a linking letter after it.
    private func isCompoundHead(_ head: Substring) -> Bool {
        if isKnown(head) { return true }
        if let last = head.unicodeScalars.last, Self.linkingLetters.contains(String(last)) {
            return isKnown(head.dropLast())
        }
        return false
    }

    /// The terms `word` reaches, byte-wise, each with how it relates to the word.
    public func expansions(of word: String) -> [(term: String, match: Match)] {
        var found: [String: Match] = [:]
        let length = word.unicodeScalars.count
        if known.contains(word) { found[word] = .same }
        if length >= Self.minimumPrefixLength {
            for term in terms(withPrefix: word) where term != word {
                let rest = Substring(term.unicodeScalars.dropFirst(length))
                if Self.inflectionEndings.contains(String(rest)) {
                    found[term] = .same
                } else if isCompoundTail(rest) {
                    found[term] = .compound
                }
            }
        }
        if length >= Self.minimumPartLength {
            // Compounds that end in the word, or in one of its inflections when it is long enough.
            let endings = length >= Self.minimumPrefixLength ? [""] + Self.inflectionEndings : [""]
            for ending in endings {
                let target = word + ending
                for reversedTerm in reversed[Self.range(of: Self.reverse(target), in: reversed)] {
                    let term = Self.reverse(reversedTerm)
                    guard term != target, found[term] == nil else { continue }
                    if isCompoundHead(Substring(term.unicodeScalars.dropLast(target.unicodeScalars.count))) { found[term] = .compound }
                }
            }
        }
        return found.sorted { Self.precedes($0.key, $1.key) }.map { (term: $0.key, match: $0.value) }
    }

    /// `word` split into two or three known parts (the linking letters left out, each part as the
    /// term that makes it known, see ``knownForm(_:)``), or nil when it is
    /// not such a compound. Of several ways, the one with the fewest parts, then the one whose
    /// shortest part is longest, then the one with the longest last part: the last part of a
    /// Swedish compound says what it is.
    public func decompose(_ word: String) -> [String]? {
        decompose(Substring(word), parts: 3)
    }

    private func decompose(_ word: Substring, parts limit: Int) -> [String]? {
        let scalars = Array(word.unicodeScalars)
        let n = scalars.count
        guard limit >= 2, n >= 2 * Self.minimumPartLength else { return nil }
        func text(_ r: Range<Int>) -> Substring {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[r])
            return Substring(String(view))
        }
        var best: [String]?
        func better(_ a: [String], than b: [String]?) -> Bool {
            guard let b else { return true }
            if a.count != b.count { return a.count < b.count }
            let ma = a.map(\.unicodeScalars.count).min()!, mb = b.map(\.unicodeScalars.count).min()!
            if ma != mb { return ma > mb }
            return a.last!.unicodeScalars.count > b.last!.unicodeScalars.count
        }
        for cut in Self.minimumPartLength...(n - Self.minimumPartLength) {
            let tail = text(cut..<n)
            var heads: [Substring] = [text(0..<cut)]
            if Self.linkingLetters.contains(String(scalars[cut - 1])), cut - 1 >= Self.minimumPartLength {
                heads.append(text(0..<(cut - 1)))
            }
            for head in heads {
                guard let headForm = knownForm(head) else { continue }
                if let tailForm = knownForm(tail) {
                    let candidate = [headForm, tailForm]
                    if better(candidate, than: best) { best = candidate }
                } else if limit > 2, best == nil || best!.count > 2, let rest = decompose(tail, parts: limit - 1) {
                    let candidate = [headForm] + rest
                    if better(candidate, than: best) { best = candidate }
                }
            }
        }
        return best
    }

    /// Terms close to `word` in spelling (at most one edit for short words, two for longer ones;
    /// a swap of two neighbouring letters is one edit), closest first, then those sharing the
    /// longest beginning with it, then byte-wise. Only terms with the same first letter are
    /// considered.
    public func suggestions(for word: String, limit: Int = 3) -> [String] {
        let w = Array(word.unicodeScalars)
        guard let first = word.unicodeScalars.first, w.count >= 3 else { return [] }
        let allowed = w.count >= 6 ? 2 : 1
        var found: [(term: String, distance: Int, common: Int)] = []
        for term in terms(withPrefix: String(first)) {
            let t = Array(term.unicodeScalars)
            guard abs(t.count - w.count) <= allowed, t.count >= 3, term != word else { continue }
            let d = Self.distance(w, t, limit: allowed)
            if d <= allowed {
                found.append((term, d, zip(w, t).prefix { $0 == $1 }.count))
            }
        }
        return found.sorted { a, b in
            if a.distance != b.distance { return a.distance < b.distance }
            if a.common != b.common { return a.common > b.common }
            return Self.precedes(a.term, b.term)
        }.prefix(limit).map(\.term)
    }

    /// The optimal-string-alignment distance between `a` and `b`, or `limit + 1` when it is larger.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        let n = a.count, m = b.count
        if abs(n - m) > limit { return limit + 1 }
        var previous2 = [Int](repeating: 0, count: m + 1)
        var previous = Array(0...m)
        var current = [Int](repeating: 0, count: m + 1)
        for i in 1...max(n, 1) where n > 0 {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...max(m, 1) where m > 0 {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, previous2[j - 2] + 1) }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return min(n == 0 ? m : previous[m], limit + 1)
    }
}
