import Foundation
import Hummingbird
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
        // The same for everyone signed in, and for everyone who is not.
        try await site.keptPage(request, context, variant: context.identity == nil ? "public" : "signed-in") { ctx in
            let params = request.uri.queryParameters
            let query = try ExampleQuery.parse(q: site.formText(request, "q"), sector: params.get("sector"), principle: params.get("principle"),
                                               orgKind: params.get("org_kind"), org: params.get("org"), year: params.get("year"), sort: params.get("sort"),
                                               page: try site.pageRequest(request, defaultPerPage: 20))
            return SearchPage(query: query, results: try await knowledge.search(query), sortParameter: params.get("sort")).render(ctx)
        }
    }

    static func period(_ e: Example, _ ctx: PageContext) -> String? {
        guard let start = e.yearStart else { return nil }
        if let end = e.yearEnd { return end == start ? "\(start)" : "\(start)–\(end)" }
        return "\(start)–, \(ctx.t(KnowledgeUIText.ongoing))"
    }

    // MARK: Reading

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try site.id(context)
        guard context.identity == nil else { return try await page(request, context, id: id, errors: []) }
        return try await site.keptPage(request, context, variant: "public") { ctx in try await view(id: id, actor: nil, errors: []).render(ctx) }
    }

    /// An example's page, with its attachments, as the caller may see it.
    func page(_ request: Request, _ context: AppRequestContext, id: Int64, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = context.identity == nil ? nil : try context.actor()
        let view = try await view(id: id, actor: actor, errors: errors)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    private func view(id: Int64, actor: Actor?, errors: [FieldError]) async throws -> ExamplePage {
        let e = try await knowledge.example(actor: actor, id: id)
        let attachments = try await knowledge.attachments(actor: actor, exampleID: id)
        return ExamplePage(example: e, viewer: actor, errors: errors, attachments: attachments)
    }

    // MARK: Contributing

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let organisation = Policy.organisationIDs(actor).sorted().first.map(String.init) ?? ""
        return try await formPage(request, context, form: FormData(pairs: [("organisation_id", organisation)]), errors: [], exampleID: nil)
    }

    private func formPage(_ request: Request, _ context: AppRequestContext, form: FormData, errors: [FieldError], exampleID: Int64?,
                          fromSignal: Bool = false, status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = try context.actor()
        // The contributor's own organisations (a system administrator's: all), and the example's if it is another.
        let own = Policy.organisationIDs(actor), current = RequestNumber.id(form["organisation_id"])
        let organisations = try await site.platform.allOrganisations()
            .filter { Policy.isSystemAdministrator(actor) || own.contains($0.id) || $0.id == current }
        let view = ExampleFormPage(form: form, errors: errors, exampleID: exampleID, organisations: organisations, fromSignal: fromSignal)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
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
                                  fromSignal: e.sourceSignalID != nil && e.revision <= 1)
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
        let view = WorkbenchPage(mine: mine, waiting: waiting, editor: Policy.isEditor(actor))
        return site.render(view.render(site.pageContext(request, context)), request, context)
    }

    /// Every revision, and two of them side by side field by field (`?from=1&to=3`).
    @Sendable func revisions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = context.identity == nil ? nil : try context.actor()
        let id = try site.id(context)
        let e = try await knowledge.example(actor: actor, id: id)
        let all = try await knowledge.revisions(actor: actor, id: id)
        let params = request.uri.queryParameters
        let view = RevisionsPage(example: e, revisions: all, from: RequestNumber.ordinal(params.get("from")), to: RequestNumber.ordinal(params.get("to")))
        return site.render(view.render(site.pageContext(request, context)), request, context)
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
