import Foundation
import Hummingbird
import TillitFormats
import TillitLearn
import TillitPlatform
import TillitListen

/// The knowledge bank's pages: search, reading, contributing, and the editors' review.
struct KnowledgeController: Sendable {
    let site: Site
    var knowledge: Knowledge { Knowledge(platform: site.platform, attachmentStore: site.attachmentStore) }

    func register(on router: RouteRegistry) {
        router.get(Route.knowledge, use: search)
        router.get(Route.knowledgeNew, use: newForm)
        router.post(Route.knowledgeNew, use: create)
        router.get(Route.knowledgeWorkbench, use: workbench)
        router.get(Route.example, use: show)
        router.get(Route.exampleEdit, use: editForm)
        router.post(Route.exampleEdit, use: update)
        router.post(Route.exampleSubmit, use: submit)
        router.post(Route.examplePublish, use: publish)
        router.post(Route.exampleReturn, use: returnToContributor)
        router.post(Route.exampleWithdraw, use: withdraw)
        router.get(Route.exampleRevisions, use: revisions)
        router.post(Route.signalShare, use: shareSolution)
    }

    // MARK: Search

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let params = request.uri.queryParameters
        let query = try ExampleQuery.parse(q: params.get("q"), sector: params.get("sector"), principle: params.get("principle"),
                                           orgKind: params.get("org_kind"), org: params.get("org"), year: params.get("year"), sort: params.get("sort"),
                                           page: try site.pageRequest(request, defaultPerPage: 20))
        let view = SearchPage(query: query, results: try await knowledge.search(query), sortParameter: params.get("sort"))
        return site.render(view.render(site.pageContext(request, context)), request, context)
    }

    static func period(_ e: Example, _ ctx: PageContext) -> String? {
        guard let start = e.yearStart else { return nil }
        if let end = e.yearEnd { return end == start ? "\(start)" : "\(start)–\(end)" }
        return "\(start)–, \(ctx.t(KnowledgeUIText.ongoing))"
    }

    // MARK: Reading

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await page(request, context, id: try site.id(context), errors: [])
    }

    /// An example's page, with its attachments, as the caller may see it.
    func page(_ request: Request, _ context: AppRequestContext, id: Int64, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = context.identity == nil ? nil : try context.actor()
        let e = try await knowledge.example(actor: actor, id: id)
        let attachments = try await knowledge.attachments(actor: actor, exampleID: id)
        return page(request, context, e, actor: actor, errors: errors, attachments: attachments, status: status)
    }

    private func page(_ request: Request, _ context: AppRequestContext, _ e: Example, actor: Actor?, errors: [FieldError],
                      attachments: [Attachment], status: HTTPResponse.Status = .ok) -> Response {
        let ctx = site.pageContext(request, context)
        let editor = actor.map(Policy.isEditor) ?? false
        let own = actor?.userID != nil && e.createdBy == actor?.userID
        var facts: [HTML] = [
            "<dt>\(ctx.t(KnowledgeUIText.organisation))</dt><dd>\(e.organisationName)\(e.unitName.isEmpty ? "" : ", \(e.unitName)")</dd>",
            "<dt>\(ctx.t(KnowledgeUIText.sectors))</dt><dd>\(e.sectors.map { ctx.t($0.label) }.joined(separator: ", "))</dd>",
            "<dt>\(ctx.t(KnowledgeUIText.principles))</dt><dd>\(e.principles.map { ctx.t($0.label) }.joined(separator: ", "))</dd>",
        ]
        if let period = Self.period(e, ctx) { facts.append("<dt>\(ctx.t(KnowledgeUIText.period))</dt><dd>\(period)</dd>") }
        if !e.tags.isEmpty { facts.append("<dt>\(ctx.t(KnowledgeUIText.tags))</dt><dd>\(e.tags.joined(separator: ", "))</dd>") }
        if !e.contactName.isEmpty {
            let email: HTML = e.contactEmail.isEmpty ? .empty
                : (context.identity == nil ? "<br><span class=\"meta\">\(ctx.t(KnowledgeUIText.contactSignIn))</span>"
                                           : "<br><a href=\"mailto:\(e.contactEmail)\">\(e.contactEmail)</a>")
            facts.append("<dt>\(ctx.t(KnowledgeUIText.contact))</dt><dd>\(e.contactName)\(e.contactRole.isEmpty ? "" : ", \(e.contactRole)")\(email)</dd>")
        }
        var actions: [HTML] = []
        let canEdit = (own && (e.status == .draft || e.status == .returned)) || (editor && e.status != .withdrawn)
        if canEdit {
            actions.append("<a class=\"button-link\" href=\"\(SiteURL.exampleEdit(id: e.id).path)\">\(ctx.t(KnowledgeUIText.edit))</a>")
        }
        if own || editor, e.status == .draft || e.status == .returned {
            actions.append("<form method=\"post\" action=\"\(SiteURL.exampleSubmit(id: e.id).path)\" class=\"inline-form\">\(Form.csrf(ctx))<button type=\"submit\">\(ctx.t(KnowledgeUIText.submit))</button></form>")
        }
        if editor, e.status == .submitted || e.status == .draft || e.status == .returned {
            actions.append("<form method=\"post\" action=\"\(SiteURL.examplePublish(id: e.id).path)\" class=\"inline-form\">\(Form.csrf(ctx))<button type=\"submit\">\(ctx.t(KnowledgeUIText.publish))</button></form>")
        }
        var panels: [HTML] = []
        if editor, e.status == .submitted {
            panels.append("""
                <section class="panel" aria-labelledby="return-title"><h2 id="return-title">\(ctx.t(KnowledgeUIText.returnTitle))</h2>
                <form method="post" action="\(SiteURL.exampleReturn(id: e.id).path)" novalidate>\(Form.csrf(ctx))
                \(Form.textarea("comment", label: ctx.t(KnowledgeUIText.returnComment), value: nil, errors: errors, ctx, rows: 3))
                <button type="submit" class="secondary">\(ctx.t(KnowledgeUIText.returnButton))</button></form></section>
                """)
        }
        if editor, e.status == .published {
            panels.append("""
                <section class="panel" aria-labelledby="withdraw-title"><h2 id="withdraw-title">\(ctx.t(KnowledgeUIText.withdrawTitle))</h2>
                <form method="post" action="\(SiteURL.exampleWithdraw(id: e.id).path)" novalidate>\(Form.csrf(ctx))
                \(Form.textarea("reason", label: ctx.t(KnowledgeUIText.withdrawReason), value: nil, errors: errors, ctx, rows: 3))
                <button type="submit" class="secondary">\(ctx.t(KnowledgeUIText.withdrawButton))</button></form></section>
                """)
        }
        let statusLine: HTML = e.status == .published
            ? "<p class=\"lead\">\(e.summary)</p><p class=\"meta\">\(ctx.t(KnowledgeUIText.published(e.publishedAt.map { LocalTime($0).dateOnly } ?? "")))</p>"
            : "<p class=\"lead\">\(e.summary)</p><p><span class=\"tag\">\(ctx.t(e.status.label))</span></p>"
        let content: HTML = """
            <article>
            <h1>\(e.title)</h1>
            \(statusLine)
            \(Form.errorSummary(errors, ctx, labels: ["comment": ctx.t(KnowledgeUIText.returnComment), "reason": ctx.t(KnowledgeUIText.withdrawReason),
                                                      "sectors": ctx.t(KnowledgeUIText.sectors), "principles": ctx.t(KnowledgeUIText.principles)]))
            \(e.editorComment.map { "<div class=\"notice\"><h2>\(ctx.t(KnowledgeUIText.editorComment))</h2><p class=\"prewrap\">\($0)</p></div>" as HTML })
            \(e.withdrawnReason.map { "<div class=\"notice\"><p>\(ctx.t(KnowledgeUIText.withdrawnNote($0)))</p></div>" as HTML })
            \(actions.isEmpty ? .empty : "<div class=\"actions\">\(actions)</div>" as HTML)
            <dl class="facts">\(facts)</dl>
            <div class="example-body">\(HTML(unsafeRaw: Markdown.html(e.body)))</div>
            \(e.results.isEmpty ? .empty : "<h2>\(ctx.t(KnowledgeUIText.results2))</h2><p class=\"prewrap\">\(e.results)</p>" as HTML)
            \(e.lessons.isEmpty ? .empty : "<h2>\(ctx.t(KnowledgeUIText.lessons))</h2><p class=\"prewrap\">\(e.lessons)</p>" as HTML)
            \(e.links.isEmpty ? .empty : "<h2>\(ctx.t(KnowledgeUIText.links))</h2><ul>\(e.links.map { "<li><a href=\"\($0.url)\" rel=\"nofollow noopener\">\($0.title)</a></li>" as HTML })</ul>" as HTML)
            \(ExampleFilesController.section(e, attachments: attachments, canEdit: canEdit, errors: errors, ctx))
            <p><a href="\(SiteURL.exampleRevisions(id: e.id).path)">\(ctx.t(KnowledgeUIText.revisions))</a>\
            \(e.status == .published ? " · <a href=\"\(LearnURL.exampleProblem(e.id))\">\(ctx.t(LearnUI.reportProblem))</a>" as HTML : .empty)</p>
            </article>
            \(panels)
            """
        return site.render(PageView(title: e.title, breadcrumbs: [(ctx.t(KnowledgeUIText.bank), SiteURL.knowledge.path)], content: content),
                           request, context, status: status)
    }

    // MARK: Contributing

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let organisation = Policy.organisationIDs(actor).sorted().first.map(String.init) ?? ""
        return try await formPage(request, context, form: FormData(pairs: [("organisation_id", organisation)]), errors: [], exampleID: nil)
    }

    private func formPage(_ request: Request, _ context: AppRequestContext, form: FormData, errors: [FieldError], exampleID: Int64?,
                          notice: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = try context.actor()
        let ctx = site.pageContext(request, context)
        // The contributor's own organisations (a system administrator's: all), and the example's if it is another.
        let own = Policy.organisationIDs(actor), current = RequestNumber.id(form["organisation_id"])
        let organisations: [(String, String)] = try await site.platform.allOrganisations()
            .filter { Policy.isSystemAdministrator(actor) || own.contains($0.id) || $0.id == current }
            .map { (String($0.id), $0.name) }
        let labels: [String: String] = [
            "title": ctx.t(KnowledgeUIText.title), "summary": ctx.t(KnowledgeUIText.summary), "body": ctx.t(KnowledgeUIText.body),
            "organisation_id": ctx.t(KnowledgeUIText.organisation), "unit_name": ctx.t(KnowledgeUIText.unitName),
            "sectors": ctx.t(KnowledgeUIText.sectors), "principles": ctx.t(KnowledgeUIText.principles), "year_start": ctx.t(KnowledgeUIText.yearStart),
            "year_end": ctx.t(KnowledgeUIText.yearEnd), "results": ctx.t(KnowledgeUIText.results2), "lessons": ctx.t(KnowledgeUIText.lessons),
            "contact_name": ctx.t(KnowledgeUIText.contactName), "contact_role": ctx.t(KnowledgeUIText.contactRole),
            "contact_email": ctx.t(KnowledgeUIText.contactEmail), "tags": ctx.t(KnowledgeUIText.tags), "links": ctx.t(KnowledgeUIText.links),
        ]
        let action = exampleID.map { SiteURL.exampleEdit(id: $0).path } ?? SiteURL.knowledgeNew.path
        let title = ctx.t(exampleID == nil ? KnowledgeUIText.newTitle : KnowledgeUIText.editTitle)
        let content: HTML = """
            <h1>\(title)</h1>
            <p class="lead">\(ctx.t(KnowledgeUIText.newLead))</p>
            \(Form.notice(notice))
            \(Form.errorSummary(errors, ctx, labels: labels))
            <form method="post" action="\(action)" novalidate>
            \(Form.csrf(ctx))
            \(form["source_signal_id"].map { "<input type=\"hidden\" name=\"source_signal_id\" value=\"\($0)\">" as HTML })
            \(Form.text("title", label: labels["title"]!, value: form["title"], errors: errors, ctx))
            \(Form.textarea("summary", label: labels["summary"]!, value: form["summary"], errors: errors, ctx, hint: ctx.t(KnowledgeUIText.summaryHint), rows: 3))
            \(Form.textarea("body", label: labels["body"]!, value: form["body"], errors: errors, ctx, hint: ctx.t(KnowledgeUIText.bodyHint), rows: 12))
            \(Form.select("organisation_id", label: labels["organisation_id"]!, options: organisations, selected: form["organisation_id"], errors: errors, ctx))
            \(Form.text("unit_name", label: labels["unit_name"]!, value: form["unit_name"], errors: errors, ctx, required: false))
            \(Form.checkboxes("sectors", legend: labels["sectors"]!, options: Sector.allCases.map { ($0.rawValue, ctx.t($0.label)) },
                              selected: Set(form.all("sectors")), errors: errors, ctx))
            \(Form.checkboxes("principles", legend: labels["principles"]!, options: Principle.allCases.map { ($0.rawValue, ctx.t($0.label)) },
                              selected: Set(form.all("principles")), errors: errors, ctx))
            \(Form.text("year_start", label: labels["year_start"]!, value: form["year_start"], errors: errors, ctx, type: "text", required: false))
            \(Form.text("year_end", label: labels["year_end"]!, value: form["year_end"], errors: errors, ctx, type: "text", required: false))
            \(Form.textarea("results", label: labels["results"]!, value: form["results"], errors: errors, ctx, required: false, rows: 3))
            \(Form.textarea("lessons", label: labels["lessons"]!, value: form["lessons"], errors: errors, ctx, required: false, rows: 3))
            \(Form.text("contact_name", label: labels["contact_name"]!, value: form["contact_name"], errors: errors, ctx, required: false))
            \(Form.text("contact_role", label: labels["contact_role"]!, value: form["contact_role"], errors: errors, ctx, required: false))
            \(Form.text("contact_email", label: labels["contact_email"]!, value: form["contact_email"], errors: errors, ctx, type: "email",
                        hint: ctx.t(KnowledgeUIText.contactEmailHint), required: false))
            \(Form.text("tags", label: labels["tags"]!, value: form["tags"], errors: errors, ctx, hint: ctx.t(KnowledgeUIText.tagsHint), required: false))
            \(Form.textarea("links", label: labels["links"]!, value: form["links"], errors: errors, ctx, hint: ctx.t(KnowledgeUIText.linksHint), required: false, rows: 3))
            <button type="submit">\(ctx.t(KnowledgeUIText.save))</button>
            </form>
            """
        return site.render(PageView(title: title, breadcrumbs: [(ctx.t(KnowledgeUIText.bank), SiteURL.knowledge.path)], content: content),
                           request, context, status: status)
    }

    /// The form's fields as the service's input.
    static func input(_ form: FormData) -> ExampleInput {
        let links = (form["links"] ?? "").split(whereSeparator: \.isNewline).compactMap { line -> ExampleLink? in
            let parts = line.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let last = parts.last, !last.isEmpty else { return nil }
            return ExampleLink(title: parts.count == 2 ? parts[0] : "", url: last)
        }
        return ExampleInput(
            organisationID: form["organisation_id"], unitName: form["unit_name"], title: form["title"], summary: form["summary"], body: form["body"],
            sectors: form.all("sectors"), principles: form.all("principles"), yearStart: form["year_start"], yearEnd: form["year_end"],
            results: form["results"], lessons: form["lessons"], contactName: form["contact_name"], contactRole: form["contact_role"],
            contactEmail: form["contact_email"], links: links, tags: (form["tags"] ?? "").split(separator: ",").map(String.init))
    }

    /// An example as the form's fields.
    static func form(_ e: Example) -> FormData {
        var pairs: [(String, String)] = [
            ("organisation_id", String(e.organisationID)), ("unit_name", e.unitName), ("title", e.title), ("summary", e.summary), ("body", e.body),
            ("year_start", e.yearStart.map(String.init) ?? ""), ("year_end", e.yearEnd.map(String.init) ?? ""), ("results", e.results),
            ("lessons", e.lessons), ("contact_name", e.contactName), ("contact_role", e.contactRole), ("contact_email", e.contactEmail),
            ("tags", e.tags.joined(separator: ", ")), ("links", e.links.map { "\($0.title) | \($0.url)" }.joined(separator: "\n")),
        ]
        pairs += e.sectors.map { ("sectors", $0.rawValue) } + e.principles.map { ("principles", $0.rawValue) }
        return FormData(pairs: pairs)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        return try await site.submit(request, context, save: { form in
            let example = try await knowledge.create(actor: actor, Self.input(form), sourceSignalID: RequestNumber.id(form["source_signal_id"]))
            return HTMLResponse.seeOther(SiteURL.example(id: example.id).path)
        }, again: { request, form, errors, status in
            try await formPage(request, context, form: form, errors: errors, exampleID: nil, status: status)
        })
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let e = try await knowledge.example(actor: actor, id: try site.id(context))
        return try await formPage(request, context, form: Self.form(e), errors: [], exampleID: e.id,
                                  notice: e.sourceSignalID == nil || e.revision > 1 ? nil : site.pageContext(request, context).t(KnowledgeUIText.fromSignal))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let id = try site.id(context)
        return try await site.submit(request, context, save: { form in
            _ = try await knowledge.update(actor: actor, id: id, Self.input(form))
            return HTMLResponse.seeOther(SiteURL.example(id: id).path)
        }, again: { request, form, errors, status in
            try await formPage(request, context, form: form, errors: errors, exampleID: id, status: status)
        })
    }

    /// Runs a workflow step from the example's page; shows the page again with errors if the form was wrong.
    private func step(_ request: Request, _ context: AppRequestContext, _ change: @Sendable (Knowledge, Actor, Int64, FormData) async throws -> Void) async throws -> Response {
        let actor = try context.actor()
        let id = try site.id(context)
        return try await site.submit(request, context, save: { form in
            try await change(knowledge, actor, id, form)
            return HTMLResponse.seeOther(SiteURL.example(id: id).path)
        }, again: { request, _, errors, status in
            try await page(request, context, id: id, errors: errors, status: status)
        })
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await step(request, context) { k, actor, id, _ in _ = try await k.submit(actor: actor, id: id) }
    }

    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await step(request, context) { k, actor, id, _ in _ = try await k.publish(actor: actor, id: id) }
    }

    @Sendable func returnToContributor(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await step(request, context) { k, actor, id, form in _ = try await k.returnToContributor(actor: actor, id: id, comment: form["comment"]) }
    }

    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await step(request, context) { k, actor, id, form in _ = try await k.withdraw(actor: actor, id: id, reason: form["reason"]) }
    }

    @Sendable func workbench(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let (mine, waiting) = try await knowledge.workbench(actor: actor)
        let ctx = site.pageContext(request, context)
        func list(_ items: [Example]) -> HTML {
            items.isEmpty ? "<p>\(ctx.t(KnowledgeUIText.nothing))</p>" : """
                <ul class="plain-list">\(items.map { e in
                    "<li><a href=\"\(SiteURL.example(id: e.id).path)\">\(e.title)</a> <span class=\"meta\">\(e.organisationName) · \(ctx.t(e.status.label))</span></li>" as HTML
                })</ul>
                """
        }
        let content: HTML = """
            <h1>\(ctx.t(KnowledgeUIText.workbench))</h1>
            <p class="actions"><a class="button-link" href="\(SiteURL.knowledgeNew.path)">\(ctx.t(KnowledgeUIText.contribute))</a></p>
            \(Policy.isEditor(actor) ? "<p><a href=\"\(LearnURL.problems)\">\(ctx.t(LearnUI.problems))</a></p>" as HTML : .empty)
            \(Policy.isEditor(actor) ? "<section aria-labelledby=\"waiting-title\"><h2 id=\"waiting-title\">\(ctx.t(KnowledgeUIText.waiting))</h2>\(list(waiting))</section>" as HTML : .empty)
            <section aria-labelledby="mine-title"><h2 id="mine-title">\(ctx.t(KnowledgeUIText.mine))</h2>\(list(mine))</section>
            """
        return site.render(PageView(title: ctx.t(KnowledgeUIText.workbench), breadcrumbs: [(ctx.t(KnowledgeUIText.bank), SiteURL.knowledge.path)], content: content),
                           request, context)
    }

    /// Every revision, and two of them side by side field by field (`?from=1&to=3`).
    @Sendable func revisions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = context.identity == nil ? nil : try context.actor()
        let id = try site.id(context)
        let e = try await knowledge.example(actor: actor, id: id)
        let all = try await knowledge.revisions(actor: actor, id: id)
        let ctx = site.pageContext(request, context)
        let params = request.uri.queryParameters
        let to = RequestNumber.ordinal(params.get("to")) ?? all.last?.number ?? 1
        let from = RequestNumber.ordinal(params.get("from")) ?? max(1, to - 1)
        let options = all.map { (String($0.number), "\(ctx.t(KnowledgeUIText.revision($0.number))) · \(LocalTime($0.savedAt).display)") }
        var comparison: HTML = .empty
        if let a = all.first(where: { $0.number == from }), let b = all.first(where: { $0.number == to }) {
            let keys = ["title", "summary", "body", "organisation", "unit_name", "sectors", "principles", "period", "results", "lessons", "contact", "links", "tags"]
            let rows: [HTML] = keys.filter { a.fields[$0] != b.fields[$0] }.map { key in
                "<tr><th scope=\"row\">\(key)</th><td class=\"prewrap\"><del>\(a.fields[key] ?? "")</del></td><td class=\"prewrap\"><ins>\(b.fields[key] ?? "")</ins></td></tr>"
            }
            comparison = rows.isEmpty ? "<p>\(ctx.t(KnowledgeUIText.nothing))</p>" : """
                <div class="table-wrap" tabindex="0" role="region" aria-label="\(ctx.t(KnowledgeUIText.compare))"><table>
                <thead><tr><th scope="col"></th><th scope="col">\(ctx.t(KnowledgeUIText.revision(from)))</th><th scope="col">\(ctx.t(KnowledgeUIText.revision(to)))</th></tr></thead>
                <tbody>\(rows)</tbody></table></div>
                """
        }
        let content: HTML = """
            <h1>\(ctx.t(KnowledgeUIText.revisions)): \(e.title)</h1>
            <form method="get" action="\(SiteURL.exampleRevisions(id: id).path)" class="search-form">
            \(Form.select("from", label: ctx.t(KnowledgeUIText.from), options: options, selected: String(from), errors: [], ctx))
            \(Form.select("to", label: ctx.t(KnowledgeUIText.to), options: options, selected: String(to), errors: [], ctx))
            <button type="submit">\(ctx.t(KnowledgeUIText.compare))</button>
            </form>
            \(comparison)
            """
        return site.render(PageView(title: "\(ctx.t(KnowledgeUIText.revisions)): \(e.title)",
                                    breadcrumbs: [(ctx.t(KnowledgeUIText.bank), SiteURL.knowledge.path), (e.title, SiteURL.example(id: id).path)],
                                    content: content), request, context)
    }

    // MARK: Sharing a solved signal

    /// "Dela lösningen": a resolved signal becomes a draft example with its text and decision.
    @Sendable func shareSolution(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let detail = try await Signals(platform: site.platform).detail(actor: actor, id: try site.id(context))
        let signal = detail.signal
        guard signal.isSolved, let decision = signal.decision else {
            throw AppError(.conflict, code: "not-resolved", message: SignalText.notDecided)
        }
        let unitName = detail.tree[signal.unitID]?.name ?? ""
        var body = "## Utgångsläget\n\n\(signal.text)\n"
        if let suggestion = signal.suggestion { body += "\n## Förslaget\n\n\(suggestion)\n" }
        body += "\n## Beslutet\n\n\(decision.label.sv)\(signal.decisionText.map { ": \($0)" } ?? ".")\n"
        if let note = signal.implementedNote { body += "\n## Så blev det\n\n\(note)\n" }
        let firstLine = signal.text.split(whereSeparator: \.isNewline).first.map(String.init) ?? signal.text
        let example = try await Knowledge(platform: site.platform).create(actor: actor, ExampleInput(
            organisationID: String(signal.organisationID), unitName: unitName,
            title: String(firstLine.prefix(120)), summary: String((signal.decisionText ?? signal.text).prefix(480)), body: body,
            sectors: [], principles: [], results: signal.implementedNote ?? ""), sourceSignalID: signal.id)
        return HTMLResponse.seeOther(SiteURL.exampleEdit(id: example.id).path)
    }
}
