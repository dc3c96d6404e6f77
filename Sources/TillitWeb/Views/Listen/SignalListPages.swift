import Foundation
import TillitFormats
import TillitListen
import TillitPlatform

/// A list of signals: the first line of each, its kind, unit and status, and whether it is overdue.
enum SignalList {
    static func render(_ items: [TillitListen.Signal], overdue: Set<Int64>, trees: [Int64: UnitTree], _ ctx: PageContext) -> HTML {
        guard !items.isEmpty else { return "<p>\(ctx.t(SignalUIText.nothingHere))</p>" }
        return """
            <ul class="plain-list signal-list">\(items.map { signal in
                """
                <li><a href="\(SiteURL.signal(id: signal.id).path)">\(SignalController.excerpt(SignalController.shown(signal.text, ctx)))</a>
                <span class="meta">\(ctx.t(signal.kind.label)) · \(trees[signal.organisationID]?[signal.unitID]?.name ?? "–") · \(ctx.t(signal.status.label))</span>\(overdue.contains(signal.id) ? " <span class=\"tag\">\(ctx.t(SignalUIText.overdue))</span>" as HTML : .empty)</li>
                """ as HTML
            })</ul>
            """
    }
}

/// The signals page: what waits for the viewer's answer (for managers), what they raised, and
/// what concerns the units they work in.
struct SignalsOverviewPage {
    let overview: SignalOverview
    let isManager: Bool

    func render(_ ctx: PageContext) -> PageView {
        let data = overview
        let content: HTML = """
            <h1>\(ctx.t(SignalUIText.signals))</h1>
            <p class="actions"><a class="button-link" href="\(SiteURL.signalNew.path)">\(ctx.t(SignalUIText.raiseTitle))</a>
            <a href="\(SiteURL.receipt.path)">\(ctx.t(SignalUIText.receiptFollow))</a></p>
            \(data.toAnswer.isEmpty && !isManager ? .empty : """
                <section aria-labelledby="to-answer"><h2 id="to-answer">\(ctx.t(SignalUIText.toAnswer))</h2>
                \(SignalList.render(data.toAnswer, overdue: data.overdue, trees: data.trees, ctx))\(more(data.moreToAnswer, .moreWaiting(data.limit), ctx))</section>
                """ as HTML)
            <section aria-labelledby="raised"><h2 id="raised">\(ctx.t(SignalUIText.raisedByMe))</h2>
            \(SignalList.render(data.raised, overdue: data.overdue, trees: data.trees, ctx))\(more(data.moreRaised, .moreNewest(data.limit), ctx))</section>
            <section aria-labelledby="my-units"><h2 id="my-units">\(ctx.t(SignalUIText.ofMyUnits))</h2>
            \(SignalList.render(data.ofMyUnits, overdue: data.overdue, trees: data.trees, ctx))\(more(data.moreOfMyUnits, .moreNewest(data.limit), ctx))</section>
            """
        return PageView(title: ctx.t(SignalUIText.signals), content: content)
    }

    /// What a list that reached its limit says under it.
    private func more(_ cut: Bool, _ text: SignalUIText, _ ctx: PageContext) -> HTML {
        cut ? "<p class=\"hint\">\(ctx.t(text))</p>" : .empty
    }
}

/// The form for raising a signal.
struct RaiseSignalPage {
    let form: FormData
    let errors: [FieldError]
    /// The units the signal may concern, indented by depth.
    let units: [(value: String, label: String)]

    func render(_ ctx: PageContext) -> PageView {
        let labels = ["kind": ctx.t(SignalUIText.kind), "text": ctx.t(SignalUIText.text), "unit_id": ctx.t(SignalUIText.concernsUnit),
                      "affects": ctx.t(SignalUIText.affects), "suggestion": ctx.t(SignalUIText.suggestion)]
        let content: HTML = """
            <h1>\(ctx.t(SignalUIText.raiseTitle))</h1>
            <p class="lead">\(ctx.t(SignalUIText.raiseLead))</p>
            \(Form.errorSummary(errors, ctx, labels: labels))
            <form method="post" action="\(SiteURL.signalNew.path)" novalidate>
            \(Form.csrf(ctx))
            \(Form.radios("kind", legend: ctx.t(SignalUIText.kind), options: SignalKind.allCases.map { ($0.rawValue, ctx.t($0.label)) }, selected: form["kind"], errors: errors, ctx))
            \(Form.textarea("text", label: ctx.t(SignalUIText.text), value: form["text"], errors: errors, ctx, hint: ctx.t(SignalUIText.textHint)))
            \(Form.select("unit_id", label: ctx.t(SignalUIText.concernsUnit), options: units, selected: form["unit_id"], errors: errors, ctx))
            \(Form.select("affects", label: ctx.t(SignalUIText.affects), options: [("", ctx.t(SignalUIText.notSaid))] + SignalAffects.allCases.map { ($0.rawValue, ctx.t($0.label)) }, selected: form["affects"], errors: errors, ctx))
            \(Form.textarea("suggestion", label: ctx.t(SignalUIText.suggestion), value: form["suggestion"], errors: errors, ctx, required: false, rows: 3))
            \(Form.checkbox("anonymous", label: ctx.t(SignalUIText.anonymous), checked: form["anonymous"] == "1", hint: ctx.t(SignalUIText.anonymousHint)))
            <button type="submit">\(ctx.t(SignalUIText.raise))</button>
            </form>
            """
        return PageView(title: ctx.t(SignalUIText.raiseTitle), breadcrumbs: [(ctx.t(SignalUIText.signals), SiteURL.signals.path)], content: content)
    }
}
