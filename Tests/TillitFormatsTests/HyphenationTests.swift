import Foundation
import PropertyBased
import Testing
@testable import TillitFormats

@Suite("Hyphenation of long words in headings")
struct HyphenationTests {
    static func shown(_ text: String) -> String { text.replacingOccurrences(of: "\u{AD}", with: "-") }

    @Test("a long Swedish compound may break before the last consonant between two vowels, with a visible hyphen")
    func compounds() {
        #expect(Self.shown(Hyphenation.breakable("Samhällsbyggnadsförvaltningen")) == "Sam-hälls-bygg-nads-för-valt-nin-gen")
        #expect(Self.shown(Hyphenation.breakable("Omsorgsförvaltningen")) == "Omsorgs-för-valt-nin-gen")
        // the letters are all still there, in order
        for word in ["Arbetsmiljöproblem", "Uppföljningskrav", "Kunskapsbanken", "Barn- och utbildningsförvaltningen"] {
            #expect(Hyphenation.breakable(word).replacingOccurrences(of: "\u{AD}", with: "") == word)
        }
    }

    @Test("short words, the ends of words and character references are left alone")
    func leftAlone() {
        #expect(Hyphenation.breakable("Signaler och försök") == "Signaler och försök")
        #expect(Hyphenation.breakable("Uppföljning Tillitsbaserad") == "Uppföljning Tillitsbaserad")
        let broken = Hyphenation.breakable("Tillitsbarometern")
        #expect(Self.shown(broken) == "Til-lits-ba-ro-me-tern" && !broken.hasSuffix("\u{AD}rn"))
        #expect(Hyphenation.headings("<h1>Vård &amp; omsorg &#x27;Äldreomsorgsförvaltningen&#x27;</h1>").contains("&amp;"))
        #expect(Hyphenation.headings("<h1>Vård &amp; omsorg &#x27;x&#x27;</h1>") == "<h1>Vård &amp; omsorg &#x27;x&#x27;</h1>")
    }

    @Test("only the text of h1 elements changes, not their tags, other elements or other text")
    func onlyHeadings() {
        let html = #"<p>Samhällsbyggnadsförvaltningen</p><h1 class="samhallsbyggnadsforvaltningen">Samhällsbyggnadsförvaltningen <span lang="en">Administrationdepartment</span></h1><h3>Samhällsbyggnadsförvaltningen</h3><h2>Arbetsmiljöproblem</h2><header>x</header>"#
        let out = Hyphenation.headings(html)
        #expect(out.hasPrefix("<p>Samhällsbyggnadsförvaltningen</p><h1 class=\"samhallsbyggnadsforvaltningen\">Sam\u{AD}hälls\u{AD}"))
        #expect(out.contains("<span lang=\"en\">"))
        #expect(out.contains("<h3>Samhällsbyggnadsförvaltningen</h3>"))
        #expect(out.contains("<h2>Arbetsmiljöproblem</h2>"))
        #expect(out.hasSuffix("<header>x</header>"))
        #expect(out.replacingOccurrences(of: "\u{AD}", with: "") == html)
    }

    @Test("every h1 of a page, none that only begins like one, and a page without an end to its h1 or without anything")
    func everyHeading() {
        let word = "Samhällsbyggnadsförvaltningen"
        let two = "<h1>\(word)</h1><p>\(word)</p><h1 id=\"b\">\(word)</h1>"
        #expect(Hyphenation.headings(two).components(separatedBy: "Sam\u{AD}hälls").count == 3)
        #expect(Hyphenation.headings(two).contains("<p>\(word)</p>"))
        let lookalike = "<h1x>\(word)</h1x><h10>\(word)</h10>"
        #expect(Hyphenation.headings(lookalike) == lookalike)
        let unclosed = "<h1>\(word)"
        #expect(Hyphenation.headings(unclosed) == unclosed)
        #expect(Hyphenation.headings("") == "")
        #expect(Hyphenation.headings("<h1") == "<h1")
    }

    /// Each heading found and hyphenated afresh, with nothing kept from an earlier page.
    static func reference(_ html: String) -> String {
        let bytes = Array(html.utf8)
        var headings: [Range<Int>] = []
        var i = 0
        var open: Int? = nil
        let n = bytes.count
        while i + 4 < n {
            guard let next = bytes[i...].firstIndex(of: UInt8(ascii: "<")) else { break }
            i = next
            if i + 4 >= n { break }
            if open == nil, bytes[i + 1] == UInt8(ascii: "h"), bytes[i + 2] == UInt8(ascii: "1"), bytes[i + 3] == UInt8(ascii: ">") || bytes[i + 3] == UInt8(ascii: " ") {
                open = i
            } else if let start = open, bytes[i + 1] == UInt8(ascii: "/"), bytes[i + 2] == UInt8(ascii: "h"), bytes[i + 3] == UInt8(ascii: "1"), bytes[i + 4] == UInt8(ascii: ">") {
                headings.append(start..<i)
                open = nil
            }
            i += 1
        }
        var out: [UInt8] = []
        var copied = 0
        for range in headings {
            out += bytes[copied..<range.lowerBound]
            out += Array(Hyphenation.textOnly(Substring(String(decoding: bytes[range], as: UTF8.self))).utf8)
            copied = range.upperBound
        }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
    }

    @Test("on generated pages of headings, lookalikes, broken tags and long words, the same as hyphenating each heading afresh")
    func sameAsHyphenatingAfresh() async {
        let pieces = ["<h1>", "</h1>", "<h1 class=\"a\">", "<h1", "<h10>", "</h1", "</h2>", "<h2>", "<", "</", "<p>", " ", "&amp;",
                      "Samhällsbyggnadsförvaltningen", "Omsorg", "<svg><text>Äldreomsorgsförvaltningen</text></svg>", "h1>", "x"]
        let piece = Gen.element(of: pieces).map { $0 ?? "" }
        await propertyCheck(count: 1000, input: piece.array(of: 0...24)) { parts in
            let html = parts.joined()
            #expect(Hyphenation.headings(html) == Self.reference(html), "\(html)")
        }
    }
}
