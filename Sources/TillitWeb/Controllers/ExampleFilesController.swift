import Foundation
import Hummingbird
import TillitLearn
import TillitPlatform

/// An example's attachments (upload, removal, download) and readers' problem reports with the
/// editors' list of them.
struct ExampleFilesController: Sendable {
    let site: Site
    var knowledge: Knowledge { Knowledge(platform: site.platform, attachmentStore: site.attachmentStore) }

    func register(on router: RouteRegistry) {
        router.post(Route.exampleAttachments, use: upload)
        router.post(Route.exampleAttachmentRemove, use: remove)
        router.get(Route.attachment, use: download)
        router.get(Route.exampleProblem, use: problemForm)
        router.post(Route.exampleProblem, quiet: true, use: reportProblem)
        router.get(Route.exampleProblemThanks, quiet: true, use: problemThanks)
        router.get(Route.problems, use: problems)
        router.post(Route.problemHandle, use: handle)
    }

    /// The attachments section of an example's page: the list for everyone, the upload form for
    /// whoever may edit the example.
    static func section(_ example: Example, attachments: [Attachment], canEdit: Bool, errors: [FieldError], _ ctx: PageContext) -> HTML {
        guard !attachments.isEmpty || canEdit else { return .empty }
        let items: [HTML] = attachments.map { a in
            let removeForm: HTML = canEdit ? """
                <form method="post" action="\(LearnURL.exampleAttachmentRemove(example.id, a.id))" class="inline-form">\(Form.csrf(ctx))\
                <button type="submit" class="link-button">\(ctx.t(LearnUI.remove))<span class="visually-hidden"> \(a.fileName)</span></button></form>
                """ : .empty
            return "<li><a href=\"\(LearnURL.attachment(a.id, name: a.fileName))\">\(a.fileName)</a> <span class=\"meta\">(\(a.kind.fileExtension.uppercased()), \(ReportController.size(a.size, ctx)))</span> \(removeForm)</li>"
        }
        return """
            <section aria-labelledby="attachments-title"><h2 id="attachments-title">\(ctx.t(LearnUI.attachments))</h2>
            \(items.isEmpty ? .empty : "<ul>\(items)</ul>" as HTML)
            \(canEdit ? """
                <form method="post" action="\(LearnURL.exampleAttachments(example.id))" enctype="multipart/form-data" novalidate class="panel">\(Form.csrf(ctx))
                \(Form.file("file", label: ctx.t(LearnUI.addAttachment), accept: ".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg", errors: errors, ctx, hint: ctx.t(LearnUI.attachmentHint)))
                <button type="submit" class="secondary">\(ctx.t(LearnUI.upload))</button></form>
                """ as HTML : .empty)
            </section>
            """
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let id = try site.id(context)
        // Without a file the service still checks who is asking before it says a file is missing.
        let file = context.upload?.file("file")
        return try await site.submit(request, context, upload: true, save: { _ in
            _ = try await knowledge.addAttachment(actor: actor, exampleID: id, fileName: file?.fileName ?? "", data: file?.data ?? Data())
            return HTMLResponse.seeOther(SiteURL.example(id: id).path + "#attachments-title")
        }, again: { request, _, errors, status in
            try await KnowledgeController(site: site).page(request, context, id: id, errors: errors, status: status)
        })
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let id = try site.id(context)
        try await knowledge.removeAttachment(actor: actor, exampleID: id, attachmentID: try site.id(context, "attachment"))
        return HTMLResponse.seeOther(SiteURL.example(id: id).path + "#attachments-title")
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = context.identity == nil ? nil : try context.actor()
        let (attachment, data) = try await knowledge.attachment(actor: actor, id: try site.id(context))
        let isPublic: Bool
        switch attachment.owner {
        case .example: isPublic = (try? await knowledge.example(actor: nil, id: attachment.ownerID)) != nil
        case .report: isPublic = (try? await Reports(platform: site.platform).report(actor: nil, id: attachment.ownerID)) != nil
        }
        return AttachmentResponse.make(attachment, data: data, public: isPublic)
    }

    // MARK: Problem reports

    @Sendable func problemForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await problemPage(request, context, form: FormData(pairs: []), errors: [])
    }

    /// The thanks after a problem report: a page of its own (quiet, like the report), so a reload
    /// sends nothing again.
    @Sendable func problemThanks(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await problemPage(request, context, form: FormData(pairs: []), errors: [], sent: true)
    }

    private func problemPage(_ request: Request, _ context: AppRequestContext, form: FormData, errors: [FieldError], sent: Bool = false,
                             status: HTTPResponse.Status = .ok) async throws -> Response {
        let example = try await knowledge.example(actor: nil, id: try site.id(context))
        let view = ProblemReportPage(example: example, form: form, errors: errors, sent: sent)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    @Sendable func reportProblem(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try site.id(context)
        return try await site.submit(request, context, save: { form in
            // A filled-in hidden field is a robot: thank it and keep nothing.
            if !(form["website"] ?? "").isEmpty { return HTMLResponse.seeOther(LearnURL.exampleProblemThanks(id)) }
            // The same limit as the participant's voice: 5 reports per 10 minutes per client and example.
            let key = site.participantPosts.key(context, scope: "problem:\(id)")
            try site.participantPosts.check(key)
            _ = try await knowledge.reportProblem(exampleID: id, reason: form["reason"], text: form["text"])
            site.participantPosts.record(key)
            return HTMLResponse.seeOther(LearnURL.exampleProblemThanks(id))
        }, again: { request, form, errors, status in
            try await problemPage(request, context, form: form, errors: errors, status: status)
        })
    }

    @Sendable func problems(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let (open, handled) = try await knowledge.problemReports(actor: actor)
        let view = ProblemsPage(open: open, handled: handled)
        return site.render(view.render(site.pageContext(request, context)), request, context)
    }

    @Sendable func handle(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let id = try site.id(context)
        var request = request
        let form = try await FormData.read(&request, context: context)
        try await knowledge.handleProblem(actor: actor, id: id, note: form["note-\(id)"])
        return HTMLResponse.seeOther(LearnURL.problems)
    }
}
