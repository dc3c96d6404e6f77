import Foundation
import TillitPlatform
import TillitStorage

/// The page a one-time link opens: choosing a new password after a reset, or accepting an
/// invitation by choosing one.
struct PasswordLinkPage {
    let purpose: OneTimePurpose
    /// The link's token, which the form sends back.
    let token: String
    /// The person the link is for.
    let user: User
    var errors: [FieldError] = []

    func render(_ ctx: PageContext) -> PageView {
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
        return PageView(title: title, content: content)
    }
}
