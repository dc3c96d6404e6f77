import Foundation
import Hummingbird
import TillitFormats
import TillitLearn
import TillitPlatform

/// The report series: the numbered list, each report's permanent page with its PDF and citation
/// export (BibTeX, RIS, CSL-JSON), and writing, uploading and publishing for researchers and editors.
struct ReportController: Sendable {
    let site: Site
    var reports: Reports { Reports(platform: site.platform, attachmentStore: site.attachmentStore) }

    func register(on router: RouteRegistry) {
        router.get(Route.reports, use: list)
        router.get(Route.reportNew, use: newForm)
        router.post(Route.reportNew, use: create)
        router.get(Route.report, use: show)
        router.get(Route.reportEdit, use: editForm)
        router.post(Route.reportEdit, use: update)
        router.post(Route.reportPublish, use: publish)
        router.get(Route.reportPDF, use: pdf)
        router.post(Route.reportPDF, use: uploadPDF)
        router.get(Route.reportCitation, use: citation)
    }

    /// The formats a report can be cited in: (route value, label, media type, file extension).
    static let formats: [(String, String, String, String)] = [
        ("bibtex", "BibTeX", "application/x-bibtex; charset=utf-8", "bib"),
        ("ris", "RIS", "application/x-research-info-systems; charset=utf-8", "ris"),
        ("csl-json", "CSL-JSON", "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
    ]

    static func authorsLine(_ authors: [ReportAuthor]) -> String {
        authors.map { $0.affiliation.isEmpty ? $0.name : "\($0.name) (\($0.affiliation))" }.joined(separator: ", ")
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard context.identity == nil else {
            let actor = try context.actor()
            let view = ReportListPage(published: try await reports.published(), drafts: try await reports.drafts(actor: actor),
                                      canCreate: Reports.canCreate(actor))
            return site.render(view.render(site.pageContext(request, context)), request, context)
        }
        return try await site.keptPage(request, context, variant: "public") { ctx in
            ReportListPage(published: try await reports.published(), drafts: [], canCreate: false).render(ctx)
        }
    }

    private func report(_ context: AppRequestContext) async throws -> Report {
        let actor = context.identity == nil ? nil : try context.actor()
        return try await reports.report(actor: actor, reference: try context.parameters.require("ref"))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let r = try await report(context)
        // A published report has one permanent address: its number.
        if r.status == .published, context.parameters.get("ref") != r.reference {
            return Response(status: .movedPermanently, headers: [.location: LearnURL.report(r.reference)])
        }
        guard context.identity == nil else { return try await page(request, context, r, errors: []) }
        return try await site.keptPage(request, context, variant: "public") { ctx in try await view(r, actor: nil, errors: []).render(ctx) }
    }

    private func page(_ request: Request, _ context: AppRequestContext, _ r: Report, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let view = try await view(r, actor: context.identity == nil ? nil : try context.actor(), errors: errors)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    private func view(_ r: Report, actor: Actor?, errors: [FieldError]) async throws -> ReportPage {
        let pilots = try await Pilots(platform: site.platform).list().filter { r.pilotIDs.contains($0.id) }
        return ReportPage(report: r, pilots: pilots, canEdit: Reports.canEdit(actor, r), publicURL: site.publicURL, errors: errors)
    }

    static func size(_ bytes: Int, _ ctx: PageContext) -> String {
        bytes >= 1_048_576 ? ctx.number(Double(bytes) / 1_048_576, digits: 1) + "\u{00A0}MB" : ctx.number(max(1, bytes / 1024)) + "\u{00A0}kB"
    }

    // MARK: Files and citations

    @Sendable func pdf(_ request: Request, context: AppRequestContext) async throws -> Response {
        let r = try await report(context)
        guard let pdf = r.pdf else { throw AppError.notFound }
        let actor = context.identity == nil ? nil : try context.actor()
        let (attachment, data) = try await Knowledge(platform: site.platform, attachmentStore: site.attachmentStore).attachment(actor: actor, id: pdf.id)
        let name = r.number.map { "tillit-\($0.replacingOccurrences(of: ":", with: "-")).pdf" } ?? attachment.fileName
        return AttachmentResponse.make(attachment, data: data, fileName: name, public: r.status == .published)
    }

    @Sendable func uploadPDF(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let r = try await report(context)
        // Without a file the service still checks who is asking before it says a file is missing.
        let file = context.upload?.file("file")
        return try await site.submit(request, context, upload: true, save: { _ in
            _ = try await reports.attachPDF(actor: actor, id: r.id, fileName: file?.fileName ?? "", data: file?.data ?? Data())
            return HTMLResponse.seeOther(LearnURL.report(r.reference))
        }, again: { request, _, errors, status in
            try await page(request, context, r, errors: errors, status: status)
        })
    }

    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let r = try await report(context)
        return try await site.submit(request, context, save: { _ in
            let published = try await reports.publish(actor: actor, id: r.id)
            return HTMLResponse.seeOther(LearnURL.report(published.reference))
        }, again: { request, _, errors, status in
            try await page(request, context, r, errors: errors, status: status)
        })
    }

    /// The citation of a published report (or of one chapter of an anthology: `?kapitel=N`).
    static func citation(_ r: Report, chapter: Int?, publicURL: String) -> Citation? {
        guard let number = r.number, let day = r.publishedOn.flatMap({ CivilDate($0) }) else { return nil }
        let issued = Citation.Issued(year: day.year, month: day.month, day: day.day)
        func person(_ a: ReportAuthor) -> Citation.Person {
            let words = a.name.split(separator: " ")
            return Citation.Person(family: words.last.map(String.init) ?? a.name, given: words.dropLast().joined(separator: " "),
                                   affiliation: a.affiliation.isEmpty ? nil : a.affiliation)
        }
        let url = publicURL + LearnURL.report(r.reference)
        let key = "tillit-\(r.reference)"
        if let position = chapter {
            guard r.kind == .anthology, let c = r.chapters.first(where: { $0.position == position }) else { return nil }
            return Citation(kind: .chapter, id: "\(key)-\(position)", title: c.title, authors: c.authors.map(person), editors: r.authors.map(person),
                            issued: issued, number: number, series: Reports.seriesName, publisher: Reports.publisher, containerTitle: r.title,
                            url: url + "#kapitel-\(position)", abstract: c.abstract, keywords: r.keywords)
        }
        return Citation(kind: r.kind == .anthology ? .book : .report, id: key, title: r.title,
                        authors: r.kind == .anthology ? [] : r.authors.map(person), editors: r.kind == .anthology ? r.authors.map(person) : [],
                        issued: issued, number: number, series: Reports.seriesName, publisher: Reports.publisher, url: url, abstract: r.abstract,
                        keywords: r.keywords)
    }

    static func citationResponse(_ citation: Citation, format: String, fileName: String) throws -> Response {
        guard let spec = formats.first(where: { $0.0 == format }) else { throw AppError.notFound }
        let body: ByteBuffer
        switch format {
        case "bibtex": body = ByteBuffer(string: citation.bibtex())
        case "ris": body = ByteBuffer(string: citation.ris())
        default: body = ByteBuffer(bytes: citation.cslJSON())
        }
        var headers = HTTPFields()
        headers[.contentType] = spec.2
        headers[.contentDisposition] = AttachmentKind.contentDisposition(fileName: "\(fileName).\(spec.3)", inline: true)
        headers[.cacheControl] = "public, max-age=3600"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    @Sendable func citation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let r = try await report(context)
        let chapterParam = request.uri.queryParameters.get("kapitel")
        let chapter = RequestNumber.ordinal(chapterParam)
        if chapterParam != nil, chapter == nil { throw AppError.notFound }
        guard let citation = Self.citation(r, chapter: chapter, publicURL: site.publicURL) else { throw AppError.notFound }
        return try Self.citationResponse(citation, format: try context.parameters.require("format"), fileName: citation.id)
    }

    // MARK: Writing

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard Reports.canCreate(try context.actor()) else { throw AppError.forbidden }
        return try await formPage(request, context, form: FormData(pairs: [("kind", "report")]), errors: [], report: nil)
    }

