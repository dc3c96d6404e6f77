import Foundation
import Hummingbird
import TillitPlatform
import TillitPrune

/// Importing a requirement list from CSV (an organisation's administrators): all or nothing, each
/// problem with its line.
struct RequirementImportController: Sendable {
    let site: Site

    func register(on router: RouteRegistry) {
        router.get(Route.requirementsImport, use: form)
        router.post(Route.requirementsImport, use: upload)
    }

    private func page(_ request: Request, _ context: AppRequestContext, _ organisation: Organisation, errors: [FieldError],
                      status: HTTPResponse.Status = .ok) -> Response {
        site.render(RequirementImportPage(organisation: organisation, errors: errors).render(site.pageContext(request, context)), request, context, status: status)
    }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        return page(request, context, organisation, errors: [])
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let actor = try context.actor()
        let file = context.upload?.file("file")
        return try await site.submit(request, context, upload: true, save: { _ in
            guard let file else { throw AppError.invalid([FieldError("file", PlatformText.fieldRequired)]) }
            let count = try await Requirements(platform: site.platform).importCSV(actor: actor, organisationID: organisation.id, data: file.data)
            return HTMLResponse.seeOther(PruneURL.requirements(organisation.slug) + "?importerade=\(count)")
        }, again: { request, _, errors, status in
            page(request, context, organisation, errors: errors, status: status)
        })
    }
}

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
