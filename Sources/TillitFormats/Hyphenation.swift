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
    /// heading in the largest type (not in their tags or character references). Searched in the
    /// UTF-8 bytes: a page's whole text is never indexed as UTF-16 (Foundation's `range(of:)`
    /// would, on every page).
    public static func headings(_ html: String) -> String {
        let utf8 = html.utf8
        var out = ""
        var copied = utf8.startIndex
        var search = utf8.startIndex
        while let open = utf8[search...].firstRange(of: h1Open) {
            let afterTag = open.upperBound
            guard afterTag < utf8.endIndex, utf8[afterTag] == UInt8(ascii: ">") || utf8[afterTag] == UInt8(ascii: " ") else {
                search = afterTag
                continue
            }
            guard let close = utf8[afterTag...].firstRange(of: h1Close) else { break }
            let heading = Substring(utf8[open.lowerBound..<close.lowerBound])
            let hyphenated = textOnly(heading)
            if hyphenated.utf8.count != heading.utf8.count {
                out += html[copied..<open.lowerBound]
                out += hyphenated
                copied = close.lowerBound
            }
            search = close.upperBound
        }
        guard copied != utf8.startIndex else { return html }
        out += html[copied...]
        return out
    }

    static let h1Open = Array("<h1".utf8)
    static let h1Close = Array("</h1>".utf8)

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
