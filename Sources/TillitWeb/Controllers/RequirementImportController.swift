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
