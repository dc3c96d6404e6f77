import Foundation
import TillitPlatform

/// Where a resident types the code from a poster or a note, in plain, easy-to-read words. A code
/// that leads nowhere is shown again as typed, with what to check beside the field.
struct CodeEntryPage {
    /// What was typed, if anything.
    let typed: String?
    let errors: [FieldError]

    func render(_ ctx: PageContext) -> PageView {
        let content: HTML = """
            <div class="narrow easy-read">
            <h1>\(ctx.t(SignalUIText.codeEntryTitle))</h1>
            <p class="lead">\(ctx.t(SignalUIText.codeEntryLead))</p>
            \(Form.errorSummary(errors, ctx, labels: ["kod": ctx.t(SignalUIText.codeEntryLabel)]))
            <form method="get" action="\(SiteURL.participantEntry.path)" novalidate>
            \(Form.text("kod", label: ctx.t(SignalUIText.codeEntryLabel), value: typed, errors: errors, ctx, hint: ctx.t(SignalUIText.codeEntryHint), autocomplete: "off"))
            <button type="submit">\(ctx.t(SignalUIText.codeEntryGo))</button>
            </form>
            </div>
            """
        return PageView(title: ctx.t(SignalUIText.codeEntryTitle), content: content, plain: true)
    }
}
