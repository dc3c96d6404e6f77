import Foundation
import TillitPlatform

/// The page after raising an anonymous signal: its receipt code, shown while the hand-over lasts.
struct ReceiptIssuedPage {
    /// The code, while the short-lived hand-over cookie lasts; nil after.
    let receipt: String?

    func render(_ ctx: PageContext) -> PageView {
        let content: HTML
        if let receipt {
            content = """
                <h1>\(ctx.t(SignalUIText.receiptTitle))</h1>
                <div class="notice" role="status"><p>\(ctx.t(SignalUIText.receiptLead))</p>
                <p>\(ctx.t(SignalUIText.receiptCode)): <code class="token">\(receipt)</code></p></div>
                <p><a href="\(SiteURL.receipt.path)">\(ctx.t(SignalUIText.receiptFollow))</a></p>
                """
        } else {
            content = """
                <h1>\(ctx.t(SignalUIText.receiptTitle))</h1>
                <p>\(ctx.t(SignalUIText.receiptNoLongerShown))</p>
                <p><a href="\(SiteURL.receipt.path)">\(ctx.t(SignalUIText.receiptFollow))</a></p>
                """
        }
        return PageView(title: ctx.t(SignalUIText.receiptTitle), content: content)
    }
}

/// Where a raiser types their receipt code; after a code that led nowhere, with what was typed.
struct ReceiptFormPage {
    let errors: [FieldError]
    let typed: String?

    func render(_ ctx: PageContext) -> PageView {
        let content: HTML = """
            <div class="narrow">
            <h1>\(ctx.t(SignalUIText.followTitle))</h1>
            \(Form.errorSummary(errors, ctx))
            <form method="post" action="\(SiteURL.receipt.path)" novalidate>\(Form.csrf(ctx))
            \(Form.text("receipt", label: ctx.t(SignalUIText.receiptCode), value: typed.map { String($0.prefix(40)) }, errors: errors, ctx, hint: ctx.t(SignalUIText.followLead), autocomplete: "off"))
            <button type="submit">\(ctx.t(SignalUIText.show))</button>
            </form>
            </div>
            """
        return PageView(title: ctx.t(SignalUIText.followTitle), content: content)
    }
}
