import Foundation
import TillitLearn
import TillitPlatform

/// Where a reader reports a problem with a published example (a reason and a description, with a
/// hidden field that catches robots), and the thanks once it is sent.
struct ProblemReportPage {
    let example: Example
    var form = FormData(pairs: [])
    var errors: [FieldError] = []
    /// Whether the report has been sent (the thanks).
    var sent = false

    func render(_ ctx: PageContext) -> PageView {
        let labels = ["reason": ctx.t(LearnUI.reason), "text": ctx.t(LearnUI.describe)]
        let content: HTML = sent ? """
            <h1>\(ctx.t(LearnUI.reportProblem))</h1>
            \(Form.notice(ctx.t(LearnUI.problemThanks)))
            <p><a href="\(SiteURL.example(id: example.id).path)">\(example.title)</a></p>
            """ : """
            <h1>\(ctx.t(LearnUI.reportProblem))</h1>
            <p class="lead">\(example.title)</p>
            \(Form.errorSummary(errors, ctx, labels: labels))
            <form method="post" action="\(LearnURL.exampleProblem(example.id))" novalidate>\(Form.csrf(ctx))
            \(Form.radios("reason", legend: labels["reason"]!, options: ProblemReason.allCases.map { ($0.rawValue, ctx.t($0.label)) }, selected: form["reason"], errors: errors, ctx))
            \(Form.textarea("text", label: labels["text"]!, value: form["text"], errors: errors, ctx, hint: ctx.t(LearnUI.describeHint), rows: 5))
            <div class="hp" aria-hidden="true"><label for="field-website">\(ctx.t(SignalUIText.participantHoneypot))</label><input type="text" id="field-website" name="website" tabindex="-1" autocomplete="off"></div>
            <button type="submit">\(ctx.t(LearnUI.send))</button>
            </form>
            """
        return PageView(title: ctx.t(LearnUI.reportProblem), breadcrumbs: [(ctx.t(KnowledgeUIText.bank), SiteURL.knowledge.path),
                                                                        (example.title, SiteURL.example(id: example.id).path)],
                        content: content)
    }
}
