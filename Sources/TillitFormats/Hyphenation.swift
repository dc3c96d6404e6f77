import Foundation

/// Places where a long word may break, as soft hyphens (U+00AD), for headings on narrow screens.
///
/// Browsers without hyphenation rules for Swedish (`hyphens: auto` needs them) break a word that
/// does not fit a line anywhere and without a hyphen ("Samhällsbyggnadsfö|rvaltningen"). A soft
/// hyphen is invisible unless the line breaks there, and then shows as "-". The places follow the
/// plain rule of Swedish syllables: between two vowels stands a group of consonants, and the break
/// comes before its last consonant (Samhälls-bygg-nads-för-valt-ning-en). Words shorter than
/// ``minimumLength`` letters are left alone, and no break leaves fewer than three letters on
/// either side.
public enum Hyphenation {
    /// About as many letters as a heading's line holds on a 320 px screen: shorter words fit.
    public static let minimumLength = 15
    static let softHyphen: Character = "\u{AD}"
    static let vowels = Set("aeiouyåäöéüAEIOUYÅÄÖÉÜ")

    /// `text` with soft hyphens in its long words.
    public static func breakable(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        var word: [Character] = []
        func flush() {
            if word.count >= minimumLength { out += hyphenate(word) } else { out.append(contentsOf: word) }
            word.removeAll(keepingCapacity: true)
        }
        for character in text {
            if character.isLetter { word.append(character) } else { flush(); out.append(character) }
        }
        flush()
        return out
    }

    /// One word of letters with its break places.
    static func hyphenate(_ word: [Character]) -> String {
        var breaks = Set<Int>()
        var lastVowel: Int?
        for (index, character) in word.enumerated() where vowels.contains(character) {
            // consonants between the previous vowel and this one: break before the last of them
            if let previous = lastVowel, index - previous >= 2 {
                let at = index - 1
                if at >= 3, word.count - at >= 3 { breaks.insert(at) }
            }
            lastVowel = index
        }
        var out = ""
        for (index, character) in word.enumerated() {
            if breaks.contains(index) { out.append(softHyphen) }
            out.append(character)
        }
        return out
    }

    /// `html` with soft hyphens in the long words of the text of its `<h1>` elements, the page's
    /// heading in the largest type (not in their tags or character references).
    public static func headings(_ html: String) -> String {
        let changes = headingChanges(html)
        guard !changes.isEmpty else { return html }
        var out = ""
        out.reserveCapacity(html.utf8.count + 64)
        splice(html, changes, into: &out)
        return out
    }

    /// Appends `html` to `out` with soft hyphens in its headings, as ``headings(_:)`` gives it,
    /// without a hyphenated copy of `html` made first.
    public static func appendHeadings(of html: String, into out: inout String) {
        splice(html, headingChanges(html), into: &out)
    }

    private static func splice(_ html: String, _ changes: [(range: Range<String.Index>, hyphenated: String)], into out: inout String) {
        var copied = html.startIndex
        for change in changes {
            out += html[copied..<change.range.lowerBound]
            out += change.hyphenated
            copied = change.range.upperBound
        }
        out += html[copied...]
    }

    /// The `<h1>` elements of `html` that gain soft hyphens, in order, each with its text as it
    /// should read. Found by one pass over the page's UTF-8 bytes: every page goes through here.
    static func headingChanges(_ html: String) -> [(range: Range<String.Index>, hyphenated: String)] {
        var html = html
        let headings = html.withUTF8 { bytes -> [Range<Int>] in
            // The byte ranges of each <h1 …>…</h1> (from "<h1" up to "</h1>"). Found by their "1"
            // (memchr), which is far rarer in a page than "<": a page has one or two headings among
            // thousands of tags, so it is not read tag by tag.
            var headings: [Range<Int>] = []
            guard let base = bytes.baseAddress else { return headings }
            let n = bytes.count
            let lt = UInt8(ascii: "<"), h = UInt8(ascii: "h"), one = UInt8(ascii: "1"), slash = UInt8(ascii: "/"), gt = UInt8(ascii: ">")
            var open: Int? = nil
            var i = 2
            while i < n {
                guard let found = memchr(base + i, Int32(one), n - i) else { break }
                let j = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                i = j + 1
                guard j + 1 < n, bytes[j - 1] == h else { continue }
                if open == nil, bytes[j - 2] == lt, bytes[j + 1] == gt || bytes[j + 1] == UInt8(ascii: " ") {
                    open = j - 2
                } else if let start = open, j >= 3, bytes[j - 3] == lt, bytes[j - 2] == slash, bytes[j + 1] == gt {
                    headings.append(start..<(j - 3))
                    open = nil
                }
            }
            return headings
        }
        var changes: [(range: Range<String.Index>, hyphenated: String)] = []
        for range in headings {
            let start = html.utf8.index(html.utf8.startIndex, offsetBy: range.lowerBound)
            let end = html.utf8.index(html.utf8.startIndex, offsetBy: range.upperBound)
            let heading = html[start..<end]
            let hyphenated = hyphenatedHeadings.value(ExactText(String(heading))) { textOnly(heading) }
            guard hyphenated.utf8.count != heading.utf8.count else { continue }
            changes.append((start..<end, hyphenated))
        }
        return changes
    }

    /// Headings as hyphenated, by their exact text: a page's heading is mostly one seen before.
    private static let hyphenatedHeadings = KeptValues<ExactText, String>(capacity: 4096)

    /// Soft hyphens in the text between tags. A character reference (`&amp;`, `&#x27;`) is never
    /// touched: its letters are fewer than a long word's.
    static func textOnly(_ fragment: Substring) -> String {
        var out = ""
        var text = ""
        var inTag = false
        func flushText() {
            out += breakable(text)
            text = ""
        }
        for character in fragment {
            if inTag {
                out.append(character)
                if character == ">" { inTag = false }
            } else if character == "<" {
                flushText()
                inTag = true
                out.append(character)
            } else {
                text.append(character)
            }
        }
        flushText()
        return out
    }
}
