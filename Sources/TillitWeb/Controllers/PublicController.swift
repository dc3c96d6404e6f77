import Foundation
import Hummingbird
import TillitPlatform
import TillitSignOn
import TillitStorage

/// The start page, signing in and out, the language switch, and the one-time-link pages.
struct PublicController: Sendable {
    let site: Site

    func register(on router: RouteRegistry) {
        router.get(Route.home, use: home)
        router.get(Route.signIn, use: signInForm)
        router.post(Route.signIn, use: signIn)
        router.post(Route.signOut, use: signOut)
        router.post(Route.language, use: language)
        router.get(Route.forgotPassword, use: forgotForm)
        router.post(Route.forgotPassword, use: forgot)
        router.get(Route.resetPassword, use: resetForm)
        router.post(Route.resetPassword, use: reset)
        router.get(Route.invitation, use: invitationForm)
        router.post(Route.invitation, use: acceptInvitation)
    }

    /// The start page: what Tillit is and what you can do.
    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        let ctx = site.pageContext(request, context)
        var panels: [HTML] = []
        if let actor = context.identity?.actor { panels = try await Tillit.startPanels(site, actor, ctx) }
        return site.render(HomePage(panels: panels).render(ctx), request, context)
    }

    // MARK: Sign-in

    @Sendable func signInForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let saved = request.uri.queryParameters.get("losenord") == "sparat"
        return try await signInPage(request, context, email: nil, errors: [], next: request.uri.queryParameters.get("next"), status: .ok,
                                    passwordSaved: saved)
    }

    private func signInPage(_ request: Request, _ context: AppRequestContext, email: String?, errors: [FieldError], next: String?, status: HTTPResponse.Status, passwordSaved: Bool = false) async throws -> Response {
        let view = SignInPage(email: email, errors: errors, next: next, passwordSaved: passwordSaved,
                              signOnOrganisations: try await site.signOn.organisationsWithSignOn())
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await FormData.read(&request, context: context)
        do {
            let (token, session) = try await site.platform.signIn(email: form["email"], password: form["password"], client: context.clientAddress)
            // An organisation that signs its people in with its own provider has switched their
            // passwords off: the session just made ends at once.
            if let organisation = try await site.signOn.passwordsOff(userID: session.user.id) {
                try await site.platform.signOut(token: token)
                return try await signInPage(request, context, email: form["email"], errors: [FieldError("email", SignOnText.passwordsOff(organisation: organisation.name))],
                                            next: form["next"], status: .unprocessableContent)
            }
            var response = HTMLResponse.seeOther(Site.safeReturnPath(form["next"]))
            response.setCookie(IdentityMiddleware.cookie(IdentityMiddleware.sessionCookie, token, context: context, maxAge: Int(SessionRules.idleLifetime)))
            // The pre-sign-in form token is replaced by the session's own.
            response.setCookie(IdentityMiddleware.cookie(IdentityMiddleware.csrfCookie, "", context: context, maxAge: 0))
            return response
        } catch let error as AppError where error.status == .unprocessable || error.status == .unauthorized || error.status == .tooManyRequests {
            let errors = error.fieldErrors.isEmpty ? [FieldError("email", error.message)] : error.fieldErrors
            // Wrong credentials are a form error (422), not a missing sign-in (401): the form is shown again.
            let status: HTTPResponse.Status = error.status == .tooManyRequests ? .tooManyRequests : .unprocessableContent
            return try await signInPage(request, context, email: form["email"], errors: errors, next: form["next"], status: status)
        }
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        var next = SiteURL.home.path
        if let token = context.identity?.sessionToken {
            // A session from an organisation's provider leads to a page that offers its sign-out too.
            if let organisation = try await site.signOn.endingSession(sessionToken: token) {
                next = SiteURL.signedOut.with(query: [("organisation", organisation.slug)])
            }
            try await site.platform.signOut(token: token)
        }
        var response = HTMLResponse.seeOther(next)
        response.setCookie(IdentityMiddleware.cookie(IdentityMiddleware.sessionCookie, "", context: context, maxAge: 0))
        return response
    }

    /// Switches language: remembered on the account when signed in, else in a cookie.
    @Sendable func language(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await FormData.read(&request, context: context)
        var v = Validator()
        let language = v.choice("lang", form["lang"], as: Language.self)
        try v.check()
        if let identity = context.identity {
            try await site.platform.setLanguage(userID: identity.user.id, language!)
        }
        var response = HTMLResponse.seeOther(Site.safeReturnPath(form["return_to"]))
        response.setCookie(IdentityMiddleware.cookie(IdentityMiddleware.languageCookie, language!.rawValue, context: context, maxAge: 365 * 24 * 3600))
        return response
    }

    // MARK: Password reset

    @Sendable func forgotForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let sent = request.uri.queryParameters.get("skickat") == "1"
        return forgotPage(request, context, email: nil, errors: [], sent: sent)
    }

    private func forgotPage(_ request: Request, _ context: AppRequestContext, email: String?, errors: [FieldError], sent: Bool = false, status: HTTPResponse.Status = .ok) -> Response {
        let view = ForgotPasswordPage(email: email, errors: errors, sent: sent)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    @Sendable func forgot(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await site.submit(request, context, save: { form in
            if let (user, token) = try await site.platform.requestPasswordReset(email: form["email"]) {
                let link = site.publicURL + SiteURL.resetPassword(token: token).path
                let language = user.language ?? context.language
                // Sent after the answer: neither the time a relay takes nor its refusal may tell
                // whether the address has an account.
                site.sendLater(MailMessage(
                    to: user.email,
                    subject: UIText.resetMailSubject.text(language),
                    body: UIText.resetMailBody(name: user.name, link: link).text(language)),
                    logger: context.logger)
            }
            // The same answer whether or not the address has an account; a reload sends nothing again.
            return HTMLResponse.seeOther(SiteURL.forgotPassword.with(query: [("skickat", "1")]))
        }, again: { request, form, errors, status in
            forgotPage(request, context, email: form["email"], errors: errors, status: status)
        })
    }

    @Sendable func resetForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await linkPage(request, context, purpose: .passwordReset, errors: [])
    }

    @Sendable func reset(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await useLink(request, context, purpose: .passwordReset)
    }

    @Sendable func invitationForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await linkPage(request, context, purpose: .invitation, errors: [])
    }

    @Sendable func acceptInvitation(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await useLink(request, context, purpose: .invitation)
    }

    private func linkPage(_ request: Request, _ context: AppRequestContext, purpose: OneTimePurpose, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let token = try context.parameters.require("token")
        guard let user = try await site.platform.checkLink(token: token, purpose: purpose) else {
            throw AppError(.notFound, code: "link-invalid", message: PlatformText.linkInvalidOrUsed)
        }
        let view = PasswordLinkPage(purpose: purpose, token: token, user: user, errors: errors)
        return site.render(view.render(site.pageContext(request, context)), request, context, status: status)
    }

    private func useLink(_ request: Request, _ context: AppRequestContext, purpose: OneTimePurpose) async throws -> Response {
        let token = try context.parameters.require("token")
        return try await site.submit(request, context, save: { form in
            _ = try await site.platform.usePasswordLink(token: token, purpose: purpose, password: form["password"], confirmation: form["password_confirmation"])
            return HTMLResponse.seeOther(SiteURL.signIn.with(query: [("losenord", "sparat")]))
        }, again: { request, _, errors, status in
            try await linkPage(request, context, purpose: purpose, errors: errors, status: status)
        })
    }
}
