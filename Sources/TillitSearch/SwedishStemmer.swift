// The Snowball Swedish stemming algorithm (https://snowballstem.org/algorithms/swedish/stemmer.html),
// matching the current Snowball release (3.1) word for word, including its `et` rule and `öst` → `ös`.
//
// The algorithm works on Unicode scalars, exactly like the reference implementations, which count
// code points. Every rule only ever removes letters from the end of the word (`öst` → `ös` and
// `fullt` → `full` drop the final `t`), so the stem is always a prefix of the input: the stemmer
// computes how many scalars to keep and returns that prefix of the original string, without any
// intermediate strings. Words that lose nothing are returned as they are.

/// The Snowball Swedish stemmer.
///
/// The input is expected to be lower-case already (``SwedishAnalyzer`` lower-cases and normalises
/// before it stems); upper-case letters are not vowels to the algorithm.
public enum SwedishStemmer {
    /// Returns the Snowball stem of a lower-case Swedish word.
    public static func stem(_ word: String) -> String {
        if let stemmed = word.utf8.withContiguousStorageIfAvailable({ stem(utf8: $0, original: word) }) {
            return stemmed
        }
        var contiguous = word
        contiguous.makeContiguousUTF8()
        return contiguous.utf8.withContiguousStorageIfAvailable { stem(utf8: $0, original: contiguous) } ?? word
    }

