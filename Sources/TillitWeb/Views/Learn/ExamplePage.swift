import Foundation
import TillitFormats
import TillitLearn
import TillitPlatform

/// An example's page: its text and facts, the attachments, and the workflow steps (submit, publish,
/// return, withdraw) that the viewer may take.
struct ExamplePage {
    let example: Example
    /// Who is looking; nil for a reader who is not signed in.
    let viewer: Actor?
    var errors: [FieldError] = []
    let attachments: [Attachment]

    func render(_ ctx: PageContext) -> PageView {
        let e = example, errors = self.errors, attachments = self.attachments
        let editor = viewer.map(Policy.isEditor) ?? false
        let own = viewer?.userID != nil && e.createdBy == viewer?.userID
        var facts: [HTML] = [
            "<dt>\(ctx.t(KnowledgeUIText.organisation))</dt><dd>\(e.organisationName)\(e.unitName.isEmpty ? "" : ", \(e.unitName)")</dd>",
            "<dt>\(ctx.t(KnowledgeUIText.sectors))</dt><dd>\(e.sectors.map { ctx.t($0.label) }.joined(separator: ", "))</dd>",
            "<dt>\(ctx.t(KnowledgeUIText.principles))</dt><dd>\(e.principles.map { ctx.t($0.label) }.joined(separator: ", "))</dd>",
        ]
        if let period = KnowledgeController.period(e, ctx) { facts.append("<dt>\(ctx.t(KnowledgeUIText.period))</dt><dd>\(period)</dd>") }
        if !e.tags.isEmpty { facts.append("<dt>\(ctx.t(KnowledgeUIText.tags))</dt><dd>\(e.tags.joined(separator: ", "))</dd>") }
        if !e.contactName.isEmpty {
            let email: HTML = e.contactEmail.isEmpty ? .empty
                : (ctx.identity == nil ? "<br><span class=\"meta\">\(ctx.t(KnowledgeUIText.contactSignIn))</span>"
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
        return PageView(title: e.title, breadcrumbs: [(ctx.t(KnowledgeUIText.bank), SiteURL.knowledge.path)], content: content)
    }
}
