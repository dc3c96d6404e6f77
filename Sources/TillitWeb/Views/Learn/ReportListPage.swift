import Foundation
import TillitLearn
import TillitPlatform

/// The report series: the published reports by number, the viewer's own drafts above them, and
/// the series' feed.
struct ReportListPage {
    let published: [Report]
    /// The drafts the viewer may work on.
    let drafts: [Report]
    /// Whether the viewer may write a new report.
    let canCreate: Bool

    func render(_ ctx: PageContext) -> PageView {
        func item(_ r: Report) -> HTML {
            """
            <li><h2><a href="\(LearnURL.report(r.reference))">\(r.number.map { "\($0) " } ?? "")\(r.title)</a></h2>
            <p class="meta">\(r.kind == .anthology ? "\(ctx.t(r.kind.label)) · \(ctx.t(LearnUI.editors)): " : "")\(ReportController.authorsLine(r.authors))\
            \(r.publishedOn.map { " · \($0)" } ?? "")</p></li>
            """
        }
        let content: HTML = """
            <h1>\(ctx.t(LearnUI.reportSeries))</h1>
            <p class="lead">\(ctx.t(LearnUI.reportsLead))</p>
            <p class="actions">\(canCreate ? "<a class=\"button-link\" href=\"\(LearnURL.reportNew)\">\(ctx.t(LearnUI.newReport))</a> " as HTML : .empty)\
            <a href="\(LearnURL.reportsFeed)">\(ctx.t(LearnUI.reportsFeed))</a></p>
            \(drafts.isEmpty ? .empty : "<section aria-labelledby=\"drafts-title\"><h2 id=\"drafts-title\">\(ctx.t(LearnUI.drafts))</h2><ul class=\"hits\">\(drafts.map(item))</ul></section>" as HTML)
            \(published.isEmpty ? "<p>\(ctx.t(LearnUI.nothing))</p>" as HTML : "<ul class=\"hits\">\(published.map(item))</ul>" as HTML)
            """
        return PageView(title: ctx.t(LearnUI.reportSeries), content: content)
    }
}
