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
        let ctx = site.pageContext(request, context)
        let actor = context.identity == nil ? nil : try context.actor()
        let published = try await reports.published()
        var drafts: [Report] = []
        if let actor { drafts = try await reports.drafts(actor: actor) }
        func item(_ r: Report) -> HTML {
            """
            <li><h2><a href="\(LearnURL.report(r.reference))">\(r.number.map { "\($0) " } ?? "")\(r.title)</a></h2>
            <p class="meta">\(r.kind == .anthology ? "\(ctx.t(r.kind.label)) · \(ctx.t(LearnUI.editors)): " : "")\(Self.authorsLine(r.authors))\
            \(r.publishedOn.map { " · \($0)" } ?? "")</p></li>
            """
        }
        let content: HTML = """
            <h1>\(ctx.t(LearnUI.reportSeries))</h1>
            <p class="lead">\(ctx.t(LearnUI.reportsLead))</p>
            <p class="actions">\(Reports.canCreate(actor) ? "<a class=\"button-link\" href=\"\(LearnURL.reportNew)\">\(ctx.t(LearnUI.newReport))</a> " as HTML : .empty)\
            <a href="\(LearnURL.reportsFeed)">\(ctx.t(LearnUI.reportsFeed))</a></p>
            \(drafts.isEmpty ? .empty : "<section aria-labelledby=\"drafts-title\"><h2 id=\"drafts-title\">\(ctx.t(LearnUI.drafts))</h2><ul class=\"hits\">\(drafts.map(item))</ul></section>" as HTML)
            \(published.isEmpty ? "<p>\(ctx.t(LearnUI.nothing))</p>" as HTML : "<ul class=\"hits\">\(published.map(item))</ul>" as HTML)
            """
        return site.render(PageView(title: ctx.t(LearnUI.reportSeries), content: content), request, context)
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
        return try await page(request, context, r, errors: [])
    }

    private func page(_ request: Request, _ context: AppRequestContext, _ r: Report, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let ctx = site.pageContext(request, context)
        let actor = context.identity == nil ? nil : try context.actor()
        let canEdit = Reports.canEdit(actor, r)
        let pilots = try await Pilots(platform: site.platform).list().filter { r.pilotIDs.contains($0.id) }
        var facts: [HTML] = []
        if let number = r.number { facts.append("<dt>\(ctx.t(LearnUI.number))</dt><dd>\(Reports.seriesName) \(number)</dd>") }
        facts.append("<dt>\(ctx.t(r.kind == .anthology ? LearnUI.editors : LearnUI.authors))</dt><dd>\(Self.authorsLine(r.authors))</dd>")
        if let day = r.publishedOn { facts.append("<dt>\(ctx.t(LearnUI.publishedOn))</dt><dd><time datetime=\"\(day)\">\(day)</time></dd>") }
        if !r.keywords.isEmpty { facts.append("<dt>\(ctx.t(LearnUI.keywords))</dt><dd>\(r.keywords.joined(separator: ", "))</dd>") }
        if r.status == .published { facts.append("<dt>\(ctx.t(LearnUI.permanentURL))</dt><dd><a href=\"\(LearnURL.report(r.reference))\">\(site.publicURL)\(LearnURL.report(r.reference))</a></dd>") }
        if !pilots.isEmpty { facts.append("<dt>\(ctx.t(LearnUI.linkedPilots))</dt><dd>\(pilots.map { "<a href=\"\(LearnURL.pilot($0.id))\">\($0.name)</a>" as HTML })</dd>") }
        func cite(chapter: Int?) -> HTML {
            "\(Self.formats.enumerated().map { index, format in "\(index == 0 ? "" : " · ")<a href=\"\(LearnURL.reportCitation(r.reference, format: format.0, chapter: chapter))\">\(format.1)</a>" as HTML })"
        }
        let chapters: [HTML] = r.chapters.map { c in
            """
            <li id="kapitel-\(c.position)"><h3>\(c.title)</h3><p class="meta">\(Self.authorsLine(c.authors))</p><p>\(c.abstract)</p>\
            \(r.status == .published ? "<p class=\"meta\">\(ctx.t(LearnUI.cite)): \(cite(chapter: c.position))</p>" as HTML : .empty)</li>
            """
        }
        var panels: [HTML] = []
        if canEdit {
            panels.append("""
                <section class="panel" aria-labelledby="pdf-title"><h2 id="pdf-title">\(ctx.t(LearnUI.pdf))</h2>
                \(Form.errorSummary(errors, ctx, labels: ["file": ctx.t(LearnUI.file)]))
                <form method="post" action="\(LearnURL.reportPDF(String(r.id)))" enctype="multipart/form-data" novalidate>\(Form.csrf(ctx))
                \(Form.file("file", label: ctx.t(LearnUI.file), accept: "application/pdf,.pdf", errors: errors, ctx, hint: ctx.t(LearnUI.pdfHint)))
                <button type="submit" class="secondary">\(ctx.t(LearnUI.uploadPDF))</button></form>
                \(r.status == .draft ? """
                    <form method="post" action="\(LearnURL.reportPublish(String(r.id)))">\(Form.csrf(ctx))<button type="submit">\(ctx.t(LearnUI.publish))</button></form>
                    """ as HTML : .empty)
                </section>
                """)
        }
        let content: HTML = """
            <article>
            <h1>\(r.title)</h1>
            \(r.status == .draft ? "<p><span class=\"tag\">\(ctx.t(LearnUI.draft))</span></p>" as HTML : .empty)
            \(canEdit ? "<p class=\"actions\"><a class=\"button-link\" href=\"\(LearnURL.reportEdit(String(r.id)))\">\(ctx.t(LearnUI.edit))</a></p>" as HTML : .empty)
            <dl class="facts">\(facts)</dl>
            <h2>\(ctx.t(LearnUI.abstract))</h2>
            <p class="prewrap">\(r.abstract)</p>
            \(r.pdf.map { pdf in "<p><a class=\"button-link\" href=\"\(LearnURL.reportPDF(r.reference))\">\(ctx.t(LearnUI.download)) (PDF, \(Self.size(pdf.size, ctx)))</a></p>" as HTML })
            \(r.status == .published ? "<h2>\(ctx.t(LearnUI.cite))</h2><p>\(cite(chapter: nil))</p>" as HTML : .empty)
            \(chapters.isEmpty ? .empty : "<h2>\(ctx.t(LearnUI.chapters))</h2><ol class=\"chapters\">\(chapters)</ol>" as HTML)
            </article>
            \(panels)
            """
        return site.render(PageView(title: r.number.map { "\($0) \(r.title)" } ?? r.title, breadcrumbs: [(ctx.t(LearnUI.reportSeries), LearnURL.reports)],
                                    content: content), request, context, status: status)
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
        let ctx = site.pageContext(request, context)
        let pilots = try await Pilots(platform: site.platform).list()
        let labels: [String: String] = [
            "kind": ctx.t(LearnUI.kindLabel), "title": ctx.t(LearnUI.title), "abstract": ctx.t(LearnUI.abstract), "keywords": ctx.t(LearnUI.keywords),
            "authors": ctx.t(LearnUI.authors), "chapters": ctx.t(LearnUI.chapters), "pilots": ctx.t(LearnUI.linkedPilots),
        ]
        let title = ctx.t(report == nil ? LearnUI.newReport : LearnUI.editReport)
        let content: HTML = """
            <h1>\(title)</h1>
            \(Form.errorSummary(errors, ctx, labels: labels))
            <form method="post" action="\(report.map { LearnURL.reportEdit(String($0.id)) } ?? LearnURL.reportNew)" novalidate>\(Form.csrf(ctx))
            \(Form.radios("kind", legend: labels["kind"]!, options: ReportKind.allCases.map { ($0.rawValue, ctx.t($0.label)) }, selected: form["kind"], errors: errors, ctx))
            \(Form.text("title", label: labels["title"]!, value: form["title"], errors: errors, ctx))
            \(Form.textarea("authors", label: labels["authors"]!, value: form["authors"], errors: errors, ctx, hint: ctx.t(LearnUI.authorsHint), rows: 3))
            \(Form.textarea("abstract", label: labels["abstract"]!, value: form["abstract"], errors: errors, ctx, rows: 8))
            \(Form.text("keywords", label: labels["keywords"]!, value: form["keywords"], errors: errors, ctx, hint: ctx.t(LearnUI.keywordsHint), required: false))
            \(pilots.isEmpty ? .empty : Form.checkboxes("pilots", legend: labels["pilots"]!, options: pilots.map { (String($0.id), $0.name) }, selected: Set(form.all("pilots")), errors: errors, ctx))
            \(Form.textarea("chapters", label: labels["chapters"]!, value: form["chapters"], errors: errors, ctx, hint: ctx.t(LearnUI.chaptersHint), required: false, rows: 10))
            <button type="submit">\(ctx.t(LearnUI.save))</button>
            </form>
            """
        return site.render(PageView(title: title, breadcrumbs: [(ctx.t(LearnUI.reportSeries), LearnURL.reports)], content: content), request, context, status: status)
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
