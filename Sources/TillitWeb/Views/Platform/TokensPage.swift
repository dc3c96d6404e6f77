import Foundation
import TillitPlatform

/// A person's API tokens: the form for a new one, a new token shown once, and the active tokens
/// with a way to revoke each.
struct TokensPage {
    let tokens: [APIToken]
    /// A token just created, shown this once.
    var created: String? = nil
    var errors: [FieldError] = []

    func render(_ ctx: PageContext) -> PageView {
        let list: HTML = tokens.isEmpty ? .empty : """
            <h2>\(ctx.t(UIText.activeTokens))</h2>
            <ul class="plain-list">\(tokens.map { token in
                """
                <li>\(token.name) <span class="meta">\(ctx.t(UIText.createdOn)) \(Form.dateTime(token.createdAt))</span>
                <form method="post" action="\(SiteURL.tokenRevoke(id: token.id).path)" class="inline-form">\(Form.csrf(ctx))\
                <button type="submit" class="link-button">\(ctx.t(UIText.revoke))<span class="visually-hidden">: \(token.name)</span></button></form></li>
                """ as HTML
            })</ul>
            """
        let createdBox: HTML = created.map {
            "<div class=\"notice\" role=\"status\"><h2>\(ctx.t(UIText.tokenCreated))</h2><p>\(ctx.t(UIText.tokenShownOnce))</p><p><code class=\"token\">\($0)</code></p></div>"
        } ?? .empty
        let content: HTML = """
            <h1>\(ctx.t(UIText.apiTokens))</h1>
            \(createdBox)
            \(Form.errorSummary(errors, ctx))
            <p>\(ctx.t(UIText.apiTokensIntro))</p>
            <form method="post" action="\(SiteURL.tokens.path)" novalidate>
            \(Form.csrf(ctx))
            \(Form.text("name", label: ctx.t(UIText.tokenName), value: nil, errors: errors, ctx))
            <button type="submit">\(ctx.t(UIText.createToken))</button>
            </form>
            \(list)
            """
        return PageView(title: ctx.t(UIText.apiTokens), breadcrumbs: [(ctx.t(UIText.myPage), SiteURL.me.path)], content: content)
    }
}
