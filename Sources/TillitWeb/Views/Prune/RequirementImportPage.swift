import Foundation
import TillitPlatform
import TillitPrune

/// The import form; after a refused file, every problem with its line.
struct RequirementImportPage {
    let organisation: Organisation
    let errors: [FieldError]

    func render(_ ctx: PageContext) -> PageView {
        let slug = organisation.slug
        let problems = errors.filter { $0.field == "file" }
        let content: HTML = """
            <h1>\(ctx.t(PruneUI.importTitle))</h1>
            <p class="lead">\(ctx.t(PruneUI.importLead))</p>
            \(problems.isEmpty ? .empty : """
                <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
                <h2 id="error-summary-title">\(ctx.t(UIText.errorSummaryTitle))</h2>
                <ul>\(problems.map { "<li><a href=\"#field-file\">\(ctx.t($0.message))</a></li>" as HTML })</ul>
                </div>
                """ as HTML)
            <form method="post" action="\(PruneURL.requirementsImport(slug))" enctype="multipart/form-data" novalidate class="narrow">
            \(Form.csrf(ctx))
            \(Form.file("file", label: ctx.t(PruneUI.importFile), accept: ".csv,text/csv", errors: problems.isEmpty ? [] : [problems[0]], ctx, hint: ctx.t(PruneUI.importHint)))
            <button type="submit">\(ctx.t(PruneUI.importButton))</button>
            <a class="cancel" href="\(PruneURL.requirements(slug))">\(ctx.t(UIText.cancel))</a>
            </form>
            <p><a href="\(PruneURL.requirementsCSV(slug))">\(ctx.t(PruneUI.exportCSV))</a></p>
            """
        return PageView(title: ctx.t(PruneUI.importTitle), breadcrumbs: [(organisation.name, SiteURL.organisation(slug: slug).path),
                                                                         (ctx.t(PruneUI.inventory), PruneURL.requirements(slug))], content: content)
    }
}
