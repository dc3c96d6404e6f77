import Foundation
import TillitPlatform

/// Where a person who has forgotten their password asks for a link to choose a new one; once
/// asked, the same words whether or not the address has an account.
struct ForgotPasswordPage {
    /// The address as typed.
    var email: String? = nil
    var errors: [FieldError] = []
    /// Whether the link has just been asked for.
    var sent = false

    func render(_ ctx: PageContext) -> PageView {
        let notice = sent ? ctx.t(UIText.resetLinkSent) : nil
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
        return PageView(title: ctx.t(UIText.forgotPassword), content: content)
    }
}
