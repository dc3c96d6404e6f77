import Foundation

/// An Atom feed (RFC 4287) of published reports, decisions and news, so that journalists,
/// researchers and other authorities can follow them in any feed reader.
public struct AtomFeed: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// A permanent, unique IRI: a `tag:` URI or the entry's canonical URL. Readers use it
        /// to recognise entries they have already shown, so it must never change.
        public var id: String
        public var title: String
        public var url: String
        public var updated: Date
        public var published: Date?
        /// Plain text; it is sent as `type="text"` so no reader interprets markup in it.
        public var summary: String
        public var authors: [String]
        public var categories: [String]

        public init(
            id: String,
            title: String,
            url: String,
            updated: Date,
            published: Date? = nil,
            summary: String,
            authors: [String] = [],
            categories: [String] = []
        ) {
            self.id = id
            self.title = title
            self.url = url
            self.updated = updated
            self.published = published
            self.summary = summary
            self.authors = authors
            self.categories = categories
        }
    }

    public var id: String
    public var title: String
    public var subtitle: String?
    /// The feed's own address, sent as `rel="self"`.
    public var selfURL: String
    /// The HTML page the feed mirrors, sent as `rel="alternate"`.
    public var alternateURL: String
    public var updated: Date
    /// Feed-level authors. Atom requires an author on the feed unless every entry has one;
    /// when neither is given the feed's title is used as the author's name.
    public var authors: [String]
    public var entries: [Entry]

    public init(
        id: String,
        title: String,
        subtitle: String? = nil,
        selfURL: String,
        alternateURL: String,
        updated: Date,
        authors: [String] = [],
        entries: [Entry]
    ) {
        self.id = id
        self.title = title
        self.subtitle = subtitle
        self.selfURL = selfURL
        self.alternateURL = alternateURL
        self.updated = updated
        self.authors = authors
        self.entries = entries
    }

    /// The feed document, served as `application/atom+xml`. All text is escaped and
    /// characters XML 1.0 forbids are dropped, so hostile titles cannot break the document.
    public func xml() -> String {
        var x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        x += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        x += "  <id>\(HTMLEscaping.escape(id, mode: .xml))</id>\n"
        x += "  <title type=\"text\">\(HTMLEscaping.escape(title, mode: .xml))</title>\n"
        if let subtitle, !subtitle.isEmpty {
            x += "  <subtitle type=\"text\">\(HTMLEscaping.escape(subtitle, mode: .xml))</subtitle>\n"
        }
        x += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(HTMLEscaping.escape(selfURL, mode: .xml))\"/>\n"
        x += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(HTMLEscaping.escape(alternateURL, mode: .xml))\"/>\n"
        x += "  <updated>\(RFC3339.string(updated))</updated>\n"
        var feedAuthors = authors.filter { !$0.isEmpty }
        if feedAuthors.isEmpty, entries.contains(where: { $0.authors.allSatisfy(\.isEmpty) }) {
            feedAuthors = [title]
        }
        for name in feedAuthors {
            x += "  <author><name>\(HTMLEscaping.escape(name, mode: .xml))</name></author>\n"
        }
        for entry in entries {
            x += "  <entry>\n"
            x += "    <id>\(HTMLEscaping.escape(entry.id, mode: .xml))</id>\n"
            x += "    <title type=\"text\">\(HTMLEscaping.escape(entry.title, mode: .xml))</title>\n"
            x += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(HTMLEscaping.escape(entry.url, mode: .xml))\"/>\n"
            x += "    <updated>\(RFC3339.string(entry.updated))</updated>\n"
            if let published = entry.published {
                x += "    <published>\(RFC3339.string(published))</published>\n"
            }
            for name in entry.authors where !name.isEmpty {
                x += "    <author><name>\(HTMLEscaping.escape(name, mode: .xml))</name></author>\n"
            }
            for term in entry.categories where !term.isEmpty {
                x += "    <category term=\"\(HTMLEscaping.escape(term, mode: .xml))\"/>\n"
            }
            x += "    <summary type=\"text\">\(HTMLEscaping.escape(entry.summary, mode: .xml))</summary>\n"
            x += "  </entry>\n"
        }
        x += "</feed>\n"
        return x
    }
}

/// A sitemap (sitemaps.org protocol 0.9) listing the public pages for search engines.
/// The protocol allows at most 50 000 URLs and 50 MB per file; callers with more pages must
/// split them over several sitemaps.
public struct Sitemap: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// An absolute URL.
        public var loc: String
        public var lastmod: Date?

        public init(loc: String, lastmod: Date? = nil) {
            self.loc = loc
            self.lastmod = lastmod
        }
    }

    public var urls: [Entry]

    public init(urls: [Entry]) {
        self.urls = urls
    }

    /// The sitemap document, served as `application/xml`.
    public func xml() -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for url in urls {
            x += "  <url>\n    <loc>\(HTMLEscaping.escape(Self.uriEscaped(url.loc), mode: .xml))</loc>\n"
            if let lastmod = url.lastmod {
                x += "    <lastmod>\(RFC3339.string(lastmod))</lastmod>\n"
            }
            x += "  </url>\n"
        }
        x += "</urlset>\n"
        return x
    }

    /// The protocol wants URIs, not IRIs: non-ASCII characters, spaces and controls are
    /// percent-encoded as UTF-8 (`/sök` becomes `/s%C3%B6k`); existing escapes are kept.
    static func uriEscaped(_ loc: String) -> String {
        var out = ""
        for s in loc.unicodeScalars {
            if s.value > 0x20, s.value < 0x7F {
                out.unicodeScalars.append(s)
            } else {
                for byte in String(s).utf8 { out += "%" + AttachmentKind.hexByte(byte) }
            }
        }
        return out
    }
}
