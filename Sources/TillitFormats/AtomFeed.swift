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
        x += "  <id>\(XMLText.escape(id))</id>\n"
        x += "  <title type=\"text\">\(XMLText.escape(title))</title>\n"
        if let subtitle, !subtitle.isEmpty {
            x += "  <subtitle type=\"text\">\(XMLText.escape(subtitle))</subtitle>\n"
        }
        x += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(XMLText.escape(selfURL))\"/>\n"
        x += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(XMLText.escape(alternateURL))\"/>\n"
        x += "  <updated>\(RFC3339.string(updated))</updated>\n"
        var feedAuthors = authors.filter { !$0.isEmpty }
        if feedAuthors.isEmpty, entries.contains(where: { $0.authors.allSatisfy(\.isEmpty) }) {
            feedAuthors = [title]
        }
        for name in feedAuthors {
            x += "  <author><name>\(XMLText.escape(name))</name></author>\n"
        }
        for entry in entries {
            x += "  <entry>\n"
            x += "    <id>\(XMLText.escape(entry.id))</id>\n"
            x += "    <title type=\"text\">\(XMLText.escape(entry.title))</title>\n"
            x += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(XMLText.escape(entry.url))\"/>\n"
            x += "    <updated>\(RFC3339.string(entry.updated))</updated>\n"
            if let published = entry.published {
                x += "    <published>\(RFC3339.string(published))</published>\n"
            }
            for name in entry.authors where !name.isEmpty {
                x += "    <author><name>\(XMLText.escape(name))</name></author>\n"
            }
            for term in entry.categories where !term.isEmpty {
                x += "    <category term=\"\(XMLText.escape(term))\"/>\n"
            }
            x += "    <summary type=\"text\">\(XMLText.escape(entry.summary))</summary>\n"
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
            x += "  <url>\n    <loc>\(XMLText.escape(Self.uriEscaped(url.loc)))</loc>\n"
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

/// Escaping for XML text and attribute values.
enum XMLText {
    /// `text` with the five markup characters replaced by entities and every character that
    /// XML 1.0 does not allow removed (C0 controls other than tab, LF and CR; U+FFFE; U+FFFF).
    /// C1 controls and DEL are legal but discouraged by the XML 1.0 specification and are
    /// removed too.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for s in text.unicodeScalars {
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(s)
            default:
                if isAllowed(s) { out.unicodeScalars.append(s) }
            }
        }
        return out
    }

    static func isAllowed(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20 ..< 0x7F, 0xA0 ... 0xD7FF, 0xE000 ... 0xFFFD, 0x10000 ... 0x10FFFF: true
        default: false
        }
    }
}

/// RFC 3339 timestamps in UTC with whole seconds, e.g. `2026-03-14T09:30:00Z`, the form both
/// Atom and the W3C datetime of sitemaps accept. Computed arithmetically so the result does
/// not depend on the host's calendar or time zone settings.
enum RFC3339 {
    static func string(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86400)
        let dayNumber = secondOfDay < 0 ? days - 1 : days
        let second = secondOfDay < 0 ? secondOfDay + 86400 : secondOfDay
        let (year, month, day) = civil(fromDays: dayNumber)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ",
            year, month, day, second / 3600, second % 3600 / 60, second % 60
        )
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (H. Hinnant's algorithm).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
