import Foundation

/// Bibliographic data for one publication in the report series or the anthologies, exportable
/// as BibTeX, RIS and CSL-JSON so that researchers and officials can cite it from their own
/// reference manager instead of retyping it.
public struct Citation: Sendable, Equatable {
    /// What is cited. Each maps to the closest type of every export format.
    public enum Kind: String, Sendable, CaseIterable {
        /// A numbered report in a series.
        case report
        /// A chapter in an edited anthology.
        case chapter
        /// A whole book, typically an anthology with editors.
        case book
    }

    /// An author or editor. An organisation as author has `family` only.
    public struct Person: Sendable, Equatable {
        public var family: String
        public var given: String
        /// Shown on the publication's page; none of the export formats has a portable
        /// per-person field for it, so it is not exported.
        public var affiliation: String?

        public init(family: String, given: String, affiliation: String? = nil) {
            self.family = family
            self.given = given
            self.affiliation = affiliation
        }
    }

    /// A publication date as precise as it is known: year, optionally month and day.
    public struct Issued: Sendable, Equatable {
        public var year: Int
        public var month: Int?
        public var day: Int?

        /// A day without a month is meaningless and is dropped.
        public init(year: Int, month: Int? = nil, day: Int? = nil) {
            self.year = year
            self.month = month.flatMap { (1 ... 12).contains($0) ? $0 : nil }
            self.day = self.month == nil ? nil : day.flatMap { (1 ... 31).contains($0) ? $0 : nil }
        }
    }

    public var kind: Kind
    /// A stable key such as `tillit-2026-3`; becomes the BibTeX key and the CSL id.
    public var id: String
    public var title: String
    public var authors: [Person]
    public var editors: [Person]
    public var issued: Issued
    /// The number within the series, e.g. `2026:3`.
    public var number: String?
    /// The series title, e.g. `Tillits rapportserie`.
    public var series: String?
    public var publisher: String?
    /// For a chapter: the title of the anthology it appears in.
    public var containerTitle: String?
    /// For a chapter: its page range, e.g. `15–32`.
    public var pages: String?
    public var url: String
    public var abstract: String?
    public var keywords: [String]
    /// A BCP 47 language tag, `sv` for Swedish.
    public var language: String

    public init(
        kind: Kind,
        id: String,
        title: String,
        authors: [Person] = [],
        editors: [Person] = [],
        issued: Issued,
        number: String? = nil,
        series: String? = nil,
        publisher: String? = nil,
        containerTitle: String? = nil,
        pages: String? = nil,
        url: String,
        abstract: String? = nil,
        keywords: [String] = [],
        language: String = "sv"
    ) {
        self.kind = kind
        self.id = id
        self.title = title
        self.authors = authors
        self.editors = editors
        self.issued = issued
        self.number = number
        self.series = series
        self.publisher = publisher
        self.containerTitle = containerTitle
        self.pages = pages
        self.url = url
        self.abstract = abstract
        self.keywords = keywords
        self.language = language
    }
}

// MARK: - BibTeX

