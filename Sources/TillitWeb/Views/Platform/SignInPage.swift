import Foundation
import TillitPlatform

/// The sign-in form, with where to go afterwards and the way to a forgotten password.
struct SignInPage {
    /// The address as typed.
    var email: String? = nil
    var errors: [FieldError] = []
    /// Where to go after signing in (`next`), as asked; only a path on this site is kept.
    let next: String?
    /// Whether a new password has just been saved.
    var passwordSaved = false
    /// The organisations whose people sign in with their own identity provider, by name.
    var signOnOrganisations: [Organisation] = []

    func render(_ ctx: PageContext) -> PageView {
        let notice = passwordSaved ? ctx.t(UIText.passwordSaved) : nil
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
            \(signOn(ctx))
            </div>
            """
        return PageView(title: ctx.t(UIText.signIn), content: content)
    }

    /// One link per organisation with its own sign-in: links, not a form, because the browser goes
    /// on to the organisation's provider (see `SignOnController`).
    func signOn(_ ctx: PageContext) -> HTML {
        guard !signOnOrganisations.isEmpty else { return .empty }
        let next = Site.safeReturnPath(next)
        let links: [HTML] = signOnOrganisations.map { organisation in
            let path = next == "/" ? SiteURL.signOnStart(slug: organisation.slug).path : SiteURL.signOnStart(slug: organisation.slug).with(query: [("next", next)])
            return "<li><a class=\"button-link\" href=\"\(path)\">\(ctx.t(UIText.signInWith(organisation.name)))</a></li>"
        }
        return """
            <section aria-labelledby="sign-on-heading">
            <h2 id="sign-on-heading">\(ctx.t(UIText.signOnHeading))</h2>
            <p>\(ctx.t(UIText.signOnIntro))</p>
            <ul class="plain-list">\(links)</ul>
            </section>
            """
    }
}

/// After signing out, with the provider's sign-out where the session came from one.
struct SignedOutPage {
    /// The organisation's name and its provider's end-session address.
    let provider: (name: String, url: String)?

    func render(_ ctx: PageContext) -> PageView {
        let content: HTML = """
            <div class="narrow">
            <h1>\(ctx.t(UIText.signedOutTitle))</h1>
            <p>\(ctx.t(UIText.signedOutText))</p>
            \(provider.map { provider in
                "<p>\(ctx.t(UIText.signedOutProviderText(provider.name)))</p><p><a class=\"button-link\" href=\"\(provider.url)\">\(ctx.t(UIText.signOutAtProvider(provider.name)))</a></p>" as HTML
            })
            <p><a href="\(SiteURL.signIn.path)">\(ctx.t(UIText.signInAgain))</a></p>
            </div>
            """
        return PageView(title: ctx.t(UIText.signedOutTitle), content: content)
    }
}
