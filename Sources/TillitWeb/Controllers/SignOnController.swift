import Foundation
import Hummingbird
import TillitPlatform
import TillitSignOn

/// Signing in with an organisation's own identity provider (OpenID Connect), and the page after
/// signing out that offers to sign out at the provider too.
///
/// The start is a link, not a form: the site's Content-Security-Policy (`form-action 'self'`)
/// stops a form from being redirected to the provider, and a started sign-in is only good in the
/// browser that started it (the binding cookie), so a link someone else makes you follow can at
/// most sign you in as yourself.
struct SignOnController: Sendable {
    let site: Site

    /// The cookie that binds a started sign-in to this browser; only the callback reads it.
    static let bindingCookie = "tillit_sso"

    func register(on router: RouteRegistry) {
        router.get(Route.signOnStart, use: start)
        router.get(Route.signOnCallback, use: callback)
        router.get(Route.signedOut, use: signedOut)
    }

    /// Tillit's address for the provider's answer, as registered at the provider.
    func redirectURI(_ organisation: Organisation) -> String {
        site.publicURL + SiteURL.signOnCallback(slug: organisation.slug).path
    }

    func organisation(_ context: AppRequestContext) async throws -> Organisation {
        let slug = try context.parameters.require("slug")
        do {
            return try await site.platform.organisation(slug: slug)
        } catch let error as AppError where error.status == .notFound {
            throw AppError(.notFound, code: "not-found", message: SignOnText.notConfigured)
        }
    }

    /// Starts the sign-in: remembers it, sets the binding cookie and sends the browser to the provider.
    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await organisation(context)
        let key = site.signOnStarts.key(context)
        try site.signOnStarts.check(key)
        site.signOnStarts.record(key)
        let started = try await site.signOn.begin(organisation: organisation, redirectURI: redirectURI(organisation),
                                                  returnTo: Site.safeReturnPath(request.uri.queryParameters.get("next")))
        var response = HTMLResponse.seeOther(started.authorizationURL)
        response.setCookie(IdentityMiddleware.cookie(Self.bindingCookie, started.binding, context: context, maxAge: Int(SignOn.requestLifetime),
                                                     path: "/logga-in/sso"))
        return response
    }

    /// The provider's answer: checks it and starts a Tillit session, or shows why not.
    @Sendable func callback(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await organisation(context)
        let query = request.uri.queryParameters
        let completed = try await site.signOn.complete(
            organisation: organisation, redirectURI: redirectURI(organisation),
            state: query.get("state"), code: query.get("code"), error: query.get("error"),
            binding: request.cookies[Self.bindingCookie]?.value)
        // A session this browser had before ends: one browser, one person.
        if let previous = context.identity?.sessionToken {
            try await site.platform.signOut(token: previous)
        }
        var response = HTMLResponse.seeOther(Site.safeReturnPath(completed.returnTo))
        response.setCookie(IdentityMiddleware.cookie(IdentityMiddleware.sessionCookie, completed.sessionToken, context: context, maxAge: Int(SessionRules.idleLifetime)))
        response.setCookie(IdentityMiddleware.cookie(IdentityMiddleware.csrfCookie, "", context: context, maxAge: 0))
        response.setCookie(IdentityMiddleware.cookie(Self.bindingCookie, "", context: context, maxAge: 0, path: "/logga-in/sso"))
        return response
    }

    /// After signing out: said plainly, with the provider's sign-out where the session came from one.
    @Sendable func signedOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        var provider: (name: String, url: String)?
        if let slug = request.uri.queryParameters.get("organisation"), slug.count <= 60,
           let organisation = try? await site.platform.organisation(slug: slug),
           let url = try await site.signOn.endSessionURL(organisationID: organisation.id, postLogoutRedirect: site.publicURL + SiteURL.signedOut.path) {
            provider = (organisation.name, url)
        }
        let view = SignedOutPage(provider: provider)
        return site.render(view.render(site.pageContext(request, context)), request, context)
    }
}
