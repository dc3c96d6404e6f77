import Foundation
import Hummingbird
import TillitPlatform
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
        let loops: [(UIText, UIText)] = [(.loopLearn, .loopLearnText), (.loopListen, .loopListenText), (.loopPrune, .loopPruneText), (.loopFollowUp, .loopFollowUpText)]
        let greeting: HTML = context.identity.map { identity in
            "<p class=\"lead-action\">\(ctx.t(UIText.homeSignedIn(identity.user.name))) <a href=\"\(SiteURL.me.path)\">\(ctx.t(UIText.goToMyPage))</a></p>"
        } ?? "<p class=\"lead-action\"><a class=\"button-link\" href=\"\(SiteURL.signIn.path)\">\(ctx.t(UIText.signIn))</a></p>"
        var panels: [HTML] = []
        if let actor = context.identity?.actor {
            for module in Tillit.modules {
                if let panel = try await module.startPanel?(site, actor, ctx) { panels.append(panel) }
            }
        }
        let content: HTML = """
            <section class="hero">
            <h1>\(ctx.t(UIText.homeTitle))</h1>
            <p class="lead">\(ctx.t(UIText.homeLead))</p>
            \(greeting)
            <p><a href="\(SiteURL.participantEntry.path)">\(ctx.t(SignalUIText.codeEntryHome))</a></p>
            </section>
            \(panels)
            <section aria-labelledby="loops-title">
            <h2 id="loops-title">\(ctx.t(UIText.homeLoops))</h2>
            <ul class="cards">
            \(loops.map { "<li class=\"card\"><h3>\(ctx.t($0.0))</h3><p>\(ctx.t($0.1))</p></li>" as HTML })
            </ul>
            </section>
            <section aria-labelledby="principles-title">
            <h2 id="principles-title">\(ctx.t(UIText.principlesTitle))</h2>
            <p>\(ctx.t(UIText.principlesLead))</p>
            </section>
            """
        return site.render(PageView(title: ctx.t(UIText.homeTitle), content: content), request, context)
    }

    // MARK: Sign-in

    @Sendable func signInForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let saved = request.uri.queryParameters.get("losenord") == "sparat"
        return signInPage(request, context, email: nil, errors: [], next: request.uri.queryParameters.get("next"), status: .ok,
                          notice: saved ? context.t(UIText.passwordSaved) : nil)
    }

    private func signInPage(_ request: Request, _ context: AppRequestContext, email: String?, errors: [FieldError], next: String?, status: HTTPResponse.Status, notice: String? = nil) -> Response {
        let ctx = site.pageContext(request, context)
        let content: HTML = """
            <div class="narrow">
            <h1>\(ctx.t(UIText.signIn))</h1>
            \(Form.notice(notice))
            \(Form.errorSummary(errors, ctx, labels: ["email": ctx.t(UIText.email), "password": ctx.t(UIText.password)]))
            <form method="post" action="\(SiteURL.signIn.path)" novalidate>
            \(Form.csrf(ctx))
            <input type="hidden" name="next" value="\(Site.safeReturnPath(next))">
            \(Form.text("email", label: ctx.t(UIText.email), value: email, errors: errors, ctx, type: "email", autocomplete: "username"))
            \(Form.text("password", label: ctx.t(UIText.password), value: nil, errors: errors.filter { $0.field == "password" }, ctx, type: "password", autocomplete: "current-password"))
            <button type="submit">\(ctx.t(UIText.signIn))</button>
            </form>
            <p><a href="\(SiteURL.forgotPassword.path)">\(ctx.t(UIText.forgotPassword))</a></p>
            </div>
            """
        return site.render(PageView(title: ctx.t(UIText.signIn), content: content), request, context, status: status)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await FormData.read(&request, context: context)
        do {
            let (token, _) = try await site.platform.signIn(email: form["email"], password: form["password"], client: context.clientAddress)
            var response = HTMLResponse.seeOther(Site.safeReturnPath(form["next"]))
            response.setCookie(IdentityMiddleware.cookie(IdentityMiddleware.sessionCookie, token, context: context, maxAge: Int(SessionRules.idleLifetime)))
            // The pre-sign-in form token is replaced by the session's own.
            response.setCookie(IdentityMiddleware.cookie(IdentityMiddleware.csrfCookie, "", context: context, maxAge: 0))
            return response
        } catch let error as AppError where error.status == .unprocessable || error.status == .unauthorized || error.status == .tooManyRequests {
            let errors = error.fieldErrors.isEmpty ? [FieldError("email", error.message)] : error.fieldErrors
            // Wrong credentials are a form error (422), not a missing sign-in (401): the form is shown again.
            let status: HTTPResponse.Status = error.status == .tooManyRequests ? .tooManyRequests : .unprocessableContent
            return signInPage(request, context, email: form["email"], errors: errors, next: form["next"], status: status)
        }
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let token = context.identity?.sessionToken {
            try await site.platform.signOut(token: token)
        }
        var response = HTMLResponse.seeOther(SiteURL.home.path)
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
        return forgotPage(request, context, email: nil, errors: [], notice: sent ? context.t(UIText.resetLinkSent) : nil)
    }

    private func forgotPage(_ request: Request, _ context: AppRequestContext, email: String?, errors: [FieldError], notice: String?, status: HTTPResponse.Status = .ok) -> Response {
        let ctx = site.pageContext(request, context)
        let content: HTML = """
            <div class="narrow">
            <h1>\(ctx.t(UIText.forgotPassword))</h1>
            \(Form.notice(notice))
            \(Form.errorSummary(errors, ctx))
            <p>\(ctx.t(UIText.forgotPasswordIntro))</p>
            <form method="post" action="\(SiteURL.forgotPassword.path)" novalidate>
            \(Form.csrf(ctx))
            \(Form.text("email", label: ctx.t(UIText.email), value: email, errors: errors, ctx, type: "email", autocomplete: "email"))
            <button type="submit">\(ctx.t(UIText.sendResetLink))</button>
            </form>
            </div>
            """
        return site.render(PageView(title: ctx.t(UIText.forgotPassword), content: content), request, context, status: status)
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
            forgotPage(request, context, email: form["email"], errors: errors, notice: nil, status: status)
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
        let ctx = site.pageContext(request, context)
        let title = purpose == .invitation ? ctx.t(UIText.acceptInvitation) : ctx.t(UIText.chooseNewPassword)
        let action = purpose == .invitation ? SiteURL.invitation(token: token).path : SiteURL.resetPassword(token: token).path
        let content: HTML = """
            <div class="narrow">
            <h1>\(title)</h1>
            \(Form.errorSummary(errors, ctx, labels: ["password": ctx.t(UIText.password), "password_confirmation": ctx.t(UIText.passwordConfirmation)]))
            \(purpose == .invitation ? "<p>\(ctx.t(UIText.invitationIntro(user.name)))</p>" as HTML : .empty)
            <form method="post" action="\(action)" novalidate>
            \(Form.csrf(ctx))
            <input type="hidden" name="username" value="\(user.email)" autocomplete="username">
            \(Form.text("password", label: ctx.t(UIText.password), value: nil, errors: errors, ctx, type: "password", hint: ctx.t(UIText.passwordHint), autocomplete: "new-password"))
            \(Form.text("password_confirmation", label: ctx.t(UIText.passwordConfirmation), value: nil, errors: errors, ctx, type: "password", autocomplete: "new-password"))
            <button type="submit">\(ctx.t(UIText.savePassword))</button>
            </form>
            </div>
            """
        return site.render(PageView(title: title, content: content), request, context, status: status)
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