extension Citation {
    /// A BibTeX entry: `@techreport` for reports (the series is the report `type`, so styles
    /// print "Tillits rapportserie 2026:3"), `@incollection` for chapters and `@book` for
    /// anthologies. Text is escaped for LaTeX but UTF-8 letters are kept as they are, which
    /// biber and modern BibTeX with inputenc handle.
    public func bibtex() -> String {
        var fields: [(String, String)] = []
        func add(_ name: String, _ value: String?) {
            guard let value, !Self.clean(value).isEmpty else { return }
            fields.append((name, "{" + Self.bibEscape(Self.clean(value)) + "}"))
        }
        func addNames(_ name: String, _ people: [Person]) {
            guard !people.isEmpty else { return }
            fields.append((name, "{" + people.map(Self.bibName).joined(separator: " and ") + "}"))
        }

        let type: String
        addNames("author", authors)
        // Double braces keep styles from changing the case of a title that is already right.
        let cleanTitle = Self.clean(title)
        if !cleanTitle.isEmpty { fields.append(("title", "{{" + Self.bibEscape(cleanTitle) + "}}")) }
        switch kind {
        case .report:
            type = "techreport"
            addNames("editor", editors)
            add("institution", publisher)
            add("type", series)
            add("number", number)
        case .chapter:
            type = "incollection"
            add("booktitle", containerTitle)
            addNames("editor", editors)
            add("publisher", publisher)
            add("series", series)
            add("number", number)
            add("pages", pages.map { $0.replacingOccurrences(of: "–", with: "--") })
        case .book:
            type = "book"
            addNames("editor", editors)
            add("publisher", publisher)
            add("series", series)
            add("number", number)
        }
        fields.append(("year", String(issued.year)))
        if let month = issued.month {
            fields.append(("month", Self.bibMonths[month - 1]))
        }
        add("date", isoDate)
        add("url", url)
        add("abstract", abstract)
        add("keywords", keywords.map(Self.clean).filter { !$0.isEmpty }.joined(separator: ", "))
        add("language", Self.languageName(language))

        let width = fields.map(\.0.count).max() ?? 0
        let body = fields.map { name, value in
            "  " + name + String(repeating: " ", count: width - name.count) + " = " + value
        }.joined(separator: ",\n")
        return "@\(type){\(bibKey),\n\(body)\n}\n"
    }

    /// The entry key: the id limited to characters every BibTeX implementation accepts.
    var bibKey: String {
        let key = String(String.UnicodeScalarView(id.unicodeScalars.filter { s in
            switch s {
            case "a" ... "z", "A" ... "Z", "0" ... "9", ":", "-", "_": true
            default: false
            }
        }))
        return key.isEmpty ? "tillit" : key
    }

    /// `Family, Given`; the family name is braced when it would otherwise be split, i.e. an
    /// organisation without a given name or a name containing a comma or the word "and".
    static func bibName(_ person: Person) -> String {
        let family = bibEscape(clean(person.family))
        let given = bibEscape(clean(person.given))
        let needsBraces = given.isEmpty || family.contains(",")
            || family.lowercased().split(separator: " ").contains("and")
        let familyPart = needsBraces ? "{" + family + "}" : family
        return given.isEmpty ? familyPart : familyPart + ", " + given
    }

    static let bibMonths = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Escapes the characters special to (La)TeX. Braces become `\textbraceleft{}` rather than
    /// `\{` because BibTeX counts braces without regard to backslashes, so a lone `\{` would
    /// unbalance the field.
    static func bibEscape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "\\": out += "\\textbackslash{}"
            case "{": out += "\\textbraceleft{}"
            case "}": out += "\\textbraceright{}"
            case "%": out += "\\%"
            case "&": out += "\\&"
            case "$": out += "\\$"
            case "#": out += "\\#"
            case "_": out += "\\_"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func languageName(_ tag: String) -> String {
        switch tag.lowercased().split(separator: "-").first.map(String.init) ?? "" {
        case "sv": "swedish"
        case "en": "english"
        case "fi": "finnish"
        case "nb", "nn", "no": "norwegian"
        case "da": "danish"
        case "de": "german"
        case "fr": "french"
        default: tag
        }
    }
}

// MARK: - RIS

