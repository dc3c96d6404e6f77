import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import TillitFormats

/// Collects the parsed document as (element path, attributes, text) so tests can check what a
/// real XML parser sees.
private final class XMLCollector: NSObject, XMLParserDelegate {
    struct Element {
        var path: String
        var attributes: [String: String]
        var text = ""
    }

    var elements: [Element] = []
    var namespaces: [String] = []
    private var stack: [Int] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        let parent = stack.last.map { elements[$0].path + "/" } ?? ""
        elements.append(Element(path: parent + name, attributes: attributes))
        stack.append(elements.count - 1)
        if let namespaceURI { namespaces.append(namespaceURI) }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let current = stack.last { elements[current].text += string }
    }

    func texts(_ path: String) -> [String] { elements.filter { $0.path == path }.map(\.text) }
    func attributes(_ path: String) -> [[String: String]] { elements.filter { $0.path == path }.map(\.attributes) }

    static func parse(_ xml: String) throws -> XMLCollector {
        let collector = XMLCollector()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.shouldProcessNamespaces = true
        parser.delegate = collector
        guard parser.parse() else {
            throw parser.parserError ?? NSError(domain: "XMLCollector", code: 1)
        }
        return collector
    }
}

final class AtomFeedTests: XCTestCase {
    static let march14 = Date(timeIntervalSince1970: 1_773_480_600) // 2026-03-14T09:30:00Z
    static let hostileTitle = "<script>alert('x')</script> & \"citat\"\u{1} åäö"

    static var feed: AtomFeed {
        AtomFeed(
            id: "tag:tillit.example,2026:rapporter",
            title: "Tillits rapporter",
            subtitle: "Nya rapporter & beslut",
            selfURL: "https://tillit.example/rapporter.atom",
            alternateURL: "https://tillit.example/rapporter?sida=1&sort=ny",
            updated: march14,
            entries: [
                .init(
                    id: "tag:tillit.example,2026:rapport/3",
                    title: hostileTitle,
                    url: "https://tillit.example/rapporter/3?a=1&b=2",
                    updated: march14,
                    published: march14.addingTimeInterval(-86400),
                    summary: "Sammanfattning med <b>taggar</b>\u{0}\u{7F} och radbrytning\nhär.",
                    authors: ["Åsa Öberg"],
                    categories: ["Styrning & ledning", "tillit"]
                ),
                .init(
                    id: "https://tillit.example/rapporter/2",
                    title: "Andra rapporten",
                    url: "https://tillit.example/rapporter/2",
                    updated: march14.addingTimeInterval(-3600 * 24 * 30),
                    summary: "Utan författare."
                ),
            ]
        )
    }

    func testFeedIsWellFormedAndCarriesHostileTextLiterally() throws {
        let xml = Self.feed.xml()
        XCTAssertTrue(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"))
        XCTAssertFalse(xml.contains("<script>"))
        XCTAssertFalse(xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })

        let doc = try XMLCollector.parse(xml)
        XCTAssertEqual(Set(doc.namespaces), ["http://www.w3.org/2005/Atom"])
        XCTAssertEqual(doc.texts("feed/id"), ["tag:tillit.example,2026:rapporter"])
        XCTAssertEqual(doc.texts("feed/title"), ["Tillits rapporter"])
        XCTAssertEqual(doc.texts("feed/subtitle"), ["Nya rapporter & beslut"])
        XCTAssertEqual(doc.texts("feed/updated"), ["2026-03-14T09:30:00Z"])
        XCTAssertEqual(doc.texts("feed/entry/title"), ["<script>alert('x')</script> & \"citat\" åäö", "Andra rapporten"])
        XCTAssertEqual(doc.texts("feed/entry/summary").first, "Sammanfattning med <b>taggar</b> och radbrytning\nhär.")
        XCTAssertEqual(doc.texts("feed/entry/published"), ["2026-03-13T09:30:00Z"])
        XCTAssertEqual(doc.texts("feed/entry/updated"), ["2026-03-14T09:30:00Z", "2026-02-12T09:30:00Z"])
        XCTAssertEqual(doc.texts("feed/entry/author/name"), ["Åsa Öberg"])
        XCTAssertEqual(doc.attributes("feed/entry/category").map { $0["term"] }, ["Styrning & ledning", "tillit"])
        XCTAssertEqual(doc.attributes("feed/entry/summary").map { $0["type"] }, ["text", "text"])
    }