    private static func stem(utf8 bytes: UnsafeBufferPointer<UInt8>, original: String) -> String {
        let byteCount = bytes.count
        // Two scalars or fewer can never lose a suffix: R1 starts at the third letter or later.
        if byteCount < 3 { return original }
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: byteCount) { scalars -> String in
            let base = scalars.baseAddress!
            let count = decode(bytes, into: base)
            let kept = stemLength(base, count)
            if kept == count { return original }
            let keptBytes = utf8Length(bytes, scalars: kept)
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[0 ..< keptBytes]), as: UTF8.self)
        }
    }

    /// Decodes valid UTF-8 into scalar values and returns how many there are.
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt32>) -> Int {
        var i = 0
        var n = 0
        let end = bytes.count
        while i < end {
            let b0 = UInt32(bytes[i])
            if b0 < 0x80 {
                out[n] = b0
                i += 1
            } else if b0 < 0xE0 {
                out[n] = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                i += 2
            } else if b0 < 0xF0 {
                out[n] = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                i += 3
            } else {
                out[n] = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12
                    | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
                i += 4
            }
            n += 1
        }
        return n
    }

    /// The number of UTF-8 bytes taken by the first `scalars` scalars.
    @inline(__always)
    private static func utf8Length(_ bytes: UnsafeBufferPointer<UInt8>, scalars: Int) -> Int {
        var seen = 0
        var i = 0
        while i < bytes.count {
            // Every byte that is not a continuation byte (10xxxxxx) starts a scalar.
            if bytes[i] & 0xC0 != 0x80 {
                if seen == scalars { return i }
                seen += 1
            }
            i += 1
        }
        return bytes.count
    }

    // MARK: - The algorithm on scalar values

    /// Letters in the vowel grouping `v`: a e i o u y ä å ö.
    @inline(__always)
    static func isVowel(_ c: UInt32) -> Bool {
        switch c {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79, 0xE4, 0xE5, 0xF6: return true
        default: return false
        }
    }

    /// Letters that may come before a final `s` that is removed: b c d f g h j k l m n o p r t v y.
    @inline(__always)
    static func isValidSEnding(_ c: UInt32) -> Bool {
        switch c {
        case 0x62, 0x63, 0x64, 0x66, 0x67, 0x68, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70, 0x72, 0x74, 0x76,
             0x79:
            return true
        default: return false
        }
    }

    /// Letters that may come before `öst` for it to become `ös`: i k l n p r t u v.
    @inline(__always)
    static func isValidOstEnding(_ c: UInt32) -> Bool {
        switch c {
        case 0x69, 0x6B, 0x6C, 0x6E, 0x70, 0x72, 0x74, 0x75, 0x76: return true
        default: return false
        }
    }

    /// Whether `s[0 ..< end]` ends with the ASCII literal and the literal starts at or after `limit`.
    @inline(__always)
    static func ends(
        _ s: UnsafePointer<UInt32>, _ end: Int, _ literal: StaticString, from limit: Int = 0
    ) -> Bool {
        let m = literal.utf8CodeUnitCount
        let start = end - m
        if start < limit { return false }
        let p = literal.utf8Start
        var i = 0
        while i < m {
            if s[start + i] != UInt32(p[i]) { return false }
            i += 1
        }
        return true
    }

    /// Start of the region R1: just past the first non-vowel that follows a vowel, but no sooner
    /// than after the third letter. Equal to `n` when there is no such region.
    @inline(__always)
    static func r1(_ s: UnsafePointer<UInt32>, _ n: Int) -> Int {
        if n < 3 { return n }
        var i = 0
        while i < n && !isVowel(s[i]) { i += 1 }
        if i == n { return n }
        i += 1
        while i < n && isVowel(s[i]) { i += 1 }
        if i == n { return n }
        return max(i + 1, 3)
    }

    /// The `et_condition` of the algorithm, for an `et` that starts at `c`: a non-vowel before it,
    /// a vowel before that, at least one more letter before that, and the word up to `c` must not
    /// end in one of the listed exceptions (so `kvalitet`, `universitet` and `paket` keep their `et`).
    @inline(__always)
    static func etCondition(_ s: UnsafePointer<UInt32>, _ c: Int) -> Bool {
        if c < 3 { return false }
        if isVowel(s[c - 1]) || !isVowel(s[c - 2]) { return false }
        switch s[c - 1] {
        case 0x62: // b
            return !ends(s, c, "fab")
        case 0x68: // h
            return false
        case 0x6B: // k
            return !(ends(s, c, "pak") || ends(s, c, "rak") || ends(s, c, "stak"))
        case 0x6D: // m
            return !ends(s, c, "kom")
        case 0x74: // t
            // iet, and every listed -it: cit dit alit ilit mit nit pit rit sit tit uit ivit kvit xit.
            let a = s[c - 2]
            if a == 0x65 { return s[c - 3] != 0x69 } // iet
            if a != 0x69 { return true }
            switch s[c - 3] {
            case 0x63, 0x64, 0x6D, 0x6E, 0x70, 0x72, 0x73, 0x74, 0x75, 0x78: // c d m n p r s t u x
                return false
            case 0x6C: // l: alit, ilit
                return !(ends(s, c, "alit") || ends(s, c, "ilit"))
            case 0x76: // v: ivit, kvit
                return !(ends(s, c, "ivit") || ends(s, c, "kvit"))
            default:
                return true
            }
        default:
            return true
        }
    }

    /// The number of leading scalars of `s[0 ..< n]` (a lower-case word) that form its stem.
    static func stemLength(_ s: UnsafePointer<UInt32>, _ count: Int) -> Int {
        let p1 = r1(s, count)
        if p1 >= count { return count }
        var n = count

        // Step 1: main suffixes. The longest suffix from the list that lies in R1 is acted on.
        switch s[n - 1] {
        case 0x61: // a
            if ends(s, n, "heterna", from: p1) { n -= 7 }
            else if ends(s, n, "arna", from: p1) || ends(s, n, "erna", from: p1) || ends(s, n, "orna", from: p1) {
                n -= 4
            } else { n -= 1 } // "a" (the last letter is in R1 since p1 < n)
        case 0x64: // d
            if ends(s, n, "ad", from: p1) { n -= 2 }
        case 0x65: // e
            if ends(s, n, "ande", from: p1) || ends(s, n, "arne", from: p1) || ends(s, n, "aste", from: p1) {
                n -= 4
            } else if ends(s, n, "ade", from: p1) || ends(s, n, "are", from: p1) { n -= 3 }
            else { n -= 1 }
        case 0x6E: // n
            if ends(s, n, "anden", from: p1) || ends(s, n, "heten", from: p1) { n -= 5 }
            else if ends(s, n, "aren", from: p1) { n -= 4 }
            else if ends(s, n, "ern", from: p1) { n -= 3 }
            else if ends(s, n, "en", from: p1) { n -= 2 }
        case 0x72: // r
            if ends(s, n, "heter", from: p1) { n -= 5 }
            else if ends(s, n, "ar", from: p1) || ends(s, n, "er", from: p1) || ends(s, n, "or", from: p1) {
                n -= 2
            }
        case 0x73: // s
            if ends(s, n, "hetens", from: p1) { n -= 6 }
            else if ends(s, n, "arnas", from: p1) || ends(s, n, "ernas", from: p1) || ends(s, n, "ornas", from: p1)
                || ends(s, n, "andes", from: p1) || ends(s, n, "arens", from: p1) {
                n -= 5
            } else if ends(s, n, "ades", from: p1) || ends(s, n, "erns", from: p1) { n -= 4 }
            else if ends(s, n, "ens", from: p1) { n -= 3 }
            else if ends(s, n, "as", from: p1) || ends(s, n, "es", from: p1) { n -= 2 }
            else if ends(s, n - 1, "et") && etCondition(s, n - 3) {
                // A lone "s" after "et" that passes the et condition takes the "et" with it.
                n -= 3
            } else if isValidSEnding(s[n - 2]) {
                n -= 1
            }
        case 0x74: // t
            if ends(s, n, "andet", from: p1) { n -= 5 }
            else if ends(s, n, "het", from: p1) || ends(s, n, "ast", from: p1) { n -= 3 }
            else if ends(s, n, "at", from: p1) { n -= 2 }
            else if ends(s, n, "et", from: p1) {
                if etCondition(s, n - 2) { n -= 2 }
            }
        default:
            break
        }

        // Step 2: a final consonant pair dd gd nn dt gt kt tt in R1 loses its last letter.
        if n - 2 >= p1 {
            let a = s[n - 2]
            let b = s[n - 1]
            let pair: Bool
            switch b {
            case 0x64: pair = a == 0x64 || a == 0x67 // dd gd
            case 0x6E: pair = a == 0x6E // nn
            case 0x74: pair = a == 0x64 || a == 0x67 || a == 0x6B || a == 0x74 // dt gt kt tt
            default: pair = false
            }
            if pair { n -= 1 }
        }

        // Step 3: other suffixes in R1: lig ig els (removed), öst (→ ös), fullt (→ full).
        switch s[n - 1] {
        case 0x67: // g
            if ends(s, n, "lig", from: p1) { n -= 3 }
            else if ends(s, n, "ig", from: p1) { n -= 2 }
        case 0x73: // s
            if ends(s, n, "els", from: p1) { n -= 3 }
        case 0x74: // t
            if ends(s, n, "fullt", from: p1) {
                n -= 1
            } else if n - 3 >= p1 && s[n - 3] == 0xF6 && s[n - 2] == 0x73 {
                // "öst" becomes "ös" after i k l n p r t u v, whether or not that letter is in R1.
                if n >= 4 && isValidOstEnding(s[n - 4]) { n -= 1 }
            }
        default:
            break
        }
        return n
    }
}