extension Citation {
    /// A RIS record following the 2011 RIS specification's tag table, as Zotero, EndNote and
    /// Mendeley read it: `TY  - RPRT` with the series in T2 and the report number in SN;
    /// `CHAP` with the book in T2, editors in A2 and the series in T3; `BOOK` with the series
    /// in T2 and editors in A3. Lines end in CRLF, as the specification requires.
    public func ris() -> String {
        var lines: [String] = []
        func add(_ tag: String, _ value: String?) {
            guard let value else { return }
            let v = Self.clean(value)
            guard !v.isEmpty else { return }
            lines.append(tag + "  - " + v)
        }
        func risName(_ p: Person) -> String {
            let given = Self.clean(p.given)
            return given.isEmpty ? Self.clean(p.family) : Self.clean(p.family) + ", " + given
        }

        switch kind {
        case .report:
            lines.append("TY  - RPRT")
            authors.forEach { add("AU", risName($0)) }
            editors.forEach { add("ED", risName($0)) }
            add("TI", title)
            add("T2", series)
            add("SN", number)
            add("PB", publisher)
        case .chapter:
            lines.append("TY  - CHAP")
            authors.forEach { add("AU", risName($0)) }
            editors.forEach { add("A2", risName($0)) }
            add("TI", title)
            add("T2", containerTitle)
            add("T3", series)
            add("SV", number)
            add("PB", publisher)
            if let pages {
                let parts = pages.split(whereSeparator: { $0 == "-" || $0 == "–" }).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                add("SP", parts.first)
                if parts.count > 1 { add("EP", parts.last) }
            }
        case .book:
            lines.append("TY  - BOOK")
            authors.forEach { add("AU", risName($0)) }
            editors.forEach { add("A3", risName($0)) }
            add("TI", title)
            add("T2", series)
            add("M1", number)
            add("PB", publisher)
        }
        add("PY", String(format: "%04d", issued.year))
        if let month = issued.month {
            let day = issued.day.map { String(format: "%02d", $0) } ?? ""
            add("DA", String(format: "%04d/%02d/", issued.year, month) + day + "/")
        }
        add("UR", url)
        add("AB", abstract)
        keywords.forEach { add("KW", $0) }
        add("LA", language)
        lines.append("ER  - ")
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

// MARK: - CSL-JSON

extension Citation {
    /// The citation as a CSL-JSON array holding one item, the format citeproc processors,
    /// Zotero and pandoc read. Keys are sorted so the output is stable.
    public func cslJSON() -> Data {
        var item: [String: Any] = [
            "type": kind.rawValue,
            "id": id,
            "title": Self.clean(title),
            "URL": url,
            "language": language,
        ]
        var dateParts = [issued.year]
        if let month = issued.month {
            dateParts.append(month)
            if let day = issued.day { dateParts.append(day) }
        }
        item["issued"] = ["date-parts": [dateParts]]
        func names(_ people: [Person]) -> [[String: String]] {
            people.map { p in
                let given = Self.clean(p.given)
                return given.isEmpty ? ["literal": Self.clean(p.family)]
                    : ["family": Self.clean(p.family), "given": given]
            }
        }
        if !authors.isEmpty { item["author"] = names(authors) }
        if !editors.isEmpty { item["editor"] = names(editors) }
        func set(_ key: String, _ value: String?) {
            if let value, !Self.clean(value).isEmpty { item[key] = Self.clean(value) }
        }
        // For a report the number is the report number; for books and chapters it is the
        // volume's number within the series.
        set(kind == .report ? "number" : "collection-number", number)
        set("collection-title", series)
        set("publisher", publisher)
        if kind == .chapter {
            set("container-title", containerTitle)
            set("page", pages)
        }
        set("abstract", abstract)
        let keywordList = keywords.map(Self.clean).filter { !$0.isEmpty }
        if !keywordList.isEmpty { item["keyword"] = keywordList.joined(separator: ", ") }

        let options: JSONSerialization.WritingOptions = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try? JSONSerialization.data(withJSONObject: [item], options: options)) ?? Data("[]".utf8)
    }
}

// MARK: - Shared

extension Citation {
    /// `YYYY-MM-DD` or `YYYY-MM`, for biblatex's `date` field; nil when only the year is known.
    var isoDate: String? {
        guard let month = issued.month else { return nil }
        var s = String(format: "%04d-%02d", issued.year, month)
        if let day = issued.day { s += String(format: "-%02d", day) }
        return s
    }

    /// Line breaks and tabs collapsed to single spaces, other control characters removed and
    /// the ends trimmed: every export format is line- or field-based.
    static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for s in text.unicodeScalars {
            if s.properties.isWhitespace {
                pendingSpace = true
            } else if s.value < 0x20 || (0x7F ... 0x9F).contains(s.value) {
                continue
            } else {
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(s)
            }
        }
        return String(out)
    }
}
