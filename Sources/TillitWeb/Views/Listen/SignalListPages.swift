import Foundation
import TillitFormats
import TillitListen
import TillitStorage
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
    var pages = OverviewPages.first
    let isManager: Bool

    /// The query parameters of the lists' pages: to answer, raised, of my units.
    static let parameters = ["besvara", "lyfta", "enheter"]

    func render(_ ctx: PageContext) -> PageView {
        let data = overview
        let content: HTML = """
            <h1>\(ctx.t(SignalUIText.signals))</h1>
            <p class="actions"><a class="button-link" href="\(SiteURL.signalNew.path)">\(ctx.t(SignalUIText.raiseTitle))</a>
            <a href="\(SiteURL.receipt.path)">\(ctx.t(SignalUIText.receiptFollow))</a></p>
            \(data.toAnswer.total == 0 && !isManager ? .empty : """
                <section aria-labelledby="to-answer"><h2 id="to-answer">\(ctx.t(SignalUIText.toAnswer))</h2>
                \(list(data.toAnswer, 0, "to-answer", ctx.t(SignalUIText.toAnswer), ctx))\(more(data.moreToAnswer, .moreWaiting(data.limit), ctx))</section>
                """ as HTML)
            <section aria-labelledby="raised"><h2 id="raised">\(ctx.t(SignalUIText.raisedByMe))</h2>
            \(list(data.raised, 1, "raised", ctx.t(SignalUIText.raisedByMe), ctx))\(more(data.moreRaised, .moreNewest(data.limit), ctx))</section>
            <section aria-labelledby="my-units"><h2 id="my-units">\(ctx.t(SignalUIText.ofMyUnits))</h2>
            \(list(data.ofMyUnits, 2, "my-units", ctx.t(SignalUIText.ofMyUnits), ctx))\(more(data.moreOfMyUnits, .moreNewest(data.limit), ctx))</section>
            """
        return PageView(title: ctx.t(SignalUIText.signals), content: content)
    }

    /// A page of one list, and links to its other pages that keep the other lists where they are.
    private func list(_ page: Page<Signal>, _ index: Int, _ fragment: String, _ name: String, _ ctx: PageContext) -> HTML {
        let current = [pages.toAnswer.page, pages.raised.page, pages.ofMyUnits.page]
        let others = Self.parameters.indices.filter { $0 != index && current[$0] > 1 }.map { "\(Self.parameters[$0])=\(current[$0])" }
        let path = SiteURL.signals.path + (others.isEmpty ? "" : "?" + others.joined(separator: "&"))
        return """
            \(SignalList.render(page.items, overdue: overview.overdue, trees: overview.trees, ctx))\
            \(Form.pager(page, path: path, parameter: Self.parameters[index], list: name, fragment: fragment, ctx))
            """
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
