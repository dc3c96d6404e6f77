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
            </div>
            """
        return PageView(title: ctx.t(UIText.signIn), content: content)
    }
}
