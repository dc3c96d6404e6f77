import Foundation
import Hummingbird
import TillitFormats
import TillitLearn
import TillitPlatform

/// Open data: Atom feeds of new examples and reports, every published example as JSON Lines and
/// CSV (documented column by column on /oppna-data), and the sitemap.
struct OpenDataController: Sendable {
    let site: Site
    var knowledge: Knowledge { Knowledge(platform: site.platform) }

    func register(on router: RouteRegistry) {
        router.get(Route.examplesFeed, use: examplesFeed)
        router.get(Route.reportsFeed, use: reportsFeed)
        router.get(Route.openData, use: openData)
        router.get(Route.exportJSONL, use: exportJSONL)
        router.get(Route.exportCSV, use: exportCSV)
        router.get(Route.sitemap, use: sitemap)
    }

    /// The export's columns, in order, with what each holds. The JSON Lines keys are the same; lists
    /// are arrays there and "; "-separated in the CSV. The contact's email is not exported: the
    /// knowledge bank shows it to signed-in readers only.
    static let columns: [(name: String, sv: String, en: String)] = [
        ("id", "Exemplets nummer i Tillit.", "The example's number in Tillit."),
        ("ext_id", "Id i källsystemet vid import, annars tillit-N (N är exemplets nummer), så att filen kan läsas in igen.",
         "The source system's id when imported, else tillit-N (N being the example's number), so that the file can be imported again."),
        ("url", "Exemplets permanenta adress.", "The example's permanent address."),
        ("title", "Rubrik.", "Title."),
        ("summary", "Sammanfattning, högst 500 tecken.", "Summary, at most 500 characters."),
        ("body", "Beskrivning i Markdown.", "Description in Markdown."),
        ("organisation", "Organisationens namn.", "The organisation's name."),
        ("org_kind", "Slag av organisation: kommun, region, myndighet, samordningsforbund eller annan.", "Kind of organisation: kommun, region, myndighet, samordningsforbund or annan."),
        ("unit", "Enhet, fritext.", "Unit, free text."),
        ("sectors", "Sektorer (koder, se API:t).", "Sectors (codes, see the API)."),
        ("principles", "Principer för tillitsbaserad styrning (koder).", "Principles of trust-based governance (codes)."),
        ("year_start", "Startår.", "Start year."),
        ("year_end", "Slutår, tomt om arbetet pågår.", "End year, empty while ongoing."),
        ("results", "Resultat.", "Results."),
        ("lessons", "Lärdomar.", "Lessons learned."),
        ("tags", "Taggar.", "Tags."),
        ("links", "Länkar (i CSV: \"rubrik <adress>\").", "Links (in the CSV: \"title <address>\")."),
        ("contact_name", "Kontaktperson.", "Contact person."),
        ("contact_role", "Kontaktpersonens roll.", "The contact's role."),
        ("published_at", "Publicerad (ISO 8601, UTC).", "Published (ISO 8601, UTC)."),
        ("updated_at", "Senast ändrad (ISO 8601, UTC).", "Last changed (ISO 8601, UTC)."),
    ]

    static func iso(_ date: Date?) -> String {
        guard let date else { return "" }
        return RFC3339.string(date)
    }

    struct Row: Encodable {
        let id: Int64, ext_id: String?, url: String, title: String, summary: String, body: String, organisation: String, org_kind: String
        let unit: String, sectors: [String], principles: [String], year_start: Int?, year_end: Int?, results: String, lessons: String
        let tags: [String], links: [ExampleLink], contact_name: String, contact_role: String, published_at: String, updated_at: String

        init(_ e: Example, publicURL: String) {
            id = e.id; ext_id = e.extID ?? "tillit-\(e.id)"; url = publicURL + SiteURL.example(id: e.id).path; title = e.title; summary = e.summary; body = e.body
            organisation = e.organisationName; org_kind = e.organisationKind.rawValue; unit = e.unitName; sectors = e.sectors.map(\.rawValue)
            principles = e.principles.map(\.rawValue); year_start = e.yearStart; year_end = e.yearEnd; results = e.results; lessons = e.lessons
            tags = e.tags; links = e.links; contact_name = e.contactName; contact_role = e.contactRole
            published_at = OpenDataController.iso(e.publishedAt); updated_at = OpenDataController.iso(e.updatedAt)
        }

        enum CodingKeys: String, CodingKey {
            case id, ext_id, url, title, summary, body, organisation, org_kind, unit, sectors, principles, year_start, year_end, results, lessons
            case tags, links, contact_name, contact_role, published_at, updated_at
        }

        /// Every documented key in every line; an empty value is null, never a missing key.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(ext_id, forKey: .ext_id); try c.encode(url, forKey: .url); try c.encode(title, forKey: .title)
            try c.encode(summary, forKey: .summary); try c.encode(body, forKey: .body); try c.encode(organisation, forKey: .organisation)
            try c.encode(org_kind, forKey: .org_kind); try c.encode(unit, forKey: .unit); try c.encode(sectors, forKey: .sectors)
            try c.encode(principles, forKey: .principles); try c.encode(year_start, forKey: .year_start); try c.encode(year_end, forKey: .year_end)
            try c.encode(results, forKey: .results); try c.encode(lessons, forKey: .lessons); try c.encode(tags, forKey: .tags); try c.encode(links, forKey: .links)
            try c.encode(contact_name, forKey: .contact_name); try c.encode(contact_role, forKey: .contact_role)
            try c.encode(published_at, forKey: .published_at); try c.encode(updated_at, forKey: .updated_at)
        }

