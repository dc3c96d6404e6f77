import Foundation
import TillitLearn
import TillitPlatform

/// The editors' list of readers' problem reports: those still open, each with a form to mark it
/// handled, and those already handled with the editor's note.
struct ProblemsPage {
    let open: [ProblemReport]
    let handled: [ProblemReport]

    func render(_ ctx: PageContext) -> PageView {
        func item(_ p: ProblemReport) -> HTML {
            """
            <li><h3><a href="\(SiteURL.example(id: p.exampleID).path)">\(p.exampleTitle)</a></h3>
            <p class="meta">\(p.reportedOn) · \(ctx.t(p.reason.label))</p><p class="prewrap">\(p.text)</p>\
            \(p.handledNote.map { "<p class=\"meta\">\(ctx.t(LearnUI.handled)): \($0)</p>" as HTML })\
            \(p.handledAt == nil ? """
                <form method="post" action="\(LearnURL.problemHandle(p.id))" novalidate>\(Form.csrf(ctx))
                \(Form.text("note-\(p.id)", label: ctx.t(LearnUI.handledNote), value: nil, errors: [], ctx, required: false))
                <button type="submit" class="secondary">\(ctx.t(LearnUI.markHandled))</button></form>
                """ as HTML : .empty)</li>
            """
        }
        let content: HTML = """
            <h1>\(ctx.t(LearnUI.problems))</h1>
            <section aria-labelledby="open-title"><h2 id="open-title">\(ctx.t(LearnUI.open))</h2>
            \(open.isEmpty ? "<p>\(ctx.t(LearnUI.nothing))</p>" as HTML : "<ul class=\"hits\">\(open.map(item))</ul>" as HTML)</section>
            <section aria-labelledby="handled-title"><h2 id="handled-title">\(ctx.t(LearnUI.handled))</h2>
            \(handled.isEmpty ? "<p>\(ctx.t(LearnUI.nothing))</p>" as HTML : "<ul class=\"hits\">\(handled.map(item))</ul>" as HTML)</section>
            """
        return PageView(title: ctx.t(LearnUI.problems), breadcrumbs: [(ctx.t(KnowledgeUIText.bank), SiteURL.knowledge.path)], content: content)
    }
}
