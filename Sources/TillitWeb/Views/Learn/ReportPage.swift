import Foundation
import TillitLearn
import TillitPlatform

/// A report's permanent page: its facts, abstract, PDF, citation formats and chapters, and for
/// those who may edit it the PDF upload and the publishing.
struct ReportPage {
    let report: Report
    /// The pilots the report is linked to.
    let pilots: [Pilot]
    /// Whether the viewer may edit the report.
    let canEdit: Bool
    /// The site's public address, for the permanent URL.
    let publicURL: String
    var errors: [FieldError] = []

    func render(_ ctx: PageContext) -> PageView {
        let r = report, pilots = self.pilots, canEdit = self.canEdit, publicURL = self.publicURL, errors = self.errors
        var facts: [HTML] = []
        if let number = r.number { facts.append("<dt>\(ctx.t(LearnUI.number))</dt><dd>\(Reports.seriesName) \(number)</dd>") }
        facts.append("<dt>\(ctx.t(r.kind == .anthology ? LearnUI.editors : LearnUI.authors))</dt><dd>\(ReportController.authorsLine(r.authors))</dd>")
        if let day = r.publishedOn { facts.append("<dt>\(ctx.t(LearnUI.publishedOn))</dt><dd><time datetime=\"\(day)\">\(day)</time></dd>") }
        if !r.keywords.isEmpty { facts.append("<dt>\(ctx.t(LearnUI.keywords))</dt><dd>\(r.keywords.joined(separator: ", "))</dd>") }
        if r.status == .published { facts.append("<dt>\(ctx.t(LearnUI.permanentURL))</dt><dd><a href=\"\(LearnURL.report(r.reference))\">\(publicURL)\(LearnURL.report(r.reference))</a></dd>") }
        if !pilots.isEmpty { facts.append("<dt>\(ctx.t(LearnUI.linkedPilots))</dt><dd>\(pilots.map { "<a href=\"\(LearnURL.pilot($0.id))\">\($0.name)</a>" as HTML })</dd>") }
        func cite(chapter: Int?) -> HTML {
            "\(ReportController.formats.enumerated().map { index, format in "\(index == 0 ? "" : " · ")<a href=\"\(LearnURL.reportCitation(r.reference, format: format.0, chapter: chapter))\">\(format.1)</a>" as HTML })"
        }
        let chapters: [HTML] = r.chapters.map { c in
            """
            <li id="kapitel-\(c.position)"><h3>\(c.title)</h3><p class="meta">\(ReportController.authorsLine(c.authors))</p><p>\(c.abstract)</p>\
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
            \(r.pdf.map { pdf in "<p><a class=\"button-link\" href=\"\(LearnURL.reportPDF(r.reference))\">\(ctx.t(LearnUI.download)) (PDF, \(ReportController.size(pdf.size, ctx)))</a></p>" as HTML })
            \(r.status == .published ? "<h2>\(ctx.t(LearnUI.cite))</h2><p>\(cite(chapter: nil))</p>" as HTML : .empty)
            \(chapters.isEmpty ? .empty : "<h2>\(ctx.t(LearnUI.chapters))</h2><ol class=\"chapters\">\(chapters)</ol>" as HTML)
            </article>
            \(panels)
            """
        return PageView(title: r.number.map { "\($0) \(r.title)" } ?? r.title, breadcrumbs: [(ctx.t(LearnUI.reportSeries), LearnURL.reports)],
                        content: content)
    }
}