        var csv: [String] {
            [String(id), ext_id ?? "", url, title, summary, body, organisation, org_kind, unit, sectors.joined(separator: "; "),
             principles.joined(separator: "; "), year_start.map(String.init) ?? "", year_end.map(String.init) ?? "", results, lessons,
             tags.joined(separator: "; "), links.map { "\($0.title) <\($0.url)>" }.joined(separator: "; "), contact_name, contact_role, published_at, updated_at]
        }
    }

    /// Streams every published example, a page at a time, each turned into bytes by `line`.
    private func stream(contentType: String, fileName: String, header: String?, line: @escaping @Sendable (Row) throws -> String) -> Response {
        let knowledge = self.knowledge, publicURL = site.publicURL
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.contentDisposition] = AttachmentKind.contentDisposition(fileName: fileName, inline: false)
        headers[.cacheControl] = "public, max-age=300"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            if let header { try await writer.write(ByteBuffer(string: header)) }
            var last: Int64 = 0
            while true {
                let page = try await knowledge.published(after: last, limit: 500)
                guard let end = page.last else { break }
                var text = ""
                for example in page { text += try line(Row(example, publicURL: publicURL)) }
                try await writer.write(ByteBuffer(string: text))
                last = end.id
            }
            try await writer.finish(nil)
        })
    }

    @Sendable func exportJSONL(_ request: Request, context: AppRequestContext) async throws -> Response {
        let encoder = SortedJSONEncoder(escapeSlashes: false)
        return stream(contentType: "application/jsonl; charset=utf-8", fileName: "tillit-exempel.jsonl", header: nil) { row in
            String(decoding: try encoder.encode(row), as: UTF8.self) + "\n"
        }
    }

    @Sendable func exportCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        stream(contentType: "text/csv; charset=utf-8; header=present", fileName: "tillit-exempel.csv",
               header: CSVWriter.byteOrderMark + CSVWriter.line(Self.columns.map(\.name))) { row in
            CSVWriter.line(row.csv, neutralizeFormulas: true)
        }
    }

    @Sendable func openData(_ request: Request, context: AppRequestContext) async throws -> Response {
        site.render(OpenDataPage().render(site.pageContext(request, context)), request, context)
    }

    private func xml(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "public, max-age=300"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    @Sendable func examplesFeed(_ request: Request, context: AppRequestContext) async throws -> Response {
        let examples = try await knowledge.recentlyPublished(limit: 50)
        let entries = examples.map { e in
            AtomFeed.Entry(id: site.publicURL + SiteURL.example(id: e.id).path, title: e.title, url: site.publicURL + SiteURL.example(id: e.id).path,
                           updated: e.updatedAt, published: e.publishedAt, summary: e.summary, authors: [e.organisationName],
                           categories: e.sectors.map(\.rawValue) + e.principles.map(\.rawValue))
        }
        let feed = AtomFeed(id: site.publicURL + LearnURL.examplesFeed, title: "Tillit – nya exempel i kunskapsbanken",
                            selfURL: site.publicURL + LearnURL.examplesFeed, alternateURL: site.publicURL + SiteURL.knowledge.path,
                            updated: examples.map(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0), authors: ["Tillit"], entries: entries)
        return xml(feed.xml(), type: "application/atom+xml; charset=utf-8")
    }

    @Sendable func reportsFeed(_ request: Request, context: AppRequestContext) async throws -> Response {
        let reports = Array(try await Reports(platform: site.platform).published().prefix(50))
        let entries = reports.map { r in
            AtomFeed.Entry(id: site.publicURL + LearnURL.report(r.reference), title: "\(r.number ?? "") \(r.title)", url: site.publicURL + LearnURL.report(r.reference),
                           updated: r.updatedAt, published: r.publishedOn.flatMap(Self.day), summary: r.abstract, authors: r.authors.map(\.name),
                           categories: r.keywords)
        }
        let feed = AtomFeed(id: site.publicURL + LearnURL.reportsFeed, title: "Tillit – \(Reports.seriesName.lowercased())",
                            selfURL: site.publicURL + LearnURL.reportsFeed, alternateURL: site.publicURL + LearnURL.reports,
                            updated: reports.map(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0), authors: ["Tillit"], entries: entries)
        return xml(feed.xml(), type: "application/atom+xml; charset=utf-8")
    }

    /// Noon UTC of a day written YYYY-MM-DD.
    static func day(_ text: String) -> Date? {
        CivilDate(text).map { Date(timeIntervalSince1970: TimeInterval($0.daysSince1970) * 86_400 + 43_200) }
    }

    /// The public pages: start, knowledge bank, every published example, pilot and report. The
    /// sitemap protocol allows 50,000 addresses in one file.
    @Sendable func sitemap(_ request: Request, context: AppRequestContext) async throws -> Response {
        let base = site.publicURL
        var urls: [Sitemap.Entry] = [SiteURL.home.path, SiteURL.knowledge.path, LearnURL.pilots, LearnURL.reports, LearnURL.openData].map {
            Sitemap.Entry(loc: base + $0)
        }
        for pilot in try await Pilots(platform: site.platform).list() { urls.append(Sitemap.Entry(loc: base + LearnURL.pilot(pilot.id), lastmod: pilot.updatedAt)) }
        for report in try await Reports(platform: site.platform).published() {
            urls.append(Sitemap.Entry(loc: base + LearnURL.report(report.reference), lastmod: report.updatedAt))
        }
        for (id, updated) in try await knowledge.publishedIndex(limit: 50_000 - urls.count) {
            urls.append(Sitemap.Entry(loc: base + SiteURL.example(id: id).path, lastmod: updated))
        }
        return xml(Sitemap(urls: urls).xml(), type: "application/xml; charset=utf-8")
    }
}
