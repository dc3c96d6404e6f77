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
        let view = SystemOrganisationsPage(page: page, form: form, errors: errors)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
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