    func testFeedLinks() throws {
        let doc = try XMLCollector.parse(Self.feed.xml())
        let links = doc.attributes("feed/link")
        XCTAssertEqual(links.count, 2)
        XCTAssertEqual(links[0], ["rel": "self", "type": "application/atom+xml", "href": "https://tillit.example/rapporter.atom"])
        XCTAssertEqual(links[1], ["rel": "alternate", "type": "text/html", "href": "https://tillit.example/rapporter?sida=1&sort=ny"])
        XCTAssertEqual(doc.attributes("feed/entry/link").map { $0["href"] },
                       ["https://tillit.example/rapporter/3?a=1&b=2", "https://tillit.example/rapporter/2"])
    }

    func testFeedAuthorIsAddedWhenAnEntryHasNone() throws {
        // RFC 4287 4.1.1: a feed needs an author unless every entry has one.
        let doc = try XMLCollector.parse(Self.feed.xml())
        XCTAssertEqual(doc.texts("feed/author/name"), ["Tillits rapporter"])

        var feed = Self.feed
        feed.entries[1].authors = ["Erik Lindqvist"]
        XCTAssertEqual(try XMLCollector.parse(feed.xml()).texts("feed/author/name"), [])

        feed.authors = ["Tillit"]
        XCTAssertEqual(try XMLCollector.parse(feed.xml()).texts("feed/author/name"), ["Tillit"])
    }

    func testEmptyFeedIsWellFormed() throws {
        let feed = AtomFeed(id: "urn:x", title: "", selfURL: "", alternateURL: "", updated: Date(timeIntervalSince1970: 0), entries: [])
        let doc = try XMLCollector.parse(feed.xml())
        XCTAssertEqual(doc.texts("feed/updated"), ["1970-01-01T00:00:00Z"])
        XCTAssertTrue(doc.texts("feed/entry/id").isEmpty)
    }

    func testXMLEscaping() {
        XCTAssertEqual(HTMLEscaping.escape("a&b<c>d\"e'f", mode: .xml), "a&amp;b&lt;c&gt;d&quot;e&apos;f")
        XCTAssertEqual(HTMLEscaping.escape("x\u{0}\u{8}\u{B}\u{C}\u{1F}\u{7F}\u{85}\u{FFFE}\u{FFFF}y", mode: .xml), "xy")
        XCTAssertEqual(HTMLEscaping.escape("tab\there\r\nå😀", mode: .xml), "tab\there\r\nå😀")
    }

    func testRFC3339() {
        XCTAssertEqual(RFC3339.string(Self.march14), "2026-03-14T09:30:00Z")
        XCTAssertEqual(RFC3339.string(Self.march14.addingTimeInterval(0.999)), "2026-03-14T09:30:00Z")
        XCTAssertEqual(RFC3339.string(Date(timeIntervalSince1970: 951_825_600)), "2000-02-29T12:00:00Z")
        XCTAssertEqual(RFC3339.string(Date(timeIntervalSince1970: -1)), "1969-12-31T23:59:59Z")
        XCTAssertEqual(RFC3339.string(Date(timeIntervalSince1970: 4_102_444_799)), "2099-12-31T23:59:59Z")
        // Agrees with Foundation's own formatter over a spread of instants.
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        var rng = SplitMix64(seed: 3339)
        for _ in 0 ..< 2000 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: -2_000_000_000 ... 8_000_000_000, using: &rng)))
            XCTAssertEqual(RFC3339.string(date), formatter.string(from: date))
        }
    }

    // MARK: Sitemap

    func testSitemap() throws {
        let sitemap = Sitemap(urls: [
            .init(loc: "https://tillit.example/", lastmod: Self.march14),
            .init(loc: "https://tillit.example/sök?q=tillit&sida=2"),
        ])
        let xml = sitemap.xml()
        XCTAssertEqual(xml, """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url>
                <loc>https://tillit.example/</loc>
                <lastmod>2026-03-14T09:30:00Z</lastmod>
              </url>
              <url>
                <loc>https://tillit.example/s%C3%B6k?q=tillit&amp;sida=2</loc>
              </url>
            </urlset>

            """)
        let doc = try XMLCollector.parse(xml)
        XCTAssertEqual(doc.namespaces.first, "http://www.sitemaps.org/schemas/sitemap/0.9")
        XCTAssertEqual(doc.texts("urlset/url/loc"), ["https://tillit.example/", "https://tillit.example/s%C3%B6k?q=tillit&sida=2"])
        XCTAssertEqual(doc.texts("urlset/url/lastmod"), ["2026-03-14T09:30:00Z"])
    }

    func testParserRejectsUnescapedText() {
        // Guards the test helper itself: it must fail on malformed XML.
        XCTAssertThrowsError(try XMLCollector.parse("<feed><title>a & b</title></feed>"))
        XCTAssertThrowsError(try XMLCollector.parse("<feed><title>\u{1}</title></feed>"))
    }
}
