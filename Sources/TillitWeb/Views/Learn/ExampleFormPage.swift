import Foundation
import TillitLearn
import TillitPlatform

/// The form for contributing an example or editing one: every field of the example, with the
/// organisations the contributor may write for.
struct ExampleFormPage {
    let form: FormData
    var errors: [FieldError] = []
    /// The example being edited; nil for a new one.
    let exampleID: Int64?
    /// The organisations to choose from.
    let organisations: [Organisation]
    /// A draft just made from a solved signal, shown with a word on what to fill in.
    var fromSignal = false

    func render(_ ctx: PageContext) -> PageView {
        let notice = fromSignal ? ctx.t(KnowledgeUIText.fromSignal) : nil
        let organisations: [(String, String)] = self.organisations.map { (String($0.id), $0.name) }
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
        return PageView(title: title, breadcrumbs: [(ctx.t(KnowledgeUIText.bank), SiteURL.knowledge.path)], content: content)
    }
}
