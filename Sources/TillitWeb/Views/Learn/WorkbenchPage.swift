import Foundation
import TillitLearn
import TillitPlatform

/// The contributor's workbench: their own examples in every state and, for an editor, the
/// examples that wait for review.
struct WorkbenchPage {
    let mine: [Example]
    let waiting: [Example]
    /// Whether the viewer is an editor (who sees what waits, and the problem reports).
    let editor: Bool

    func render(_ ctx: PageContext) -> PageView {
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
            \(editor ? "<p><a href=\"\(LearnURL.problems)\">\(ctx.t(LearnUI.problems))</a></p>" as HTML : .empty)
            \(editor ? "<section aria-labelledby=\"waiting-title\"><h2 id=\"waiting-title\">\(ctx.t(KnowledgeUIText.waiting))</h2>\(list(waiting))</section>" as HTML : .empty)
            <section aria-labelledby="mine-title"><h2 id="mine-title">\(ctx.t(KnowledgeUIText.mine))</h2>\(list(mine))</section>
            """
        return PageView(title: ctx.t(KnowledgeUIText.workbench), breadcrumbs: [(ctx.t(KnowledgeUIText.bank), SiteURL.knowledge.path)], content: content)
    }
}
