import Foundation
import Hummingbird
import TillitFormats
import TillitLearn
import TillitPlatform
import TillitSearch

/// The knowledge bank's API. Reading published examples is open to everyone, as on the web;
/// contributing needs a token (an editor's publishes directly, anyone else's is submitted).
struct KnowledgeAPIController: Sendable {
    let site: Site
    var knowledge: Knowledge { Knowledge(platform: site.platform) }

    func register(on router: RouteRegistry) {
        router.get(Route.apiExamples, use: list)
        router.post(Route.apiExamples, use: create)
        router.get(Route.apiExample, use: get)
        router.get(Route.apiSearchAnalyze, use: analyze)
    }

    struct HitJSON: Encodable {
        let id: Int64
        let extId: String?
        let title: String
        let summary: String
        let sectors: [String]
        let principles: [String]
        let organisation: String
        let publishedAt: Date?
        let url: String
        /// HTML-escaped text with the matching words in `<mark>`.
        let snippet: String
    }

    struct ResultsJSON: Encodable {
        let items: [HitJSON]
        let total: Int
        let page: Int
        let perPage: Int
        let facets: [String: [String: Int]]
        /// Names for facet values that are ids: the organisations, by id.
        let facetLabels: [String: [String: String]]
        let terms: [String]
        let broader: String?
        /// The query's words, as written, that no example has.
        let unknownWords: [String]
        /// Queries to try instead ("did you mean").
        let suggestions: [String]
        /// Whether the query held only stop words, which are not searched for.
        let onlyStopWords: Bool
    }

    struct AttachmentJSON: Encodable {
        let id: Int64
        let fileName: String
        let kind: String
        let contentType: String
        let size: Int
        let url: String
    }

    struct ExampleJSON: Encodable {
        let id: Int64
        let extId: String?
        let status: String
        let title: String
        let summary: String
        let body: String
        let bodyHtml: String
        let organisation: String
        let organisationId: Int64
        let orgKind: String
        let unit: String
        let sectors: [String]
        let principles: [String]
        let yearStart: Int?
        let yearEnd: Int?
        let results: String
        let lessons: String
        let contactName: String
        let contactRole: String
        /// Only for a signed-in caller (a token).
        let contactEmail: String?
        let links: [ExampleLink]
        let tags: [String]
        let attachments: [AttachmentJSON]
        let publishedAt: Date?
        let updatedAt: Date
        let revision: Int
        let url: String

        init(_ e: Example, signedIn: Bool, publicURL: String, attachments: [Attachment] = []) {
            self.attachments = attachments.map {
                AttachmentJSON(id: $0.id, fileName: $0.fileName, kind: $0.kind.rawValue, contentType: $0.kind.mimeType, size: $0.size,
                               url: publicURL + LearnURL.attachment($0.id, name: $0.fileName))
            }
            id = e.id
            extId = e.extID
            status = e.status.rawValue
            title = e.title
            summary = e.summary
            body = e.body
            bodyHtml = Markdown.html(e.body)
            organisation = e.organisationName
            organisationId = e.organisationID
            orgKind = e.organisationKind.rawValue
            unit = e.unitName
            sectors = e.sectors.map(\.rawValue)
            principles = e.principles.map(\.rawValue)
            yearStart = e.yearStart
            yearEnd = e.yearEnd
            results = e.results
            lessons = e.lessons
            contactName = e.contactName
            contactRole = e.contactRole
            contactEmail = signedIn && !e.contactEmail.isEmpty ? e.contactEmail : nil
            links = e.links
            tags = e.tags
            publishedAt = e.publishedAt
            updatedAt = e.updatedAt
            revision = e.revision
            url = publicURL + SiteURL.example(id: e.id).path
        }
    }


    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await site.keptJSON(request) { try await results(request) }
    }

    private func results(_ request: Request) async throws -> ResultsJSON {
        let params = request.uri.queryParameters
        let query = try ExampleQuery.parse(q: site.formText(request, "q"), sector: params.get("sector"), principle: params.get("principle"),
                                           orgKind: params.get("org_kind"), org: params.get("org"), year: params.get("year"), sort: params.get("sort"),
                                           page: try site.pageRequest(request, defaultPerPage: 20))
        let results = try await knowledge.search(query)
        let items = results.page.items.map { hit in
            HitJSON(id: hit.example.id, extId: hit.example.extID, title: hit.example.title, summary: hit.example.summary,
                    sectors: hit.example.sectors.map(\.rawValue), principles: hit.example.principles.map(\.rawValue),
                    organisation: hit.example.organisationName, publishedAt: hit.example.publishedAt,
                    url: site.publicURL + SiteURL.example(id: hit.example.id).path,
                    snippet: hit.snippet.map { $0.match ? "<mark>\(HTMLEscaping.escape($0.text))</mark>" : HTMLEscaping.escape($0.text) }.joined())
        }
        var facets: [String: [String: Int]] = [:]
        for key in ["sector", "principle", "org_kind", "organisation", "year"] {
            facets[key] = Dictionary(uniqueKeysWithValues: (results.facets[key] ?? []).map { ($0.value, $0.count) })
        }
        return ResultsJSON(items: items, total: results.page.total, page: query.page.page, perPage: query.page.perPage,
                           facets: facets, facetLabels: ["organisation": results.organisationNames],
                           terms: results.terms, broader: results.broader,
                           unknownWords: results.unknownWords, suggestions: results.suggestions,
                           onlyStopWords: results.onlyStopWords)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = context.identity == nil ? nil : try context.actor()
        let example = try await knowledge.example(actor: actor, id: try site.id(context))
        let attachments = try await knowledge.attachments(actor: actor, exampleID: example.id)
        return try JSONResponse.make(ExampleJSON(example, signedIn: actor != nil, publicURL: site.publicURL, attachments: attachments))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let record = try await APIController(site: site).decode(ExampleRecord.self, request, context)
        let organisation = record.organisationId ?? Policy.organisationIDs(actor).sorted().first ?? 0
        let example = try await knowledge.create(actor: actor, knowledge.input(record, organisationID: organisation), publish: true)
        return try JSONResponse.make(ExampleJSON(example, signedIn: true, publicURL: site.publicURL), status: .created)
    }

    struct TokensJSON: Encodable {
        let tokens: [String]
    }

    /// The tokens indexing produces for a text, so anyone can see why something matches.
    @Sendable func analyze(_ request: Request, context: AppRequestContext) async throws -> Response {
        var v = Validator()
        let text = v.multilineText("text", request.uri.queryParameters.get("text"), maxLength: 10_000, required: false) ?? ""
        try v.check()
        return try JSONResponse.make(TokensJSON(tokens: SwedishAnalyzer.shared.tokens(text)))
    }
}
