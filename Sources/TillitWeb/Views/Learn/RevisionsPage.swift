import Foundation
import TillitFormats
import TillitLearn
import TillitPlatform

/// An example's revisions: every saved version to choose from, and two of them side by side,
/// field by field, showing what changed.
struct RevisionsPage {
    let example: Example
    let revisions: [Knowledge.Revision]
    /// The revisions asked for (`?from=1&to=3`); by default the last one and the one before.
    let from: Int?
    let to: Int?

    func render(_ ctx: PageContext) -> PageView {
        let e = example, id = example.id, all = revisions
        let to = self.to ?? all.last?.number ?? 1
        let from = self.from ?? max(1, to - 1)
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
        return PageView(title: "\(ctx.t(KnowledgeUIText.revisions)): \(e.title)",
                        breadcrumbs: [(ctx.t(KnowledgeUIText.bank), SiteURL.knowledge.path), (e.title, SiteURL.example(id: id).path)],
                        content: content)
    }
}
