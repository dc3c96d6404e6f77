import Foundation
import Hummingbird
import TillitLearn
import TillitPlatform

/// Pilots and the report series in the API. Everything here is public, as on the web; a pilot's
/// whole research log is returned only to a token of one of its researchers or contacts.
struct LearnAPIController: Sendable {
    let site: Site

    func register(on router: RouteRegistry) {
        router.get(Route.apiPilots, use: pilots)
        router.get(Route.apiPilot, use: pilot)
        router.get(Route.apiReports, use: reports)
        router.get(Route.apiReport, use: report)
    }

    struct PersonJSON: Encodable { let name: String; let affiliation: String }
    struct HostJSON: Encodable { let organisation: String; let organisationId: Int64; let unit: String }
    struct EntryJSON: Encodable { let id: Int64; let date: String; let kind: String; let title: String; let text: String; let `public`: Bool }
    struct PilotJSON: Encodable {
        let id: Int64, name: String, status: String, aim: String, description: String, yearStart: Int?, yearEnd: Int?, sectors: [String]
        let hosts: [HostJSON], researchers: [PersonJSON], contacts: [PersonJSON], examples: [Int64], reports: [Int64], url: String
        let log: [EntryJSON]?
    }
    struct ListJSON<T: Encodable>: Encodable { let items: [T]; let total: Int }

    func pilotJSON(_ p: Pilot, reports: [Int64], log: [LogEntry]?) -> PilotJSON {
        PilotJSON(id: p.id, name: p.name, status: p.status.rawValue, aim: p.aim, description: p.description, yearStart: p.yearStart, yearEnd: p.yearEnd,
                  sectors: p.sectors.map(\.rawValue),
                  hosts: p.hosts.map { HostJSON(organisation: $0.organisationName, organisationId: $0.organisationID, unit: $0.unitName) },
                  researchers: p.researchers.map { PersonJSON(name: $0.name, affiliation: $0.affiliation) },
                  contacts: p.contacts.map { PersonJSON(name: $0.name, affiliation: $0.affiliation) },
                  examples: p.exampleIDs, reports: reports, url: site.publicURL + LearnURL.pilot(p.id),
                  log: log?.map { EntryJSON(id: $0.id, date: $0.date, kind: $0.kind.rawValue, title: $0.title, text: $0.text, public: $0.isPublic) })
    }

    @Sendable func pilots(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await site.keptJSON(request) {
            let all = try await Pilots(platform: site.platform).list()
            let published = try await Reports(platform: site.platform).published()
            let items = all.map { p in pilotJSON(p, reports: published.filter { $0.pilotIDs.contains(p.id) }.map(\.id), log: nil) }
            return ListJSON(items: items, total: items.count)
        }
    }

    @Sendable func pilot(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = context.identity == nil ? nil : try context.actor()
        let service = Pilots(platform: site.platform)
        let p = try await service.pilot(id: try site.id(context))
        let reports = try await Reports(platform: site.platform).forPilot(p.id).map(\.id)
        return try JSONResponse.make(pilotJSON(p, reports: reports, log: try await service.log(actor: actor, pilotID: p.id)))
    }

    struct ChapterJSON: Encodable { let position: Int; let title: String; let authors: [PersonJSON]; let abstract: String }
    struct ReportJSON: Encodable {
        let id: Int64, kind: String, number: String?, title: String, authors: [PersonJSON], abstract: String, keywords: [String]
        let publishedOn: String?, pilots: [Int64], chapters: [ChapterJSON], pdfUrl: String?, url: String
        let citations: [String: String]
    }

    func reportJSON(_ r: Report) -> ReportJSON {
        func people(_ list: [ReportAuthor]) -> [PersonJSON] { list.map { PersonJSON(name: $0.name, affiliation: $0.affiliation) } }
        return ReportJSON(id: r.id, kind: r.kind.rawValue, number: r.number, title: r.title, authors: people(r.authors), abstract: r.abstract,
                          keywords: r.keywords, publishedOn: r.publishedOn, pilots: r.pilotIDs,
                          chapters: r.chapters.map { ChapterJSON(position: $0.position, title: $0.title, authors: people($0.authors), abstract: $0.abstract) },
                          pdfUrl: r.pdf.map { _ in site.publicURL + LearnURL.reportPDF(r.reference) }, url: site.publicURL + LearnURL.report(r.reference),
                          citations: Dictionary(uniqueKeysWithValues: ReportController.formats.map {
                              ($0.0, site.publicURL + Route.apiReport.path(r.id) + "?format=\($0.0)")
                          }))
    }

    @Sendable func reports(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await site.keptJSON(request) {
            let items = try await Reports(platform: site.platform).published().map(reportJSON)
            return ListJSON(items: items, total: items.count)
        }
    }

    /// One published report; `?format=bibtex|ris|csl-json` gives its citation instead.
    @Sendable func report(_ request: Request, context: AppRequestContext) async throws -> Response {
        let r = try await Reports(platform: site.platform).report(actor: nil, id: try site.id(context))
        guard let format = request.uri.queryParameters.get("format") else { return try JSONResponse.make(reportJSON(r)) }
        guard ReportController.formats.contains(where: { $0.0 == format }) else {
            var v = Validator()
            v.add("format", PlatformText.fieldUnknownChoice(ReportController.formats.map(\.0)))
            throw AppError(.badRequest, code: "invalid-query", message: PlatformText.validationFailed, fieldErrors: v.errors)
        }
        guard let citation = ReportController.citation(r, chapter: nil, publicURL: site.publicURL) else { throw AppError.notFound }
        return try ReportController.citationResponse(citation, format: format, fileName: citation.id)
    }
}
