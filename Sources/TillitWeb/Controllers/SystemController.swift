import Foundation
import Hummingbird
import TillitPlatform
import TillitStorage

/// The instance's own administration: organisations (system administrators only).
struct SystemController: Sendable {
    let site: Site

    func register(on router: RouteRegistry) {
        router.get(Route.systemOrganisations, use: organisations)
        router.post(Route.systemOrganisations, use: createOrganisation)
    }

    @Sendable func organisations(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        guard Policy.isSystemAdministrator(actor) else { throw AppError.forbidden }
        return try await page(request, context, form: FormData(pairs: [("kind", OrganisationKind.kommun.rawValue)]), errors: [])
    }

    private func page(_ request: Request, _ context: AppRequestContext, form: FormData, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = try context.actor()
        let page = try await site.platform.organisations(actor: actor, page: try site.pageRequest(request))
        let ctx = site.pageContext(request, context)
        let rows: [HTML] = page.items.map {
            "<tr><td><a href=\"\(SiteURL.organisation(slug: $0.slug).path)\">\($0.name)</a></td><td>\($0.slug)</td><td>\(ctx.t($0.kind.label))</td><td><a href=\"\(SiteURL.adminUnits(slug: $0.slug).path)\">\(ctx.t(UIText.administration))<span class=\"visually-hidden\">: \($0.name)</span></a></td></tr>"
        }
        let content: HTML = """
            <h1>\(ctx.t(UIText.systemAdministration))</h1>
            <h2>\(ctx.t(UIText.allOrganisations))</h2>
            \(Form.table(label: ctx.t(UIText.allOrganisations), """
            <table>
            <caption class="visually-hidden">\(ctx.t(UIText.allOrganisations))</caption>
            <thead><tr><th scope="col">\(ctx.t(UIText.name))</th><th scope="col">\(ctx.t(UIText.slug))</th><th scope="col">\(ctx.t(UIText.organisationKind))</th><th scope="col">\(ctx.t(UIText.administration))</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """))
            \(Form.pager(page, path: SiteURL.systemOrganisations.path, ctx))
            <h2 id="new-organisation">\(ctx.t(UIText.createOrganisation))</h2>
            \(Form.errorSummary(errors, ctx, labels: ["name": ctx.t(UIText.name), "slug": ctx.t(UIText.slug), "kind": ctx.t(UIText.organisationKind)]))
            <form method="post" action="\(SiteURL.systemOrganisations.path)" novalidate>
            \(Form.csrf(ctx))
            \(Form.text("name", label: ctx.t(UIText.name), value: form["name"], errors: errors, ctx))
            \(Form.text("slug", label: ctx.t(UIText.slug), value: form["slug"], errors: errors, ctx, hint: ctx.t(UIText.slugHint)))
            \(Form.select("kind", label: ctx.t(UIText.organisationKind), options: OrganisationKind.allCases.map { ($0.rawValue, ctx.t($0.label)) }, selected: form["kind"], errors: errors, ctx))
            <button type="submit">\(ctx.t(UIText.createOrganisation))</button>
            </form>
            """
        return site.render(PageView(title: ctx.t(UIText.systemAdministration), content: content), request, context, status: status)
    }

    @Sendable func createOrganisation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        guard Policy.isSystemAdministrator(actor) else { throw AppError.forbidden }
        return try await site.submit(request, context, save: { form in
            let organisation = try await site.platform.createOrganisation(actor: actor, slug: form["slug"], name: form["name"], kind: form["kind"])
            return HTMLResponse.seeOther(SiteURL.organisation(slug: organisation.slug).path)
        }, again: { request, form, errors, status in
            try await page(request, context, form: form, errors: errors, status: status)
        })
    }
}