    private func formPage(_ request: Request, _ context: AppRequestContext, form: FormData, errors: [FieldError], report: Report?,
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let view = ReportFormPage(form: form, errors: errors, report: report, pilots: try await Pilots(platform: site.platform).list())
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    static func input(_ form: FormData) -> (ReportInput, [FieldError]) {
        var errors: [FieldError] = []
        let authors = ReportInput.authors(form["authors"])
        if authors == nil { errors.append(FieldError("authors", LearnText.personLine)) }
        let chapterText = form["chapters"] ?? ""
        let chapters = ReportInput.chapters(chapterText)
        if chapters == nil { errors.append(FieldError("chapters", LearnText.chapterFormat)) }
        let input = ReportInput(kind: form["kind"], title: form["title"], abstract: form["abstract"],
                                keywords: (form["keywords"] ?? "").split(separator: ",").map(String.init), authors: authors ?? [],
                                pilotIDs: form.all("pilots").compactMap(RequestNumber.id), chapters: chapters ?? [])
        return (input, errors)
    }

    static func form(_ r: Report) -> FormData {
        FormData(pairs: [
            ("kind", r.kind.rawValue), ("title", r.title), ("abstract", r.abstract), ("keywords", r.keywords.joined(separator: ", ")),
            ("authors", r.authors.map { $0.affiliation.isEmpty ? $0.name : "\($0.name) | \($0.affiliation)" }.joined(separator: "\n")),
            ("chapters", ReportInput.text(r.chapters)),
        ] + r.pilotIDs.map { ("pilots", String($0)) })
    }

    private func save(_ request: Request, _ context: AppRequestContext, report: Report?) async throws -> Response {
        let actor = try context.actor()
        return try await site.saveForm(request, context, parse: Self.input, save: { input in
            let saved: Report
            if let report { saved = try await reports.update(actor: actor, id: report.id, input) } else { saved = try await reports.create(actor: actor, input) }
            return LearnURL.report(saved.reference)
        }, again: { request, form, errors in
            try await formPage(request, context, form: form, errors: errors, report: report, status: .unprocessableContent)
        })
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard Reports.canCreate(try context.actor()) else { throw AppError.forbidden }
        return try await save(request, context, report: nil)
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let r = try await report(context)
        guard Reports.canEdit(actor, r) else { throw AppError.forbidden }
        return try await formPage(request, context, form: Self.form(r), errors: [], report: r)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let r = try await report(context)
        guard Reports.canEdit(actor, r) else { throw AppError.forbidden }
        return try await save(request, context, report: r)
    }
}

/// A stored file as a response: its real type, a safe file name, and never sniffed by the browser.
enum AttachmentResponse {
    static func make(_ attachment: Attachment, data: Data, fileName: String? = nil, public isPublic: Bool) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = attachment.kind.mimeType
        // Images and PDFs open in the browser; office documents download.
        let inline = attachment.kind == .pdf || attachment.kind == .png || attachment.kind == .jpeg
        headers[.contentDisposition] = AttachmentKind.contentDisposition(fileName: fileName ?? attachment.fileName, inline: inline)
        headers[.contentLength] = String(data.count)
        headers[.cacheControl] = isPublic ? "public, max-age=86400" : "private, no-store"
        headers[.eTag] = "\"\(attachment.sha256)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
