import Foundation
import TillitLearn
import TillitPlatform

/// The form for writing a report or editing one: kind, title, authors, abstract, keywords, the
/// linked pilots and the chapters.
struct ReportFormPage {
    let form: FormData
    var errors: [FieldError] = []
    /// The report being edited; nil for a new one.
    let report: Report?
    /// The pilots a report may be linked to.
    let pilots: [Pilot]

    func render(_ ctx: PageContext) -> PageView {
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
            \(pilots.isEmpty ? .empty : Form.checkboxes("pilots", legend: labels["pilots"]!, options: pilots.map { (String($0.id), $0.name) }, selected: Set(form.all("pilots")), errors: errors, ctx, required: false))
            \(Form.textarea("chapters", label: labels["chapters"]!, value: form["chapters"], errors: errors, ctx, hint: ctx.t(LearnUI.chaptersHint), required: false, rows: 10))
            <button type="submit">\(ctx.t(LearnUI.save))</button>
            </form>
            """
        return PageView(title: title, breadcrumbs: [(ctx.t(LearnUI.reportSeries), LearnURL.reports)], content: content)
    }
}
